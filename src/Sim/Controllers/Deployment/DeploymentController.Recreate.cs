using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>recreate.go: the Recreate strategy: old ReplicaSets to 0, wait until their pods are gone, then the new one.</summary>
public sealed partial class DeploymentController
{
    /// <summary>rolloutRecreate.</summary>
    private void RolloutRecreate(Deployment d, List<ReplicaSet> rsList, SortedDictionary<string, List<Pod>> podMap)
    {
        // Do not create the new ReplicaSet yet: never scale up before the old ones are down.
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(d, rsList, createIfNotExisted: false);
        var allRSs = DeploymentUtil.Append(oldRSs, newRS);
        var activeOldRSs = ReplicaSetOrdering.FilterActive(oldRSs);

        if (ScaleDownOldReplicaSetsForRecreate(activeOldRSs, d))
        {
            SyncRolloutStatus(allRSs, newRS, d);
            return;
        }

        // Do not go on while old pods are running.
        if (OldPodsRunning(newRS, oldRSs, podMap))
        {
            SyncRolloutStatus(allRSs, newRS, d);
            return;
        }

        if (newRS is null)
        {
            (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(d, rsList, createIfNotExisted: true);
            allRSs = DeploymentUtil.Append(oldRSs, newRS);
        }

        ScaleReplicaSetAndRecordEvent(newRS!, d.Replicas, d);

        if (DeploymentUtil.DeploymentComplete(d, d.Status))
        {
            CleanupDeployment(oldRSs, d);
        }

        SyncRolloutStatus(allRSs, newRS, d);
    }

    /// <summary>scaleDownOldReplicaSetsForRecreate: every old ReplicaSet to 0.</summary>
    internal bool ScaleDownOldReplicaSetsForRecreate(List<ReplicaSet> oldRSs, Deployment d)
    {
        bool scaled = false;
        for (int i = 0; i < oldRSs.Count; i++)
        {
            if (oldRSs[i].Replicas == 0)
            {
                continue;
            }

            var (scaledRS, updatedRS) = ScaleReplicaSetAndRecordEvent(oldRSs[i], 0, d);
            if (scaledRS)
            {
                oldRSs[i] = updatedRS;
                scaled = true;
            }
        }

        return scaled;
    }

    /// <summary>
    /// oldPodsRunning: an old ReplicaSet still reports pods, or a pod of a set other than the new one is not
    /// Succeeded or Failed (Unknown counts as running, and so does a terminating pod).
    /// </summary>
    internal static bool OldPodsRunning(ReplicaSet? newRS, List<ReplicaSet> oldRSs, SortedDictionary<string, List<Pod>>? podMap)
    {
        if (DeploymentUtil.GetActualReplicaCountForReplicaSets(oldRSs) > 0)
        {
            return true;
        }

        if (podMap is null)
        {
            return false;
        }

        foreach (var (rsUid, podList) in podMap)
        {
            if (newRS is not null && newRS.Metadata.Uid == rsUid)
            {
                continue;
            }

            if (podList.Any(pod => pod.Status.Phase is not ("Failed" or "Succeeded")))
            {
                return true;
            }
        }

        return false;
    }
}
