using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Replication;

/// <summary>
/// Which pods a ReplicaSet or ReplicationController deletes first when it scales down: Kubernetes'
/// ActivePodsWithRanks ordering (pkg/controller/controller_utils.go ActivePodsWithRanks.Less), with the
/// PodDeletionCost and LogarithmicScaleDown features on, as they are by default since v1.22.
/// </summary>
public static class PodDeletionRanking
{
    /// <summary>The annotation that lets users bias scale-down (controller.kubernetes.io/pod-deletion-cost).</summary>
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>
    /// replica_set.go getPodsToDelete: the first <paramref name="diff"/> of <paramref name="filteredPods"/>
    /// ranked by related active pods on the same node.
    /// </summary>
    public static List<Pod> PodsToDelete(IReadOnlyList<Pod> filteredPods, IReadOnlyList<Pod> relatedPods, int diff, TimeSpan now)
    {
        var pods = filteredPods.ToList();
        if (diff < pods.Count)
        {
            // replica_set.go getPodsRankedByRelatedPodsOnSameNode
            var podsOnNode = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in relatedPods)
            {
                if (PodUtil.IsActive(p))
                {
                    podsOnNode[p.Spec.NodeName] = podsOnNode.GetValueOrDefault(p.Spec.NodeName) + 1;
                }
            }

            var ranked = pods.Select(p => (Pod: p, Rank: podsOnNode.GetValueOrDefault(p.Spec.NodeName))).ToList();
            var comparer = Comparer<(Pod Pod, int Rank)>.Create((a, b) => Less(a.Pod, a.Rank, b.Pod, b.Rank, now) ? -1 : Less(b.Pod, b.Rank, a.Pod, a.Rank, now) ? 1 : 0);
            pods = ranked.OrderBy(x => x, comparer).Select(x => x.Pod).ToList();
        }

        return pods.Take(diff).ToList();
    }

    /// <summary>controller_utils.go ActivePodsWithRanks.Less: true when pod i should be deleted before pod j.</summary>
    public static bool Less(Pod pi, int rankI, Pod pj, int rankJ, TimeSpan now)
    {
        // 1. Unassigned < assigned
        if (pi.Spec.NodeName != pj.Spec.NodeName && (pi.Spec.NodeName.Length == 0 || pj.Spec.NodeName.Length == 0))
        {
            return pi.Spec.NodeName.Length == 0;
        }

        // 2. PodPending < PodUnknown < PodRunning
        int oi = PhaseOrdinal(pi.Status.Phase), oj = PhaseOrdinal(pj.Status.Phase);
        if (oi != oj)
        {
            return oi < oj;
        }

        // 3. Not ready < ready
        bool ri = PodUtil.IsReady(pi), rj = PodUtil.IsReady(pj);
        if (ri != rj)
        {
            return !ri;
        }

        // 4. lower pod-deletion-cost < higher pod-deletion-cost
        int ci = DeletionCost(pi), cj = DeletionCost(pj);
        if (ci != cj)
        {
            return ci < cj;
        }

        // 5. Doubled up < not doubled up
        if (rankI != rankJ)
        {
            return rankI > rankJ;
        }

        // 6. Been ready for empty time < less time < more time (logarithmic buckets)
        if (ri && rj)
        {
            var ti = pi.Status.GetCondition("Ready")!.LastTransitionTime;
            var tj = pj.Status.GetCondition("Ready")!.LastTransitionTime;
            if (ti != tj)
            {
                if (ti == ZeroTime || tj == ZeroTime)
                {
                    return AfterOrZero(ti, tj);
                }

                long diff = LogarithmicRankDiff(ti, tj, now);
                if (diff == 0)
                {
                    return string.CompareOrdinal(pi.Metadata.Uid, pj.Metadata.Uid) < 0;
                }

                return diff < 0;
            }
        }

        // 7. Pods with containers with higher restart counts < lower restart counts
        int restartsI = PodUtil.MaxContainerRestarts(pi), restartsJ = PodUtil.MaxContainerRestarts(pj);
        if (restartsI != restartsJ)
        {
            return restartsI > restartsJ;
        }

        // 8. Empty creation time pods < newer pods < older pods (logarithmic buckets)
        if (pi.Metadata.CreationTimestamp != pj.Metadata.CreationTimestamp)
        {
            if (pi.Metadata.CreationTimestamp == ZeroTime || pj.Metadata.CreationTimestamp == ZeroTime)
            {
                return AfterOrZero(pi.Metadata.CreationTimestamp, pj.Metadata.CreationTimestamp);
            }

            long diff = LogarithmicRankDiff(pi.Metadata.CreationTimestamp, pj.Metadata.CreationTimestamp, now);
            if (diff == 0)
            {
                return string.CompareOrdinal(pi.Metadata.Uid, pj.Metadata.Uid) < 0;
            }

            return diff < 0;
        }

        return false;
    }

    /// <summary>
    /// Stands for Go's zero time (an unset timestamp). Objects in a run always have real times; the
    /// value exists so the ordering can be tested against Kubernetes' own cases, which use zero times.
    /// </summary>
    public static readonly TimeSpan ZeroTime = TimeSpan.MinValue;

    /// <summary>controller_utils.go afterOrZero: a zero time sorts first, otherwise the later time does.</summary>
    public static bool AfterOrZero(TimeSpan t1, TimeSpan t2)
    {
        if (t1 == ZeroTime || t2 == ZeroTime)
        {
            return t1 == ZeroTime;
        }

        return t1 > t2;
    }

    /// <summary>controller_utils.go logarithmicRankDiff: compares floor(log2(age in nanoseconds)) of two times.</summary>
    public static long LogarithmicRankDiff(TimeSpan t1, TimeSpan t2, TimeSpan now)
    {
        long d1 = (now - t1).Ticks * 100;
        long d2 = (now - t2).Ticks * 100;
        long r1 = d1 > 0 ? (long)Math.Log2(d1) : -1;
        long r2 = d2 > 0 ? (long)Math.Log2(d2) : -1;
        return r1 - r2;
    }

    /// <summary>pkg/apis/core/helper GetDeletionCostFromPodAnnotations: the annotation as int32, 0 when absent or invalid.</summary>
    public static int DeletionCost(Pod pod) =>
        pod.Metadata.Annotations.TryGetValue(DeletionCostAnnotation, out var v)
        && int.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var cost)
            ? cost
            : 0;

    private static int PhaseOrdinal(string phase) => phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };
}
