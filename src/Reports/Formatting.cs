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
}
