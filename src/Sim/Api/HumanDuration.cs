using System.Globalization;

namespace ClusterSim.Sim.Api;

/// <summary>
/// Human-readable, limited-precision durations as printed by kubectl (e.g. the AGE column):
/// a port of k8s.io/apimachinery/pkg/util/duration/duration.go.
/// </summary>
/// <remarks>
/// The Go functions take an int64-nanosecond time.Duration; a <see cref="TimeSpan"/> outside that
/// range (about ±292 years) is saturated to it first, as Go's Time.Sub does. A year is 365 days.
/// </remarks>
public static class HumanDuration
{
    private const long Second = 1_000_000_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;

    /// <summary>
    /// Succinct one-unit form (Go duration.ShortHumanDuration): <c>59s</c>, <c>5m</c>, <c>23h</c>,
    /// <c>364d</c>, <c>2y</c>. Values down to -1s (exclusive of -2s) print as <c>0s</c> to tolerate
    /// clock skew; anything more negative prints <c>&lt;invalid&gt;</c>.
    /// </summary>
    public static string ShortHumanDuration(TimeSpan duration) => ShortHumanDurationNanoseconds(ToGoNanoseconds(duration));

    /// <summary>
    /// kubectl's AGE form with ~2-3 significant figures (Go duration.HumanDuration): <c>119s</c>,
    /// <c>3m10s</c>, <c>70m</c>, <c>3h1m</c>, <c>47h</c>, <c>2d1h</c>, <c>367d</c>, <c>2y1d</c>, <c>8y</c>.
    /// Values down to -1s print as <c>0s</c>; more negative values print <c>&lt;invalid&gt;</c>.
    /// Named Format because C# forbids a member named like its class.
    /// </summary>
    public static string Format(TimeSpan duration) => HumanDurationNanoseconds(ToGoNanoseconds(duration));

    // Port of ShortHumanDuration (k8s.io/apimachinery/pkg/util/duration/duration.go).
    internal static string ShortHumanDurationNanoseconds(long d)
    {
        var seconds = (long)Seconds(d);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = (long)Minutes(d);
        if (minutes < 60)
        {
            return Invariant($"{minutes}m");
        }

        var hours = (long)Hours(d);
        if (hours < 24)
        {
            return Invariant($"{hours}h");
        }

        if (hours < 24 * 365)
        {
            return Invariant($"{hours / 24}d");
        }

        return Invariant($"{(long)(Hours(d) / 24 / 365)}y");
    }

    // Port of HumanDuration (k8s.io/apimachinery/pkg/util/duration/duration.go).
    internal static string HumanDurationNanoseconds(long d)
    {
        var seconds = (long)Seconds(d);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = d / Minute;
        if (minutes < 10)
        {
            var s = d / Second % 60;
            return s == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{s}s");
        }

        if (minutes < 60 * 3)
        {
            return Invariant($"{minutes}m");
        }

        var hours = d / Hour;
        if (hours < 8)
        {
            var m = d / Minute % 60;
            return m == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Invariant($"{hours / 24}d") : Invariant($"{hours / 24}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Invariant($"{hours / 24 / 365}y") : Invariant($"{hours / 24 / 365}y{dy}d");
        }

        return Invariant($"{hours / 24 / 365}y");
    }

    // Go's Duration.Seconds/Minutes/Hours: integer part plus float64 remainder, as in src/time/time.go.
    private static double Seconds(long d) => (double)(d / Second) + ((double)(d % Second) / 1e9);

    private static double Minutes(long d) => (double)(d / Minute) + ((double)(d % Minute) / (60 * 1e9));

    private static double Hours(long d) => (double)(d / Hour) + ((double)(d % Hour) / (60 * 60 * 1e9));

    private static long ToGoNanoseconds(TimeSpan duration)
    {
        var nanoseconds = (Int128)duration.Ticks * TimeSpan.NanosecondsPerTick;
        return nanoseconds > long.MaxValue ? long.MaxValue : nanoseconds < long.MinValue ? long.MinValue : (long)nanoseconds;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
