namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// What the Cluster Autoscaler writes to its status ConfigMap (cluster-autoscaler 1.33 clusterstate/api/types.go
/// ClusterAutoscalerStatus): whether it runs, and for the whole cluster and each node group the health (node counts),
/// scale-up and scale-down conditions, each with the time it was last probed and the time it last changed. Times are
/// virtual; null is Go's zero metav1.Time, which the YAML leaves out. <see cref="ClusterAutoscalerStatusYaml"/> writes it.
/// </summary>
public sealed class ClusterAutoscalerStatus
{
    /// <summary>api.ClusterAutoscalerRunning.</summary>
    public const string Running = "Running";

    /// <summary>api.ClusterAutoscalerInitializing: what NewStatusMapRecorder writes before the first loop.</summary>
    public const string Initializing = "Initializing";

    /// <summary>autoscalerStatus: Running or Initializing.</summary>
    public string AutoscalerStatus { get; init; } = Initializing;

    /// <summary>message (omitempty); CA's main loop writes none.</summary>
    public string Message { get; init; } = "";

    /// <summary>clusterWide (omitempty: all zero while initializing).</summary>
    public ClusterWideStatus? ClusterWide { get; init; }

    /// <summary>nodeGroups, in the cloud provider's NodeGroups() order.</summary>
    public List<NodeGroupStatus> NodeGroups { get; init; } = [];

    /// <summary>The node group's last status by name (GetStatus keeps transition times from it).</summary>
    public NodeGroupStatus? Group(string name) => NodeGroups.Find(g => g.Name == name);
}

/// <summary>api.ClusterWideStatus.</summary>
public sealed class ClusterWideStatus
{
    public required HealthCondition Health { get; init; }

    /// <summary>Cluster-wide scale-up: InProgress while any group's is, else NoActivity (no backoff info).</summary>
    public required ScaleUpCondition ScaleUp { get; init; }

    public required ScaleDownCondition ScaleDown { get; init; }
}

/// <summary>api.NodeGroupStatus.</summary>
public sealed class NodeGroupStatus
{
    public required string Name { get; init; }

    public required HealthCondition Health { get; init; }

    public required ScaleUpCondition ScaleUp { get; init; }

    public required ScaleDownCondition ScaleDown { get; init; }
}

/// <summary>api.NodeCount (buildNodeCount): registered (total, ready, notStarted, beingDeleted, unready), longUnregistered, unregistered.</summary>
public readonly record struct NodeCount(int Registered, int Ready, int NotStarted, int BeingDeleted, int Unready, int ResourceUnready, int LongUnregistered, int Unregistered)
{
    /// <summary>Go's omitempty on the struct: every count zero.</summary>
    public bool IsZero => this == default;
}

/// <summary>api.ClusterHealthCondition or, with the sizes, api.NodeGroupHealthCondition: Healthy or Unhealthy.</summary>
public sealed class HealthCondition
{
    public required string Status { get; init; }

    public NodeCount NodeCounts { get; init; }

    /// <summary>cloudProviderTarget, minSize, maxSize: a node group's only (null for the cluster).</summary>
    public (int CloudProviderTarget, int MinSize, int MaxSize)? Sizes { get; init; }

    public TimeSpan? LastProbeTime { get; init; }

    public TimeSpan? LastTransitionTime { get; init; }
}

/// <summary>api.NodeGroupScaleUpCondition (InProgress, Unhealthy, Backoff with its error, NoActivity) or api.ClusterScaleUpCondition.</summary>
public sealed class ScaleUpCondition
{
    public required string Status { get; init; }

    /// <summary>backoffInfo.errorCode and errorMessage (omitempty), while the group backs off.</summary>
    public string BackoffErrorCode { get; init; } = "";

    public string BackoffErrorMessage { get; init; } = "";

    public TimeSpan? LastProbeTime { get; init; }

    public TimeSpan? LastTransitionTime { get; init; }
}

/// <summary>api.ScaleDownCondition: CandidatesPresent or NoCandidates, and how many nodes are unneeded.</summary>
public sealed class ScaleDownCondition
{
    public required string Status { get; init; }

    public int Candidates { get; init; }

    public TimeSpan? LastProbeTime { get; init; }

    public TimeSpan? LastTransitionTime { get; init; }
}
