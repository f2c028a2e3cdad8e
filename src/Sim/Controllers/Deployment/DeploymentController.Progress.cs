using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>progress.go: the Progressing condition during a rollout, ReplicaFailure, and the requeue for the progress deadline.</summary>
public sealed partial class DeploymentController
{
    /// <summary>Returned by <see cref="RequeueStuckDeployment"/> when no progress check is needed (Go's -1).</summary>
    internal static readonly TimeSpan NoRequeue = TimeSpan.FromTicks(-1);

    /// <summary>
    /// syncRolloutStatus: the calculated status plus, with a progress deadline and a rollout not already
    /// complete, Progressing=True/NewReplicaSetAvailable when complete, True/ReplicaSetUpdated (keeping the
    /// transition time) when progressing, False/ProgressDeadlineExceeded when timed out; the new (else any)
    /// ReplicaSet's ReplicaFailure condition. Unchanged status: requeue for the deadline check instead.
    /// </summary>
    internal void SyncRolloutStatus(List<ReplicaSet?> allRSs, ReplicaSet? newRS, Deployment d)
    {
        var now = _kernel.Now;
        var newStatus = CalculateStatus(allRSs, newRS, d, now);

        // No progress deadline: no Progressing condition.
        if (!DeploymentUtil.HasProgressDeadline(d))
        {
            DeploymentConditions.Remove(newStatus, DeploymentConditions.Progressing);
        }

        // A completed rollout being resynced: nothing to estimate.
        var currentCond = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        bool isCompleteDeployment = newStatus.Replicas == newStatus.UpdatedReplicas && currentCond is not null && currentCond.Reason == DeploymentConditions.NewRSAvailableReason;
        if (DeploymentUtil.HasProgressDeadline(d) && !isCompleteDeployment)
        {
            if (DeploymentUtil.DeploymentComplete(d, newStatus))
            {
                var msg = newRS is null ? $"Deployment \"{d.Metadata.Name}\" has successfully progressed." : $"ReplicaSet \"{newRS.Metadata.Name}\" has successfully progressed.";
                DeploymentConditions.Set(newStatus, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewRSAvailableReason, msg, now));
            }
            else if (DeploymentUtil.DeploymentProgressing(d, newStatus))
            {
                // Progress: update lastUpdateTime even with the same reason (which Set would not), keeping
                // the transition time of a Progressing=True condition.
                var msg = newRS is null ? $"Deployment \"{d.Metadata.Name}\" is progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" is progressing.";
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdatedReason, msg, now);
                if (currentCond is not null)
                {
                    if (currentCond.Status == "True")
                    {
                        condition.LastTransitionTime = currentCond.LastTransitionTime;
                    }

                    DeploymentConditions.Remove(newStatus, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(newStatus, condition);
            }
            else if (DeploymentUtil.DeploymentTimedOut(d, newStatus, now))
            {
                var msg = newRS is null ? $"Deployment \"{d.Metadata.Name}\" has timed out progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" has timed out progressing.";
                DeploymentConditions.Set(newStatus, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.TimedOutReason, msg, now));
            }
        }

        // Replica failures of the ReplicaSets become the Deployment's (one condition).
        var replicaFailureCond = GetReplicaFailures(allRSs, newRS);
        if (replicaFailureCond.Count > 0)
        {
            DeploymentConditions.Set(newStatus, replicaFailureCond[0]);
        }
        else
        {
            DeploymentConditions.Remove(newStatus, DeploymentConditions.ReplicaFailure);
        }

        if (ObjectCopies.StatusEqual(d.Status, newStatus))
        {
            RequeueStuckDeployment(d, newStatus);
            return;
        }

        d.Status = newStatus;
        UpdateDeploymentStatus(d);
    }

    /// <summary>getReplicaFailures: the new ReplicaSet's ReplicaFailure conditions, else those of all sets.</summary>
    private static List<WorkloadCondition> GetReplicaFailures(List<ReplicaSet?> allRSs, ReplicaSet? newRS)
    {
        var conditions = new List<WorkloadCondition>();
        if (newRS is not null)
        {
            conditions.AddRange(newRS.Status.Conditions.Where(c => c.Type == DeploymentConditions.ReplicaFailure).Select(DeploymentConditions.FromReplicaSetCondition));
        }

        if (conditions.Count > 0)
        {
            return conditions;
        }

        foreach (var rs in allRSs)
        {
            if (rs is not null)
            {
                conditions.AddRange(rs.Status.Conditions.Where(c => c.Type == DeploymentConditions.ReplicaFailure).Select(DeploymentConditions.FromReplicaSetCondition));
            }
        }

        return conditions;
    }

    /// <summary>
    /// requeueStuckDeployment: with a deadline, a Progressing condition and a rollout neither complete nor
    /// timed out, sync again when the deadline passes (lastUpdateTime + progressDeadlineSeconds - now, plus a
    /// second against skew), or now (rate limited) when less than a second is left. Returns that delay, 0 for
    /// now, or <see cref="NoRequeue"/>.
    /// </summary>
    internal TimeSpan RequeueStuckDeployment(Deployment d, DeploymentStatus newStatus)
    {
        var currentCond = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (!DeploymentUtil.HasProgressDeadline(d) || currentCond is null)
        {
            return NoRequeue;
        }

        if (DeploymentUtil.DeploymentComplete(d, newStatus) || currentCond.Reason == DeploymentConditions.TimedOutReason)
        {
            return NoRequeue;
        }

        var after = currentCond.LastUpdateTime + TimeSpan.FromSeconds(d.ProgressDeadlineSeconds!.Value) - _kernel.Now;
        if (after < TimeSpan.FromSeconds(1))
        {
            // Kubernetes requeues rate limited here, and as a successful sync Forgets the key, that is every 5ms
            // for as long as the Deployment stays incomplete. When its Progressing reason is NewReplicaSetAvailable
            // (e.g. scaled up past what the cluster can run, pods Pending) syncRolloutStatus estimates no progress,
            // so those syncs change nothing until an informer event queues the Deployment anyway: skipping the loop
            // gives the same objects, events and timings without 200 idle syncs per virtual second.
            if (currentCond.Reason == DeploymentConditions.NewRSAvailableReason)
            {
                return TimeSpan.Zero;
            }

            EnqueueRateLimited(d);
            return TimeSpan.Zero;
        }

        EnqueueAfter(d, after + TimeSpan.FromSeconds(1));
        return after;
    }
}
