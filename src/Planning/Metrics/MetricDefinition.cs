namespace ClusterSim.Planning.Metrics;

/// <summary>How a metric's values are written and read: plain numbers, seconds (objectives may use durations), or fractions.</summary>
public enum MetricUnit
{
    Number,
    Seconds,
    Fraction,
}

/// <summary>A metric measured on every run (a column of runs.csv). <see cref="Description"/> says exactly what is measured.</summary>
public sealed record MetricDefinition(string Name, MetricUnit Unit, bool HigherIsBetter, string Description);
