namespace ClusterSim.Sim.Api;

/// <summary>
/// What ReplicationController and ReplicaSet share. Kubernetes runs both with one controller
/// (pkg/controller/replicaset, the RC one being a thin adapter), and so do we.
/// </summary>
public abstract class ReplicatedSet : KubeObject
{
    /// <summary>Desired count; nil in a manifest defaults to 1.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Minimum seconds a pod must be ready to count as available.</summary>
    public int MinReadySeconds { get; set; }

    /// <summary>The selector as the controller uses it.</summary>
    public abstract Selector GetSelector();

    /// <summary>The pod template.</summary>
    public PodTemplateSpec Template { get; set; } = new();

    public ReplicaSetStatus Status { get; set; } = new();
}

/// <summary>core/v1 ReplicationController: an equality-based selector (a map).</summary>
public sealed class ReplicationController : ReplicatedSet
{
    public override string Kind => "ReplicationController";

    /// <summary>The selector map; when empty Kubernetes defaults it to the template's labels.</summary>
    public SortedDictionary<string, string> Selector { get; set; } = new(StringComparer.Ordinal);

    public override Selector GetSelector() => Api.Selector.FromMap(Selector);
}

/// <summary>apps/v1 ReplicaSet: a set-based selector.</summary>
public sealed class ReplicaSet : ReplicatedSet
{
    public override string Kind => "ReplicaSet";

    public LabelSelector? Selector { get; set; }

    public override Selector GetSelector() => Api.Selector.FromLabelSelector(Selector);
}

public sealed class PodTemplateSpec
{
    public PodTemplateSpec()
        : this(new ObjectMeta(), new PodSpec())
    {
    }

    // For Clone: `new() { Metadata = ..., Spec = ... }` built a default metadata and spec only to replace them.
    private PodTemplateSpec(ObjectMeta metadata, PodSpec spec)
    {
        Metadata = metadata;
        Spec = spec;
    }

    public ObjectMeta Metadata { get; set; }

    public PodSpec Spec { get; set; }

    public PodTemplateSpec Clone() => new(Metadata.Clone(), Spec.Clone());
}

public sealed class ReplicaSetStatus
{
    public int Replicas { get; set; }

    public int FullyLabeledReplicas { get; set; }

    public int ReadyReplicas { get; set; }

    public int AvailableReplicas { get; set; }

    public long ObservedGeneration { get; set; }

    /// <summary>ReplicaFailure when pod creation or deletion fails.</summary>
    public List<WorkloadCondition> Conditions { get; set; } = [];
}

/// <summary>A condition of a workload (ReplicaSet, Deployment, HPA).</summary>
public sealed class WorkloadCondition
{
    public string Type { get; set; } = "";

    public string Status { get; set; } = "";

    public TimeSpan LastUpdateTime { get; set; }

    public TimeSpan LastTransitionTime { get; set; }

    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";
}
