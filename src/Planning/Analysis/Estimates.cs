namespace ClusterSim.Planning.Analysis;

/// <summary>A proportion (the pass probability) with its 95% interval and the method that gave it ("Wilson" or "Clopper-Pearson").</summary>
public sealed record ProportionEstimate(int Successes, int Trials, double Point, double Lower, double Upper, string Method);

/// <summary>
/// A quantile of a metric over the runs: the point estimate and the 95% distribution-free interval from order
/// statistics; a bound is null when there are too few runs to give it at 95%.
/// </summary>
public sealed record QuantileEstimate(double Probability, double Point, double? Lower, double? Upper);

/// <summary>A metric over the runs of one configuration: its mean and its p50, p95 and p99 with intervals.</summary>
public sealed record MetricSummary(string Metric, double Mean, double Min, double Max, QuantileEstimate P50, QuantileEstimate P95, QuantileEstimate P99);

/// <summary>
/// McNemar's exact test of one configuration against the next-cheaper one on the same seeds: the runs only
/// this configuration passed, the runs only the cheaper one passed, and the two-sided p-value. The cheaper one
/// is significantly worse when it fails more of the shared seeds with p &lt; 0.05.
/// </summary>
public sealed record PairedComparison(int CheaperConfig, int OnlyThisPassed, int OnlyCheaperPassed, double PValue)
{
    public bool CheaperIsWorse => OnlyThisPassed > OnlyCheaperPassed && PValue < 0.05;
}

/// <summary>One objective's verdict for one configuration, with the estimate that decided it in words ("0.98 [0.93, 0.99] >= 0.95").</summary>
public sealed record ObjectiveOutcome(string Objective, Verdict Verdict, string Evidence);
