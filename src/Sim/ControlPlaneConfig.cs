namespace ClusterSim.Sim;

/// <summary>
/// Control-plane timings and thresholds (scenario section `controlPlane`). Every default is the
/// Kubernetes default of <see cref="KubernetesVersion"/>; the README lists them with their flags.
/// </summary>
public sealed record ControlPlaneConfig
{
    /// <summary>The Kubernetes release whose defaults and algorithms the simulator follows.</summary>
    public const string KubernetesVersion = "v1.32";

    /// <summary>kubelet --node-status-update-frequency.</summary>
    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>kubelet node Lease renew interval (nodeLeaseDurationSeconds 40 x 0.25).</summary>
    public TimeSpan NodeLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>kube-controller-manager --node-monitor-period.</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// kube-controller-manager --node-monitor-grace-period. 40s, the default through v1.31, as the scenario
    /// contract fixes it; v1.32 raised the default to 50s (kubernetes/kubernetes#126287). See README.
    /// </summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>kube-controller-manager --node-startup-grace-period: the grace for a node that never posted Ready.</summary>
    public TimeSpan NodeStartupGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>DefaultTolerationSeconds admission plugin's not-ready/unreachable toleration.</summary>
    public long DefaultTolerationSeconds { get; init; } = 300;

    /// <summary>--node-eviction-rate (nodes per second).</summary>
    public double NodeEvictionRate { get; init; } = 0.1;

    /// <summary>--secondary-node-eviction-rate.</summary>
    public double SecondaryNodeEvictionRate { get; init; } = 0.01;

    /// <summary>--unhealthy-zone-threshold.</summary>
    public double UnhealthyZoneThreshold { get; init; } = 0.55;

    /// <summary>--large-cluster-size-threshold.</summary>
    public int LargeClusterSizeThreshold { get; init; } = 50;

    /// <summary>--horizontal-pod-autoscaler-sync-period.</summary>
    public TimeSpan HpaSyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>--horizontal-pod-autoscaler-tolerance.</summary>
    public double HpaTolerance { get; init; } = 0.1;

    /// <summary>--horizontal-pod-autoscaler-downscale-stabilization.</summary>
    public TimeSpan HpaDownscaleStabilization { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--horizontal-pod-autoscaler-cpu-initialization-period.</summary>
    public TimeSpan HpaCpuInitializationPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--horizontal-pod-autoscaler-initial-readiness-delay.</summary>
    public TimeSpan HpaInitialReadinessDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>metrics-server --metric-resolution.</summary>
    public TimeSpan MetricResolution { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Window over which CPU usage is averaged.</summary>
    public TimeSpan MetricWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>NodeResourcesFit scoring strategy: LeastAllocated (default), MostAllocated.</summary>
    public string SchedulerScoring { get; init; } = "LeastAllocated";

    /// <summary>ReplicaSet controller's burstReplicas (pkg/controller/replicaset BurstReplicas).</summary>
    public int BurstReplicas { get; init; } = 500;

    /// <summary>Periodic resync of controllers' informers (kube-controller-manager --min-resync-period, 12h).</summary>
    public TimeSpan ControllerResyncPeriod { get; init; } = TimeSpan.FromHours(12);

    /// <summary>How long an unschedulable pod waits before the scheduler retries it without a cluster change (podMaxInUnschedulablePodsDuration).</summary>
    public TimeSpan PodMaxInUnschedulablePodsDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The Cluster Autoscaler's flags (`controlPlane.clusterAutoscaler`); it runs only when a pool is a node group.</summary>
    public Controllers.ClusterAutoscaling.ClusterAutoscalerConfig ClusterAutoscaler { get; init; } = new();
}
