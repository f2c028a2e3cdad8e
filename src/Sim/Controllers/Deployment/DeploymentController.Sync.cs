using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// sync.go: syncing without a rollout (paused Deployments and scaling events), proportional scaling,
/// finding or creating the new ReplicaSet with its revision, cleanup of old ReplicaSets, and status.
/// </summary>
public sealed partial class DeploymentController
{
    /// <summary>syncStatusOnly: only recompute status (a Deployment being deleted).</summary>
    private void SyncStatusOnly(Deployment d, List<ReplicaSet> rsList)
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(d, rsList, createIfNotExisted: false);
        SyncDeploymentStatus(DeploymentUtil.Append(oldRSs, newRS), newRS, d);
    }

    /// <summary>sync: reconcile a paused Deployment or a scaling event: scale, clean up when paused, status.</summary>
    private void Sync(Deployment d, List<ReplicaSet> rsList)
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(d, rsList, createIfNotExisted: false);
        Scale(d, newRS, oldRSs);

        // Clean up when paused and no rollback is in flight.
        if (d.Paused && GetRollbackTo(d) is null)
        {
            CleanupDeployment(oldRSs, d);
        }

        SyncDeploymentStatus(DeploymentUtil.Append(oldRSs, newRS), newRS, d);
    }

    /// <summary>
    /// checkPausedConditions: Progressing=Unknown/DeploymentPaused when paused, DeploymentResumed when resumed,
    /// unless the deadline was already exceeded; only with a progress deadline.
    /// </summary>
    private void CheckPausedConditions(Deployment d)
    {
        if (!DeploymentUtil.HasProgressDeadline(d))
        {
            return;
        }

        var cond = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (cond is not null && cond.Reason == DeploymentConditions.TimedOutReason)
        {
            // Lack of progress already reported: do not overwrite it with a paused condition.
            return;
        }

        bool pausedCondExists = cond is not null && cond.Reason == DeploymentConditions.PausedDeployReason;
        if (d.Paused && !pausedCondExists)
        {
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.PausedDeployReason, "Deployment is paused", _kernel.Now));
        }
        else if (!d.Paused && pausedCondExists)
        {
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.ResumedDeployReason, "Deployment is resumed", _kernel.Now));
        }
        else
        {
            return;
        }

        UpdateDeploymentStatus(d);
    }

    /// <summary>
    /// getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing) with its revision
    /// raised above every old one, and all old ReplicaSets.
    /// </summary>
    private (ReplicaSet? NewRS, List<ReplicaSet> OldRSs) GetAllReplicaSetsAndSyncRevision(Deployment d, List<ReplicaSet> rsList, bool createIfNotExisted)
    {
        var (_, allOldRSs) = DeploymentUtil.FindOldReplicaSets(d, rsList, _prints);
        var newRS = GetNewReplicaSet(d, rsList, allOldRSs, createIfNotExisted);
        return (newRS, allOldRSs);
    }

    /// <summary>
    /// getNewReplicaSet: the ReplicaSet matching the Deployment's template, its annotations (revision = max old
    /// revision + 1, desired and max replicas, copied Deployment annotations) and minReadySeconds synced, and
    /// the Deployment's revision set from it. When missing and <paramref name="createIfNotExisted"/>, creates
    /// <c>&lt;name&gt;-&lt;pod-template-hash&gt;</c> with as many replicas as the strategy allows; a name taken by
    /// a different template is a hash collision: collisionCount is bumped and the sync retried.
    /// </summary>
    private ReplicaSet? GetNewReplicaSet(Deployment d, List<ReplicaSet> rsList, List<ReplicaSet> oldRSs, bool createIfNotExisted)
    {
        var existingNewRS = DeploymentUtil.FindNewReplicaSet(d, rsList, _prints);
        long maxOldRevision = DeploymentAnnotations.MaxRevision(oldRSs);
        var newRevision = (maxOldRevision + 1).ToString(CultureInfo.InvariantCulture);

        if (existingNewRS is not null)
        {
            var rsCopy = ObjectCopies.CloneSharingTemplate(existingNewRS);
            bool annotationsUpdated = DeploymentAnnotations.SetNewReplicaSetAnnotations(d, rsCopy, newRevision, true, DeploymentAnnotations.MaxRevHistoryLengthInChars);
            bool minReadySecondsNeedsUpdate = rsCopy.MinReadySeconds != d.MinReadySeconds;
            if (annotationsUpdated || minReadySecondsNeedsUpdate)
            {
                rsCopy.MinReadySeconds = d.MinReadySeconds;
                return UpdateReplicaSet(rsCopy);
            }

            // The revision in the new ReplicaSet's annotation is the one to show on the Deployment.
            bool needsUpdate = DeploymentAnnotations.SetDeploymentRevision(d, rsCopy.Metadata.Annotations.GetValueOrDefault(DeploymentAnnotations.Revision, ""));

            // Users who started caring about progress: take the first time we noticed their new ReplicaSet.
            var cond = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
            if (DeploymentUtil.HasProgressDeadline(d) && cond is null)
            {
                var msg = $"Found new replica set \"{rsCopy.Metadata.Name}\"";
                DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewRSReason, msg, _kernel.Now));
                needsUpdate = true;
            }

            if (needsUpdate)
            {
                UpdateDeploymentStatus(d);
            }

            return rsCopy;
        }

        if (!createIfNotExisted)
        {
            return null;
        }

        var newRSTemplate = d.Template.Clone();
        var podTemplateSpecHash = PodTemplateHash.Compute(newRSTemplate, d.Status.CollisionCount);
        newRSTemplate.Metadata.Labels = DeploymentUtil.CloneAndAddLabel(d.Template.Metadata.Labels, PodTemplateHash.LabelKey, podTemplateSpecHash);
        var newRSSelector = DeploymentUtil.CloneSelectorAndAddLabel(d.Selector, PodTemplateHash.LabelKey, podTemplateSpecHash);
        var newRS = new ReplicaSet
        {
            ApiVersion = "apps/v1",
            Metadata =
            {
                // A deterministic name, for idempotence.
                Name = d.Metadata.Name + "-" + podTemplateSpecHash,
                Namespace = d.Metadata.Namespace,
                OwnerReferences = [ControllerRefTo(d)],
                Labels = new SortedDictionary<string, string>(newRSTemplate.Metadata.Labels, StringComparer.Ordinal),
            },
            Replicas = 0,
            MinReadySeconds = d.MinReadySeconds,
            Selector = newRSSelector,
            Template = newRSTemplate,
        };
        var allRSs = DeploymentUtil.Append(oldRSs, newRS);
        int newReplicasCount = DeploymentUtil.NewRSNewReplicas(d, allRSs, newRS);
        newRS.Replicas = newReplicasCount;
        DeploymentAnnotations.SetNewReplicaSetAnnotations(d, newRS, newRevision, false, DeploymentAnnotations.MaxRevHistoryLengthInChars);

        bool alreadyExists = false;
        ReplicaSet createdRS;
        try
        {
            createdRS = CreateReplicaSet(newRS);
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            // A slow cache or a fast resync: is it ours, with our template, or a hash collision?
            alreadyExists = true;
            var rs = Store.Get<ReplicaSet>(newRS.Metadata.Namespace, newRS.Metadata.Name);
            if (rs is null)
            {
                throw;
            }

            var controllerRef = rs.Metadata.ControllerRef;
            if (controllerRef is null || controllerRef.Uid != d.Metadata.Uid || !DeploymentUtil.EqualIgnoreHash(d.Template, rs.Template, _prints))
            {
                // Bump collisionCount so the next sync computes another hash, and requeue with the error.
                d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
                try
                {
                    UpdateDeploymentStatus(d);
                }
                catch (ApiException)
                {
                    // The Go controller returns the create error either way.
                }

                throw;
            }

            createdRS = ObjectCopies.CloneSharingTemplate(rs);
        }
        catch (ApiException e)
        {
            var msg = $"Failed to create new replica set \"{newRS.Metadata.Name}\": {e.Message}";
            if (DeploymentUtil.HasProgressDeadline(d))
            {
                DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.FailedRSCreateReason, msg, _kernel.Now));
                try
                {
                    UpdateDeploymentStatus(d);
                }
                catch (ApiException)
                {
                    // A bigger issue to report: this write's error does not matter.
                }
            }

            _events.Warning(d, DeploymentConditions.FailedRSCreateReason, msg, ControllerName);
            throw;
        }

        if (!alreadyExists && newReplicasCount > 0)
        {
            _events.Normal(d, "ScalingReplicaSet", string.Create(CultureInfo.InvariantCulture, $"Scaled up replica set {createdRS.Metadata.Name} from 0 to {newReplicasCount}"), ControllerName);
        }

        bool deploymentNeedsUpdate = DeploymentAnnotations.SetDeploymentRevision(d, newRevision);
        if (!alreadyExists && DeploymentUtil.HasProgressDeadline(d))
        {
            var msg = $"Created new replica set \"{createdRS.Metadata.Name}\"";
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetReason, msg, _kernel.Now));
            deploymentNeedsUpdate = true;
        }

        if (deploymentNeedsUpdate)
        {
            UpdateDeploymentStatus(d);
        }

        return createdRS;
    }

    /// <summary>
    /// scale: on a scaling event (or while paused), resize the ReplicaSets. A single active (or the latest)
    /// ReplicaSet takes the whole size; a saturated new ReplicaSet leaves the old ones at 0; otherwise, for
    /// RollingUpdate, the difference to replicas + maxSurge is spread proportionally to each active set's
    /// size (larger sets first; newer first when scaling up, older first when scaling down), with the
    /// rounding leftover going to the first.
    /// </summary>
    internal void Scale(Deployment d, ReplicaSet? newRS, List<ReplicaSet> oldRSs)
    {
        // One active ReplicaSet (or none: then the newest) gets the full count.
        if (DeploymentUtil.FindActiveOrLatest(newRS, oldRSs) is { } activeOrLatest)
        {
            if (activeOrLatest.Replicas == d.Replicas)
            {
                return;
            }

            ScaleReplicaSetAndRecordEvent(activeOrLatest, d.Replicas, d);
            return;
        }

        // A saturated new ReplicaSet (this covers adoption during a saturated rollout): old ones go to 0.
        if (DeploymentUtil.IsSaturated(d, newRS))
        {
            foreach (var old in ReplicaSetOrdering.FilterActive(oldRSs))
            {
                ScaleReplicaSetAndRecordEvent(old, 0, d);
            }

            return;
        }

        if (!DeploymentUtil.IsRollingUpdate(d))
        {
            return;
        }

        var allRSs = ReplicaSetOrdering.FilterActive(DeploymentUtil.Append(oldRSs, newRS));
        int allRSsReplicas = DeploymentUtil.GetReplicaCountForReplicaSets(allRSs);
        int allowedSize = d.Replicas > 0 ? d.Replicas + DeploymentUtil.MaxSurge(d) : 0;

        // Replicas to add (or remove) across the active ReplicaSets.
        int deploymentReplicasToAdd = allowedSize - allRSsReplicas;
        string scalingOperation = "";
        if (deploymentReplicasToAdd > 0)
        {
            ReplicaSetOrdering.SortInPlace(allRSs, ReplicaSetOrdering.BySizeNewer);
            scalingOperation = "up";
        }
        else if (deploymentReplicasToAdd < 0)
        {
            ReplicaSetOrdering.SortInPlace(allRSs, ReplicaSetOrdering.BySizeOlder);
            scalingOperation = "down";
        }

        // The proportion of each set; |added| never exceeds |toAdd|.
        int deploymentReplicasAdded = 0;
        var nameToSize = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rs in allRSs)
        {
            if (deploymentReplicasToAdd != 0)
            {
                int proportion = DeploymentUtil.GetProportion(rs, d, deploymentReplicasToAdd, deploymentReplicasAdded);
                nameToSize[rs.Metadata.Name] = rs.Replicas + proportion;
                deploymentReplicasAdded += proportion;
            }
            else
            {
                nameToSize[rs.Metadata.Name] = rs.Replicas;
            }
        }

        for (int i = 0; i < allRSs.Count; i++)
        {
            var rs = allRSs[i];

            // Leftovers go to (or come from) the first, largest, set.
            if (i == 0 && deploymentReplicasToAdd != 0)
            {
                int leftover = deploymentReplicasToAdd - deploymentReplicasAdded;
                nameToSize[rs.Metadata.Name] = Math.Max(0, nameToSize[rs.Metadata.Name] + leftover);
            }

            ScaleReplicaSet(rs, nameToSize[rs.Metadata.Name], d, scalingOperation);
        }
    }

    /// <summary>scaleReplicaSetAndRecordEvent: scale if the size differs.</summary>
    private (bool Scaled, ReplicaSet RS) ScaleReplicaSetAndRecordEvent(ReplicaSet rs, int newScale, Deployment d)
    {
        if (rs.Replicas == newScale)
        {
            return (false, rs);
        }

        return ScaleReplicaSet(rs, newScale, d, rs.Replicas < newScale ? "up" : "down");
    }

    /// <summary>
    /// scaleReplicaSet: write the new size and the desired/max replicas annotations when either differs; a
    /// size change is reported as a ScalingReplicaSet event on the Deployment.
    /// </summary>
    private (bool Scaled, ReplicaSet RS) ScaleReplicaSet(ReplicaSet rs, int newScale, Deployment d, string scalingOperation)
    {
        bool sizeNeedsUpdate = rs.Replicas != newScale;
        int maxReplicas = d.Replicas + DeploymentUtil.MaxSurge(d);
        bool annotationsNeedUpdate = DeploymentAnnotations.ReplicasAnnotationsNeedUpdate(rs, d.Replicas, maxReplicas);
        bool scaled = false;
        if (sizeNeedsUpdate || annotationsNeedUpdate)
        {
            int oldScale = rs.Replicas;
            var rsCopy = ObjectCopies.CloneSharingTemplate(rs);
            rsCopy.Replicas = newScale;
            DeploymentAnnotations.SetReplicasAnnotations(rsCopy, d.Replicas, maxReplicas);
            rs = UpdateReplicaSet(rsCopy);
            if (sizeNeedsUpdate)
            {
                scaled = true;
                _events.Normal(d, "ScalingReplicaSet", string.Create(CultureInfo.InvariantCulture, $"Scaled {scalingOperation} replica set {rs.Metadata.Name} from {oldScale} to {newScale}"), ControllerName);
            }
        }

        return (scaled, rs);
    }

    /// <summary>
    /// cleanupDeployment: delete the oldest old ReplicaSets beyond revisionHistoryLimit, skipping any that still
    /// has pods, wants pods, is not yet observed by its controller, or is being deleted.
    /// </summary>
    internal void CleanupDeployment(List<ReplicaSet> oldRSs, Deployment d)
    {
        if (!DeploymentUtil.HasRevisionHistoryLimit(d))
        {
            return;
        }

        var cleanableRSes = oldRSs.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        int diff = cleanableRSes.Count - d.RevisionHistoryLimit!.Value;
        if (diff <= 0)
        {
            return;
        }

        ReplicaSetOrdering.SortInPlace(cleanableRSes, ReplicaSetOrdering.ByRevision);
        for (int i = 0; i < diff; i++)
        {
            var rs = cleanableRSes[i];
            if (rs.Status.Replicas != 0 || rs.Replicas != 0 || rs.Metadata.Generation > rs.Status.ObservedGeneration || rs.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            DeleteReplicaSetObject(rs);
        }
    }

    /// <summary>syncDeploymentStatus: write the calculated status if it differs.</summary>
    private void SyncDeploymentStatus(List<ReplicaSet?> allRSs, ReplicaSet? newRS, Deployment d)
    {
        var newStatus = CalculateStatus(allRSs, newRS, d, _kernel.Now);
        if (ObjectCopies.StatusEqual(d.Status, newStatus))
        {
            return;
        }

        d.Status = newStatus;
        UpdateDeploymentStatus(d);
    }

    /// <summary>
    /// calculateStatus: counts from the ReplicaSets' statuses (updated = the new ReplicaSet's pods), the
    /// observed generation, and Available=True when at least replicas - maxUnavailable pods are available.
    /// </summary>
    internal static DeploymentStatus CalculateStatus(List<ReplicaSet?> allRSs, ReplicaSet? newRS, Deployment d, TimeSpan now)
    {
        int availableReplicas = DeploymentUtil.GetAvailableReplicaCountForReplicaSets(allRSs);
        int totalReplicas = DeploymentUtil.GetReplicaCountForReplicaSets(allRSs);

        // More available than desired (e.g. while scaling down) is not negative unavailability.
        int unavailableReplicas = Math.Max(0, totalReplicas - availableReplicas);

        var status = new DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = DeploymentUtil.GetActualReplicaCountForReplicaSets(allRSs),
            UpdatedReplicas = DeploymentUtil.GetActualReplicaCountForReplicaSets([newRS]),
            ReadyReplicas = DeploymentUtil.GetReadyReplicaCountForReplicaSets(allRSs),
            AvailableReplicas = availableReplicas,
            UnavailableReplicas = unavailableReplicas,
            CollisionCount = d.Status.CollisionCount,
            Conditions = d.Status.Conditions.Select(DeploymentConditions.Clone).ToList(),
        };

        if (availableReplicas >= d.Replicas - DeploymentUtil.MaxUnavailable(d))
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now));
        }
        else
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
        }

        return status;
    }

    /// <summary>
    /// isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from the Deployment's
    /// replicas (the user scaled; no template change to roll out).
    /// </summary>
    private bool IsScalingEvent(Deployment d, List<ReplicaSet> rsList)
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(d, rsList, createIfNotExisted: false);
        foreach (var rs in ReplicaSetOrdering.FilterActive(DeploymentUtil.Append(oldRSs, newRS)))
        {
            if (DeploymentAnnotations.TryGetDesiredReplicas(rs, out int desired) && desired != d.Replicas)
            {
                return true;
            }
        }

        return false;
    }
}
