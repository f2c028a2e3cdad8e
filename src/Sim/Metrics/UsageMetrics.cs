namespace ClusterSim.Sim.Metrics;

/// <summary>
/// A pod's or node's entry in the resource metrics API (metrics.k8s.io PodMetrics/NodeMetrics, containers
/// summed): CPU in millicores averaged over <see cref="Window"/> ending at <see cref="Timestamp"/> (rounded
/// up from nanocores, as Quantity.MilliValue does), and the working set in bytes at <see cref="Timestamp"/>.
/// </summary>
public readonly record struct UsageMetrics(TimeSpan Timestamp, TimeSpan Window, long CpuMilli, long MemoryBytes);
