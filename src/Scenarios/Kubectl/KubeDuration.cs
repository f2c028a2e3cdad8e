using System.Globalization;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A private copy of apimachinery's pkg/util/duration, until ClusterSim.Sim.Api's HumanDuration merges:
/// every caller in this folder goes through <see cref="HumanDuration"/>, so swapping it is one line.
/// </summary>
internal static class KubeDuration
{
    /// <summary>duration.HumanDuration: ~2-3 significant figures ("11s", "5m30s", "5m", "3h20m", "2d3h", "1y20d").</summary>
    public static string HumanDuration(TimeSpan d)
    {
        // Go: int(d.Seconds()) truncates toward zero; deviations down to -1s count as "now".
        long seconds = d.Ticks / TimeSpan.TicksPerSecond;
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

        long minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            long s = seconds % 60;
            return s == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{s}s");
        }

        if (minutes < 60 * 3)
        {
            return Invariant($"{minutes}m");
        }

        long hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            long m = minutes % 60;
            return m == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            long h = hours % 24;
            return h == 0 ? Invariant($"{hours / 24}d") : Invariant($"{hours / 24}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            long dy = hours / 24 % 365;
            return dy == 0 ? Invariant($"{hours / 24 / 365}y") : Invariant($"{hours / 24 / 365}y{dy}d");
        }

        return Invariant($"{hours / 24 / 365}y");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
