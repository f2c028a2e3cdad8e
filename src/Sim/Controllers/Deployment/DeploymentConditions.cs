using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

/// <summary>
/// A Deployment's status conditions (deployment_util.go NewDeploymentCondition, GetDeploymentCondition,
/// SetDeploymentCondition, RemoveDeploymentCondition, ReplicaSetToDeploymentCondition) and the reasons the
/// controller writes.
/// </summary>
public static class DeploymentConditions
{
    /// <summary>apps.DeploymentAvailable.</summary>
    public const string Available = "Available";

    /// <summary>apps.DeploymentProgressing.</summary>
    public const string Progressing = "Progressing";

    /// <summary>apps.DeploymentReplicaFailure (and apps.ReplicaSetReplicaFailure).</summary>
    public const string ReplicaFailure = "ReplicaFailure";

    /// <summary>Progressing: one of the ReplicaSets was updated as part of the rollout.</summary>
    public const string ReplicaSetUpdatedReason = "ReplicaSetUpdated";

    /// <summary>Progressing=False: the new ReplicaSet could not be created.</summary>
    public const string FailedRSCreateReason = "ReplicaSetCreateError";

    /// <summary>Progressing: the controller created the new ReplicaSet.</summary>
    public const string NewReplicaSetReason = "NewReplicaSetCreated";

    /// <summary>Progressing: the controller found (adopted) an existing new ReplicaSet.</summary>
    public const string FoundNewRSReason = "FoundNewReplicaSet";

    /// <summary>Progressing: the rollout is complete.</summary>
    public const string NewRSAvailableReason = "NewReplicaSetAvailable";

    /// <summary>Progressing=False: no progress within progressDeadlineSeconds.</summary>
    public const string TimedOutReason = "ProgressDeadlineExceeded";

    /// <summary>Progressing=Unknown while paused.</summary>
    public const string PausedDeployReason = "DeploymentPaused";

    /// <summary>Progressing=Unknown once resumed.</summary>
    public const string ResumedDeployReason = "DeploymentResumed";

    /// <summary>Available=True.</summary>
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";

    /// <summary>Available=False.</summary>
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    /// <summary>
    /// NewDeploymentCondition: both times are <paramref name="now"/> as the API server stores it, in whole
    /// seconds (metav1.Now() loses its fraction on the way through the API).
    /// </summary>
    public static WorkloadCondition New(string type, string status, string reason, string message, TimeSpan now)
    {
        var stored = TimeSpan.FromTicks(ReplicaSetOrdering.StoredSeconds(now) * TimeSpan.TicksPerSecond);
        return new WorkloadCondition { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = stored, LastTransitionTime = stored };
    }

    /// <summary>GetDeploymentCondition: the condition of <paramref name="type"/>, or null. Callers must not change it.</summary>
    public static WorkloadCondition? Get(DeploymentStatus status, string type) => status.Conditions.Find(c => c.Type == type);

    /// <summary>
    /// SetDeploymentCondition: adds or replaces the condition of its type, unless one with the same status and
    /// reason exists; keeps the old lastTransitionTime when the status does not change.
    /// </summary>
    public static void Set(DeploymentStatus status, WorkloadCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        var conditions = FilterOut(status.Conditions, condition.Type);
        conditions.Add(condition);
        status.Conditions = conditions;
    }

    /// <summary>RemoveDeploymentCondition.</summary>
    public static void Remove(DeploymentStatus status, string type) => status.Conditions = FilterOut(status.Conditions, type);

    /// <summary>ReplicaSetToDeploymentCondition: lastUpdateTime is the ReplicaSet condition's transition time.</summary>
    public static WorkloadCondition FromReplicaSetCondition(WorkloadCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        LastTransitionTime = c.LastTransitionTime,
        LastUpdateTime = c.LastTransitionTime,
        Reason = c.Reason,
        Message = c.Message,
    };

    /// <summary>A copy of a condition.</summary>
    public static WorkloadCondition Clone(WorkloadCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        LastUpdateTime = c.LastUpdateTime,
        LastTransitionTime = c.LastTransitionTime,
        Reason = c.Reason,
        Message = c.Message,
    };

    /// <summary>Field-by-field equality of two conditions.</summary>
    public static bool Equal(WorkloadCondition a, WorkloadCondition b) =>
        a.Type == b.Type && a.Status == b.Status && a.LastUpdateTime == b.LastUpdateTime
        && a.LastTransitionTime == b.LastTransitionTime && a.Reason == b.Reason && a.Message == b.Message;

    private static List<WorkloadCondition> FilterOut(List<WorkloadCondition> conditions, string type) =>
        conditions.Where(c => c.Type != type).ToList();
}
