using ClusterSim.Sim.Metrics;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>The usage ratios of pkg/controller/podautoscaler/metrics/utilization.go.</summary>
public static class ResourceUtilization
{
    /// <summary>Kubernetes' error when no metric belongs to a pod with a known request.</summary>
    public const string NoMetricsMatchedKnownPods = "no metrics returned matched known pods";

    /// <summary>
    /// metrics/utilization.go GetResourceUtilizationRatio: total usage over total request of the pods that have
    /// both, as a whole percentage rounded down (integer division, as Kubernetes does), divided by the target;
    /// also returns that percentage and the raw average usage in milli-units. Error when no metric has a request.
    /// </summary>
    public static (double Ratio, int Utilization, long RawAverageValue, string? Error) GetResourceUtilizationRatio(
        IReadOnlyDictionary<string, PodMetric> metrics, IReadOnlyDictionary<string, long> requests, int targetUtilization)
    {
        long metricsTotal = 0;
        long requestsTotal = 0;
        int numEntries = 0;

        // Sums only, so the order of the metrics does not matter.
        foreach (var (podName, metric) in metrics)
        {
            if (!requests.TryGetValue(podName, out var request))
            {
                // Missing requests are checked elsewhere: a metric without a request is extraneous.
                continue;
            }

            metricsTotal += metric.Value;
            requestsTotal += request;
            numEntries++;
        }

        // The set of requests can be disjoint from the set of metrics, which would divide by zero.
        if (requestsTotal == 0)
        {
            return (0, 0, 0, NoMetricsMatchedKnownPods);
        }

        int currentUtilization = (int)(metricsTotal * 100 / requestsTotal);
        return ((double)currentUtilization / targetUtilization, currentUtilization, metricsTotal / numEntries, null);
    }

    /// <summary>
    /// metrics/utilization.go GetMetricUsageRatio: the average of the metrics (integer division) over the target
    /// value, and that average. The caller guarantees at least one metric.
    /// </summary>
    public static (double Ratio, long Usage) GetMetricUsageRatio(IReadOnlyDictionary<string, PodMetric> metrics, long targetUsage)
    {
        long metricsTotal = 0;
        foreach (var metric in metrics.Values)
        {
            metricsTotal += metric.Value;
        }

        long currentUsage = metricsTotal / metrics.Count;
        return ((double)currentUsage / targetUsage, currentUsage);
    }
}
