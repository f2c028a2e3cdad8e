using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// The annotations the deployment controller keeps on a Deployment and its ReplicaSets (deployment_util.go):
/// the revision and revision history, the desired and maximum replicas recorded for proportional scaling,
/// and which annotations are copied from the Deployment to its new ReplicaSet.
/// </summary>
public static class DeploymentAnnotations
{
    /// <summary>RevisionAnnotation: the rollout sequence number of a ReplicaSet (and, copied, of its Deployment).</summary>
    public const string Revision = Deployment.RevisionAnnotation;

    /// <summary>RevisionHistoryAnnotation: earlier revisions a ReplicaSet served (it was rolled back to).</summary>
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";

    /// <summary>DesiredReplicasAnnotation: the Deployment's replicas when this ReplicaSet was last scaled.</summary>
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";

    /// <summary>MaxReplicasAnnotation: replicas + maxSurge when this ReplicaSet was last scaled.</summary>
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";

    /// <summary>v1.LastAppliedConfigAnnotation (kubectl apply).</summary>
    public const string LastAppliedConfig = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>apps.DeprecatedRollbackTo: extensions/v1beta1's spec.rollbackTo.revision, round-tripped as an annotation.</summary>
    public const string DeprecatedRollbackTo = "deprecated.deployment.rollback.to";

    /// <summary>sync.go maxRevHistoryLengthInChars.</summary>
    public const int MaxRevHistoryLengthInChars = 2000;

    private static readonly HashSet<string> AnnotationsToSkip = new(StringComparer.Ordinal)
    {
        LastAppliedConfig, Revision, RevisionHistory, DesiredReplicas, MaxReplicas, DeprecatedRollbackTo,
    };

    /// <summary>skipCopyAnnotation: the annotations never copied between a Deployment and its ReplicaSets.</summary>
    public static bool SkipCopyAnnotation(string key) => AnnotationsToSkip.Contains(key);

    /// <summary>
    /// deployment_util.go Revision: the revision annotation as an int64; 0 when absent; false (Go's error)
    /// when it does not parse.
    /// </summary>
    public static bool TryRevision(KubeObject obj, out long revision)
    {
        revision = 0;
        if (!obj.Metadata.Annotations.TryGetValue(Revision, out var v))
        {
            return true;
        }

        return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out revision);
    }

    /// <summary>MaxRevision: the highest revision among the sets, skipping ones that do not parse.</summary>
    public static long MaxRevision(IEnumerable<ReplicaSet?> sets)
    {
        long max = 0;
        foreach (var rs in sets)
        {
            if (rs is not null && TryRevision(rs, out long v) && v > max)
            {
                max = v;
            }
        }

        return max;
    }

    /// <summary>LastRevision: the second highest revision (the one before the current).</summary>
    public static long LastRevision(IEnumerable<ReplicaSet?> sets)
    {
        long max = 0, secMax = 0;
        foreach (var rs in sets)
        {
            if (rs is null || !TryRevision(rs, out long v))
            {
                continue;
            }

            if (v >= max)
            {
                secMax = max;
                max = v;
            }
            else if (v > secMax)
            {
                secMax = v;
            }
        }

        return secMax;
    }

    /// <summary>SetDeploymentRevision: true when the Deployment's revision annotation changed.</summary>
    public static bool SetDeploymentRevision(Deployment d, string revision)
    {
        if (d.Metadata.Annotations.GetValueOrDefault(Revision, "") == revision)
        {
            return false;
        }

        d.Metadata.Annotations[Revision] = revision;
        return true;
    }

    /// <summary>
    /// SetNewReplicaSetAnnotations: copies the Deployment's annotations (but the skipped ones) to the new
    /// ReplicaSet, raises its revision to <paramref name="newRevision"/> if that is higher (recording the old
    /// one in the revision history, bounded to <paramref name="revHistoryLimitInChars"/> characters) and, for a
    /// ReplicaSet about to be created, sets the desired and max replicas. True when an annotation changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(Deployment d, ReplicaSet newRS, string newRevision, bool exists, int revHistoryLimitInChars)
    {
        bool annotationChanged = CopyDeploymentAnnotationsToReplicaSet(d, newRS);
        var annotations = newRS.Metadata.Annotations;
        bool ok = annotations.TryGetValue(Revision, out var oldRevision);
        oldRevision ??= "";
        if (!long.TryParse(oldRevision, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long oldRevisionInt))
        {
            if (oldRevision.Length != 0)
            {
                // "Updating replica set revision OldRevision not int"
                return false;
            }

            oldRevisionInt = 0;
        }

        if (!long.TryParse(newRevision, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long newRevisionInt))
        {
            return false;
        }

        if (oldRevisionInt < newRevisionInt)
        {
            annotations[Revision] = newRevision;
            annotationChanged = true;
        }

        // A revision that existed and was raised means a rollback to this ReplicaSet: keep the old revisions.
        if (ok && oldRevisionInt < newRevisionInt)
        {
            var history = annotations.GetValueOrDefault(RevisionHistory, "");
            var oldRevisions = history.Split(',').ToList();
            if (oldRevisions[0].Length == 0)
            {
                annotations[RevisionHistory] = oldRevision;
            }
            else
            {
                int totalLen = history.Length + oldRevision.Length + 1;
                int start = 0;
                while (totalLen > revHistoryLimitInChars && start < oldRevisions.Count)
                {
                    totalLen = totalLen - oldRevisions[start].Length - 1;
                    start++;
                }

                if (totalLen <= revHistoryLimitInChars)
                {
                    var kept = oldRevisions.Skip(start).ToList();
                    kept.Add(oldRevision);
                    annotations[RevisionHistory] = string.Join(",", kept);
                }
            }
        }

        if (!exists && SetReplicasAnnotations(newRS, d.Replicas, d.Replicas + DeploymentUtil.MaxSurge(d)))
        {
            annotationChanged = true;
        }

        return annotationChanged;
    }

    /// <summary>copyDeploymentAnnotationsToReplicaSet: true when the ReplicaSet's annotations changed.</summary>
    public static bool CopyDeploymentAnnotationsToReplicaSet(Deployment d, ReplicaSet rs)
    {
        bool changed = false;
        foreach (var (k, v) in d.Metadata.Annotations)
        {
            if (SkipCopyAnnotation(k) || (rs.Metadata.Annotations.TryGetValue(k, out var existing) && existing == v))
            {
                continue;
            }

            rs.Metadata.Annotations[k] = v;
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// SetDeploymentAnnotationsTo: the Deployment keeps its skipped annotations and takes every other one from
    /// the ReplicaSet it is rolled back to.
    /// </summary>
    public static void SetDeploymentAnnotationsTo(Deployment d, ReplicaSet rollbackToRS)
    {
        var kept = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in d.Metadata.Annotations)
        {
            if (SkipCopyAnnotation(k))
            {
                kept[k] = v;
            }
        }

        foreach (var (k, v) in rollbackToRS.Metadata.Annotations)
        {
            if (!SkipCopyAnnotation(k))
            {
                kept[k] = v;
            }
        }

        d.Metadata.Annotations = kept;
    }

    /// <summary>GetDesiredReplicasAnnotation.</summary>
    public static bool TryGetDesiredReplicas(ReplicaSet rs, out int value) => TryGetInt(rs, DesiredReplicas, out value);

    /// <summary>getMaxReplicasAnnotation.</summary>
    public static bool TryGetMaxReplicas(ReplicaSet rs, out int value) => TryGetInt(rs, MaxReplicas, out value);

    /// <summary>SetReplicasAnnotations: true when either annotation changed.</summary>
    public static bool SetReplicasAnnotations(ReplicaSet rs, int desiredReplicas, int maxReplicas)
    {
        bool updated = false;
        var a = rs.Metadata.Annotations;
        var desired = desiredReplicas.ToString(CultureInfo.InvariantCulture);
        if (a.GetValueOrDefault(DesiredReplicas, "") != desired)
        {
            a[DesiredReplicas] = desired;
            updated = true;
        }

        var max = maxReplicas.ToString(CultureInfo.InvariantCulture);
        if (a.GetValueOrDefault(MaxReplicas, "") != max)
        {
            a[MaxReplicas] = max;
            updated = true;
        }

        return updated;
    }

    /// <summary>ReplicasAnnotationsNeedUpdate.</summary>
    public static bool ReplicasAnnotationsNeedUpdate(ReplicaSet rs, int desiredReplicas, int maxReplicas)
    {
        var a = rs.Metadata.Annotations;
        return a.GetValueOrDefault(DesiredReplicas, "") != desiredReplicas.ToString(CultureInfo.InvariantCulture)
            || a.GetValueOrDefault(MaxReplicas, "") != maxReplicas.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>getIntFromAnnotation: strconv.Atoi of the annotation, converted to int32.</summary>
    private static bool TryGetInt(ReplicaSet rs, string key, out int value)
    {
        value = 0;
        if (!rs.Metadata.Annotations.TryGetValue(key, out var s))
        {
            return false;
        }

        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            return false;
        }

        value = unchecked((int)v);
        return true;
    }
}
