using ClusterSim.Sim.Api;
using ClusterSim.Sim.Metrics;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// An in-memory resource metrics API: returns the metrics it was given (whatever the selector), or, when given
/// none, the metrics client's error for an empty list (metrics/client.go "no metrics returned from resource metrics API").
/// </summary>
public sealed class FakeResourceMetricsClient(IReadOnlyDictionary<string, PodMetric> metrics) : IResourceMetricsClient
{
    public const string NoMetricsError = "no metrics returned from resource metrics API";

    public int Calls { get; private set; }

    public SortedDictionary<string, PodMetric>? GetResourceMetric(string resource, string ns, Selector selector, out string? error)
    {
        Calls++;
        if (metrics.Count == 0)
        {
            error = NoMetricsError;
            return null;
        }

        error = null;
        return new SortedDictionary<string, PodMetric>(metrics.ToDictionary(), StringComparer.Ordinal);
    }
}
