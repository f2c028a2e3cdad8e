using System.Globalization;

namespace ClusterSim.Reports;

/// <summary>Invariant number and time formatting shared by the report writers.</summary>
public static class Formatting
{
    /// <summary>Seconds with up to 3 decimals, invariant culture (e.g. `90`, `12.5`).</summary>
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Seconds from ticks.</summary>
    public static string Seconds(long ticks) => Seconds(new TimeSpan(ticks));

    /// <summary>A number in the shortest round-trip form, invariant culture.</summary>
    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Virtual time as hh:mm:ss (hours may exceed 24).</summary>
    public static string Clock(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}");

    /// <summary>
    /// Seconds as a Go-style duration a planner reads at a glance: tenths of a second below a minute (`0s`, `45.5s`),
    /// whole seconds from a minute on (`2m30s`, `1h0m5s`); "n/a" for a value that is not finite.
    /// </summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "n/a";
        }

        if (seconds < 0)
        {
            return "-" + Duration(-seconds);
        }

        double tenths = Math.Round(seconds, 1, MidpointRounding.AwayFromZero);
        if (tenths < 60)
        {
            return tenths.ToString("0.#", CultureInfo.InvariantCulture) + "s";
        }

        long total = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
        long h = total / 3600, m = total % 3600 / 60, s = total % 60;
        return h > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{h}h{m}m{s}s")
            : string.Create(CultureInfo.InvariantCulture, $"{m}m{s}s");
    }
}
