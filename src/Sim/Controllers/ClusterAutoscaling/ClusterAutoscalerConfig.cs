namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// The Cluster Autoscaler's flags a user tunes (scenario `controlPlane.clusterAutoscaler`, each named as its flag in
/// camelCase), with the defaults of cluster-autoscaler <see cref="Version"/> (config/flags/flags.go).
/// </summary>
public sealed record ClusterAutoscalerConfig
{
    /// <summary>The cluster-autoscaler release whose defaults and algorithms are followed.</summary>
    public const string Version = "1.33";

    /// <summary>--scan-interval: how often the autoscaler looks at the cluster.</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>--expander: least-waste (the default since 1.33), most-pods, least-nodes, random, price or priority; a comma-separated chain is applied in order.</summary>
    public string Expander { get; init; } = "least-waste";

    /// <summary>--scale-down-enabled.</summary>
    public bool ScaleDownEnabled { get; init; } = true;

    /// <summary>--scale-down-unneeded-time: how long a node must be unneeded before it is removed.</summary>
    public TimeSpan ScaleDownUnneededTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>--scale-down-unready-time: the same for an unready node.</summary>
    public TimeSpan ScaleDownUnreadyTime { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>--scale-down-delay-after-add: no scale-down this long after a scale-up.</summary>
    public TimeSpan ScaleDownDelayAfterAdd { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>--scale-down-delay-after-delete: no scale-down this long after a node deletion; unset means the scan interval.</summary>
    public TimeSpan? ScaleDownDelayAfterDelete { get; init; }

    /// <summary>--scale-down-delay-after-failure.</summary>
    public TimeSpan ScaleDownDelayAfterFailure { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>--scale-down-utilization-threshold: a node is a scale-down candidate below this utilization (the larger of cpu and memory requested over allocatable).</summary>
    public double ScaleDownUtilizationThreshold { get; init; } = 0.5;

    /// <summary>--max-node-provision-time: a requested node that has not registered by then is given up on.</summary>
    public TimeSpan MaxNodeProvisionTime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>--max-graceful-termination-sec: the longest grace period given to pods evicted for a scale-down.</summary>
    public int MaxGracefulTerminationSec { get; init; } = 600;

    /// <summary>
    /// Empty nodes removed at once: --max-empty-bulk-delete, which 1.33 replaced by --max-scale-down-parallelism (same
    /// default, 10); the name is the one the users know.
    /// </summary>
    public int MaxEmptyBulkDelete { get; init; } = 10;

    /// <summary>--max-total-unready-percentage.</summary>
    public double MaxTotalUnreadyPercentage { get; init; } = 45;

    /// <summary>--ok-total-unready-count.</summary>
    public int OkTotalUnreadyCount { get; init; } = 3;

    /// <summary>--new-pod-scale-up-delay: pods younger than this do not trigger a scale-up.</summary>
    public TimeSpan NewPodScaleUpDelay { get; init; } = TimeSpan.Zero;

    /// <summary>--balance-similar-node-groups.</summary>
    public bool BalanceSimilarNodeGroups { get; init; }

    /// <summary>
    /// --enforce-node-group-min-size: scale a node group whose target size is below its min size up to the min
    /// (orchestrator.go ScaleUpToNodeGroupMinSize), even with no pod waiting.
    /// </summary>
    public bool EnforceNodeGroupMinSize { get; init; }

    /// <summary>--max-nodes-total (0: no limit).</summary>
    public int MaxNodesTotal { get; init; }

    /// <summary>--max-node-provision-time's companion backoff: --initial-node-group-backoff-duration.</summary>
    public TimeSpan InitialNodeGroupBackoffDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--max-node-group-backoff-duration.</summary>
    public TimeSpan MaxNodeGroupBackoffDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>--node-group-backoff-reset-timeout.</summary>
    public TimeSpan NodeGroupBackoffResetTimeout { get; init; } = TimeSpan.FromHours(3);

    /// <summary>
    /// --expendable-pods-priority-cutoff: pods of a priority below it (that may preempt) are expendable: they never
    /// trigger a scale-up and CA's cluster snapshot leaves them out, so scale-down neither counts nor moves them.
    /// </summary>
    public int ExpendablePodsPriorityCutoff { get; init; } = -10;

    /// <summary>The priority expander's configuration (the `priorities` key of its ConfigMap): priority to node group name patterns (unanchored regular expressions).</summary>
    public IReadOnlyList<(int Priority, IReadOnlyList<string> Patterns)> Priorities { get; init; } = [];

    /// <summary>The effective --scale-down-delay-after-delete.</summary>
    public TimeSpan EffectiveScaleDownDelayAfterDelete => ScaleDownDelayAfterDelete ?? ScanInterval;
}
