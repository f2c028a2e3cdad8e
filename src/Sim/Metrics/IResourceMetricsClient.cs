using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Metrics;

/// <summary>
/// The HPA's view of the resource metrics API (pkg/controller/podautoscaler/metrics MetricsClient.GetResourceMetric):
/// per-pod values of a resource for the pods a selector matches in a namespace. Pods without metrics yet
/// are absent from the map. Keys are pod names, in ordinal order.
/// </summary>
public interface IResourceMetricsClient
{
    /// <summary>
    /// The metric of <paramref name="resource"/> ("cpu" or "memory") for the matching pods, or null with
    /// <paramref name="error"/> set when the API has nothing at all (Kubernetes: "no metrics returned from resource metrics API").
    /// </summary>
    SortedDictionary<string, PodMetric>? GetResourceMetric(string resource, string ns, Selector selector, out string? error);
}
