namespace ClusterSim.Sim.Api;

/// <summary>
/// An apps/v1 Deployment (also accepted as apps/v1beta2 and extensions/v1beta1, whose defaults differ;
/// <see cref="KubeObject.ApiVersion"/> keeps the version given). Nullable fields are "unset" until the
/// API server's defaulting fills them for that version.
/// </summary>
public sealed class Deployment : KubeObject
{
    /// <summary>The annotation holding a ReplicaSet's or Deployment's revision number.</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>The annotation recording the command that caused a change (kubectl's CHANGE-CAUSE).</summary>
    public const string ChangeCauseAnnotation = "kubernetes.io/change-cause";

    public override string Kind => "Deployment";

    /// <summary>Desired pods; unset defaults to 1.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Required in apps/v1; defaulted from the template's labels in extensions/v1beta1.</summary>
    public LabelSelector? Selector { get; set; }

    public PodTemplateSpec Template { get; set; } = new();

    public DeploymentStrategy Strategy { get; set; } = new();

    public int MinReadySeconds { get; set; }

    /// <summary>Old ReplicaSets to keep; unset means keep all (extensions/v1beta1), 10 in apps/v1.</summary>
    public int? RevisionHistoryLimit { get; set; }

    public bool Paused { get; set; }

    /// <summary>Seconds without progress before Progressing=False/ProgressDeadlineExceeded; unset means no deadline (extensions/v1beta1), 600 in apps/v1.</summary>
    public int? ProgressDeadlineSeconds { get; set; }

    public DeploymentStatus Status { get; set; } = new();
}

/// <summary>RollingUpdate (default) or Recreate.</summary>
public sealed class DeploymentStrategy
{
    public string Type { get; set; } = "RollingUpdate";

    /// <summary>Null for Recreate.</summary>
    public RollingUpdateDeployment? RollingUpdate { get; set; }
}

/// <summary>maxSurge and maxUnavailable as counts or percentages; null until defaulted.</summary>
public sealed class RollingUpdateDeployment
{
    public IntOrString? MaxUnavailable { get; set; }

    public IntOrString? MaxSurge { get; set; }
}

public sealed class DeploymentStatus
{
    public long ObservedGeneration { get; set; }

    /// <summary>Pods targeted by this deployment (their labels match the selector), across all its ReplicaSets.</summary>
    public int Replicas { get; set; }

    /// <summary>Pods of the newest ReplicaSet.</summary>
    public int UpdatedReplicas { get; set; }

    public int ReadyReplicas { get; set; }

    public int AvailableReplicas { get; set; }

    public int UnavailableReplicas { get; set; }

    /// <summary>Available and Progressing (and ReplicaFailure).</summary>
    public List<WorkloadCondition> Conditions { get; set; } = [];

    public int? CollisionCount { get; set; }
}
