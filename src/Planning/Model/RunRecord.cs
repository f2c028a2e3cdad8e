namespace ClusterSim.Planning.Model;

/// <summary>
/// One run of a plan: configuration <see cref="Config"/>, run <see cref="Run"/> (0-based) at <see cref="Seed"/>.
/// <see cref="Values"/> holds one number per metric of <see cref="Metrics.MetricCatalog.All"/>, in that order;
/// a row of runs.csv. <see cref="Failures"/> names what failed ("" when the run passed): the expectations'
/// locations, violated invariants and per-run objectives, separated by "; ".
/// </summary>
public sealed record RunRecord(int Config, int Run, long Seed, bool Passed, string Failures, IReadOnlyList<double> Values)
{
    /// <summary>The value of the metric named <paramref name="metric"/>.</summary>
    public double Value(string metric) => Values[Metrics.MetricCatalog.IndexOf(metric)];
}
