using System.Globalization;
using FsCheck;

namespace ClusterSim.Properties;

/// <summary>
/// How many cases each property tries: a small default that keeps CI within its budget, raised for long
/// runs with the environment variable CLUSTERSIM_PROPERTY_RUNS.
/// </summary>
public static class PropertyRuns
{
    /// <summary>The number of cases per property.</summary>
    public static int Count(int ciDefault)
    {
        var value = Environment.GetEnvironmentVariable("CLUSTERSIM_PROPERTY_RUNS");
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciDefault;
    }

    /// <summary>An FsCheck configuration that throws on failure, with a fixed replay seed for CI reproducibility.</summary>
    public static Config Config(int ciDefault) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Count(ciDefault)).WithQuietOnSuccess(true);
}
