using ClusterSim.Planning.Model;

namespace ClusterSim.Planning.Analysis;

/// <summary>
/// Everything the report says about one configuration: its cost (mean over runs), the pass probability with
/// its interval, each metric's summary, each objective's verdict, the overall verdict (the worst objective),
/// for an inconclusive one about how many runs would decide it, and the paired test against the next-cheaper
/// configuration (null for the cheapest).
/// </summary>
public sealed record ConfigSummary(
    Configuration Config,
    int Runs,
    double Cost,
    double NodeHours,
    ProportionEstimate Pass,
    IReadOnlyList<MetricSummary> Metrics,
    IReadOnlyList<ObjectiveOutcome> Objectives,
    Verdict Verdict,
    int? RunsToDecide,
    PairedComparison? VersusCheaper);
