using ClusterSim.Planning.Model;

namespace ClusterSim.Planning.Analysis;

/// <summary>
/// The outcome of a plan: every configuration's summary in grid order, the recommended one (the cheapest that
/// meets every objective; null when none does), the answer as the report's first line, and sentences a planner
/// reads (what the intervals mean for this plan).
/// </summary>
public sealed record PlanAnalysis(
    PlanDescription Plan,
    IReadOnlyList<ConfigSummary> Configs,
    int? Recommended,
    string Answer,
    IReadOnlyList<string> Notes);
