namespace ClusterSim.Fuzzing;

/// <summary>
/// Bounds of generated scenarios. The defaults are those of issue 6 (10-40 minute runs, up to 6 nodes and 3
/// workloads); properties that run each case use shorter durations to stay within the CI budget.
/// </summary>
public sealed record ScenarioOptions
{
    public static readonly ScenarioOptions Default = new();

    /// <summary>Shortest run, in whole minutes.</summary>
    public int MinDurationMinutes { get; init; } = 10;

    /// <summary>Longest run, in whole minutes.</summary>
    public int MaxDurationMinutes { get; init; } = 40;

    /// <summary>At most this many nodes over all pools (at least 1).</summary>
    public int MaxNodes { get; init; } = 6;

    /// <summary>At most this many workloads (each with its Service, maybe an HPA and a load).</summary>
    public int MaxWorkloads { get; init; } = 3;

    /// <summary>At most this many kubectl actions in the timeline.</summary>
    public int MaxActions { get; init; } = 5;

    /// <summary>At most this many faults (a crash and its recovery count as one).</summary>
    public int MaxFaults { get; init; } = 3;
}
