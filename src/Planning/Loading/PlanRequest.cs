namespace ClusterSim.Planning.Loading;

/// <summary>
/// What the command line asks of `clustersim plan`: a scenario file (the plan is then made of the flags) or a
/// plan file (`kind: Plan`; flags override its fields, and a `--vary` of a key the plan varies replaces it).
/// </summary>
public sealed record PlanRequest(string Path)
{
    public IReadOnlyList<string> Vary { get; init; } = [];

    public int? Runs { get; init; }

    public long? Seed { get; init; }

    public double? Target { get; init; }

    public IReadOnlyList<string> Objectives { get; init; } = [];

    public bool Point { get; init; }
}
