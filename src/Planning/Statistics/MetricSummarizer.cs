using ClusterSim.Planning.Analysis;
using MathNet.Numerics.Statistics;

namespace ClusterSim.Planning.Statistics;

/// <summary>
/// One metric over the runs of one configuration: mean (MathNet), min, max, and p50, p95 and p99 each with its
/// 95% distribution-free interval (<see cref="QuantileInterval"/>). Deterministic: the result depends only on
/// the multiset of values, not their order (the mean too is taken over the sorted copy).
/// </summary>
public static class MetricSummarizer
{
    /// <summary>
    /// Summarizes <paramref name="values"/> (non-empty, no NaN, not changed) under the name
    /// <paramref name="metric"/>. O(n log n): one sorted copy shared by the three quantiles.
    /// </summary>
    /// <exception cref="ArgumentException">values is empty or contains NaN.</exception>
    public static MetricSummary Summarize(string metric, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(values);
        double[] sorted = QuantileInterval.SortedCopy(values);
        double mean = ArrayStatistics.Mean(sorted);
        double confidence = ProportionInterval.DefaultConfidence;
        return new MetricSummary(
            metric,
            mean,
            sorted[0],
            sorted[^1],
            QuantileInterval.EstimateSorted(sorted, 0.50, confidence),
            QuantileInterval.EstimateSorted(sorted, 0.95, confidence),
            QuantileInterval.EstimateSorted(sorted, 0.99, confidence));
    }
}
