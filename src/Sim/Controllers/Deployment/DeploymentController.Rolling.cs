using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>rolling.go: the RollingUpdate strategy, one step (scale up or scale down) per sync.</summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// rolloutRolling: create the new ReplicaSet if needed; scale it up within maxSurge, else scale old ones
    /// down within maxUnavailable; when the rollout is complete, clean up old ReplicaSets; then status.
    /// </summary>
    private void RolloutRolling(Deployment d, List<ReplicaSet> rsList)
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(d, rsList, createIfNotExisted: true);
        var allRSs = DeploymentUtil.Append(oldRSs, newRS);

        // Scale up, if we can.
        if (ReconcileNewReplicaSet(allRSs, newRS!, d))
        {
            SyncRolloutStatus(allRSs, newRS, d);
            return;
        }

        // Scale down, if we can.
        if (ReconcileOldReplicaSets(allRSs, ReplicaSetOrdering.FilterActive(oldRSs), newRS!, d))
        {
            SyncRolloutStatus(allRSs, newRS, d);
            return;
        }

        if (DeploymentUtil.DeploymentComplete(d, d.Status))
        {
            CleanupDeployment(oldRSs, d);
        }

        SyncRolloutStatus(allRSs, newRS, d);
    }

    /// <summary>reconcileNewReplicaSet: scale the new ReplicaSet down to replicas, or up as far as NewRSNewReplicas allows.</summary>
    internal bool ReconcileNewReplicaSet(List<ReplicaSet?> allRSs, ReplicaSet newRS, Deployment d)
    {
        if (newRS.Replicas == d.Replicas)
        {
            return false;
        }

        if (newRS.Replicas > d.Replicas)
        {
            return ScaleReplicaSetAndRecordEvent(newRS, d.Replicas, d).Scaled;
        }

        int newReplicasCount = DeploymentUtil.NewRSNewReplicas(d, allRSs, newRS);
        return ScaleReplicaSetAndRecordEvent(newRS, newReplicasCount, d).Scaled;
    }

    /// <summary>
    /// reconcileOldReplicaSets: scale old ReplicaSets down by at most
    /// allPods - minAvailable - unavailable pods of the new ReplicaSet, first their unhealthy replicas, then
    /// available ones while more than minAvailable pods stay available.
    /// <para>
    /// With 10 replicas, maxUnavailable 2 and maxSurge 3: after an update the new set has 5 crash-looping pods
    /// and the old one 8; all 13, minAvailable 8, new unavailable 5, so nothing more is scaled down even if an
    /// old pod fails. Rolling back makes the new-set unavailable count 1 (13 - 8 - 1 = 4 of the crash-looping
    /// pods go); rolling over to another template starts its set at 0, so the old sets can shrink by 5.
    /// </para>
    /// </summary>
    internal bool ReconcileOldReplicaSets(List<ReplicaSet?> allRSs, List<ReplicaSet> oldRSs, ReplicaSet newRS, Deployment d)
    {
        int oldPodsCount = DeploymentUtil.GetReplicaCountForReplicaSets(oldRSs);
        if (oldPodsCount == 0)
        {
            // Can't scale down further.
            return false;
        }

        int allPodsCount = DeploymentUtil.GetReplicaCountForReplicaSets(allRSs);
        int maxUnavailable = DeploymentUtil.MaxUnavailable(d);
        int minAvailable = d.Replicas - maxUnavailable;
        int newRSUnavailablePodCount = newRS.Replicas - newRS.Status.AvailableReplicas;
        int maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        // Unhealthy replicas first: they would block the rollout and cause a timeout (kubernetes/kubernetes#16737).
        int cleanupCount;
        try
        {
            (oldRSs, cleanupCount) = CleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
        }
        catch (Exception e) when (e is ApiException or DeploymentSyncException)
        {
            // rolling.go returns (false, nil) here: the error is dropped.
            return false;
        }

        // Then available replicas, as far as maxUnavailable allows.
        allRSs = DeploymentUtil.Append(oldRSs, newRS);
        int scaledDownCount;
        try
        {
            scaledDownCount = ScaleDownOldReplicaSetsForRollingUpdate(allRSs, oldRSs, d);
        }
        catch (Exception e) when (e is ApiException or DeploymentSyncException)
        {
            return false;
        }

        return cleanupCount + scaledDownCount > 0;
    }

    /// <summary>
    /// cleanupUnhealthyReplicas: oldest first, scale each old ReplicaSet down by its unavailable replicas, up
    /// to <paramref name="maxCleanupCount"/> in total (the ReplicaSet deletes not-ready pods first).
    /// </summary>
    internal (List<ReplicaSet> OldRSs, int CleanedUp) CleanupUnhealthyReplicas(List<ReplicaSet> oldRSs, Deployment d, int maxCleanupCount)
    {
        ReplicaSetOrdering.SortInPlace(oldRSs, ReplicaSetOrdering.ByCreationTimestamp);
        int totalScaledDown = 0;
        for (int i = 0; i < oldRSs.Count; i++)
        {
            var targetRS = oldRSs[i];
            if (totalScaledDown >= maxCleanupCount)
            {
                break;
            }

            if (targetRS.Replicas == 0 || targetRS.Replicas == targetRS.Status.AvailableReplicas)
            {
                // Cannot scale down, or no unhealthy replicas.
                continue;
            }

            int scaledDownCount = Math.Min(maxCleanupCount - totalScaledDown, targetRS.Replicas - targetRS.Status.AvailableReplicas);
            int newReplicasCount = targetRS.Replicas - scaledDownCount;
            if (newReplicasCount > targetRS.Replicas)
            {
                throw new DeploymentSyncException($"when cleaning up unhealthy replicas, got invalid request to scale down {targetRS.Metadata.Namespace}/{targetRS.Metadata.Name} {targetRS.Replicas} -> {newReplicasCount}");
            }

            var (_, updatedOldRS) = ScaleReplicaSetAndRecordEvent(targetRS, newReplicasCount, d);
            totalScaledDown += scaledDownCount;
            oldRSs[i] = updatedOldRS;
        }

        return (oldRSs, totalScaledDown);
    }

    /// <summary>
    /// scaleDownOldReplicaSetsForRollingUpdate: oldest first, scale old ReplicaSets down by
    /// available - minAvailable in total.
    /// </summary>
    internal int ScaleDownOldReplicaSetsForRollingUpdate(List<ReplicaSet?> allRSs, List<ReplicaSet> oldRSs, Deployment d)
    {
        int maxUnavailable = DeploymentUtil.MaxUnavailable(d);
        int minAvailable = d.Replicas - maxUnavailable;
        int availablePodCount = DeploymentUtil.GetAvailableReplicaCountForReplicaSets(allRSs);
        if (availablePodCount <= minAvailable)
        {
            return 0;
        }

        ReplicaSetOrdering.SortInPlace(oldRSs, ReplicaSetOrdering.ByCreationTimestamp);
        int totalScaledDown = 0;
        int totalScaleDownCount = availablePodCount - minAvailable;
        foreach (var targetRS in oldRSs)
        {
            if (totalScaledDown >= totalScaleDownCount)
            {
                break;
            }

            if (targetRS.Replicas == 0)
            {
                continue;
            }

            int scaleDownCount = Math.Min(targetRS.Replicas, totalScaleDownCount - totalScaledDown);
            int newReplicasCount = targetRS.Replicas - scaleDownCount;
            if (newReplicasCount > targetRS.Replicas)
            {
                throw new DeploymentSyncException($"when scaling down old RS, got invalid request to scale down {targetRS.Metadata.Namespace}/{targetRS.Metadata.Name} {targetRS.Replicas} -> {newReplicasCount}");
            }

            ScaleReplicaSetAndRecordEvent(targetRS, newReplicasCount, d);
            totalScaledDown += scaleDownCount;
        }

        return totalScaledDown;
    }
}
