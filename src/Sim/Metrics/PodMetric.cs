namespace ClusterSim.Sim.Metrics;

/// <summary>
/// One pod's value of a resource metric as the resource metrics API reports it (metrics.k8s.io PodMetrics,
/// summed over the pod's containers): <see cref="Value"/> in milli-units (millicores for cpu, millibytes for
/// memory, as pkg/controller/podautoscaler/metrics/client.go uses MilliValue), measured at
/// <see cref="Timestamp"/> over the preceding <see cref="Window"/>.
/// </summary>
public readonly record struct PodMetric(TimeSpan Timestamp, TimeSpan Window, long Value);
