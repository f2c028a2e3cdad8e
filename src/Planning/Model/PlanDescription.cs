namespace ClusterSim.Planning.Model;

/// <summary>
/// What a report needs to know about a plan, independent of where its runs were made: one process, or shards
/// merged later (a shard's manifest carries it, so `plan merge` needs neither the plan nor the scenario file).
/// </summary>
/// <param name="Name">The plan's name (the scenario's name for a plan given by flags).</param>
/// <param name="ScenarioPath">The scenario file as the plan names it (for the reproduce commands).</param>
/// <param name="ScenarioName">The scenario's metadata.name.</param>
/// <param name="BaseSeed">Run i of every configuration uses seed BaseSeed + i.</param>
/// <param name="Runs">Runs per configuration.</param>
/// <param name="Target">The probability every objective must be met with (default 0.95).</param>
/// <param name="PointVerdicts">`--point`: verdicts from point estimates instead of intervals.</param>
/// <param name="Axes">The varied keys, in order.</param>
/// <param name="Configurations">The grid, first axis slowest.</param>
/// <param name="Expectations">Whether the scenario's expectations (and the invariants) are an objective.</param>
/// <param name="RunObjectives">Per-run thresholds, as written (`servedFraction >= 0.999`): a run passes when all hold.</param>
/// <param name="QuantileObjectives">Thresholds on a statistic over runs (`recoveryTime.p95 <= 2m`), as written.</param>
/// <param name="CostUnit">"node-hours", or the currency of the plan's prices.</param>
/// <param name="CostTable">How a node is priced, in words (for the report).</param>
public sealed record PlanDescription(
    string Name,
    string ScenarioPath,
    string ScenarioName,
    long BaseSeed,
    int Runs,
    double Target,
    bool PointVerdicts,
    IReadOnlyList<Axis> Axes,
    IReadOnlyList<Configuration> Configurations,
    bool Expectations,
    IReadOnlyList<string> RunObjectives,
    IReadOnlyList<string> QuantileObjectives,
    string CostUnit,
    string CostTable)
{
    /// <summary>The seed of run <paramref name="run"/> (0-based) of every configuration: common random numbers.</summary>
    public long SeedOf(int run) => BaseSeed + run;
}
