using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

/// <summary>
/// The ReplicaSet orderings and filters of pkg/controller/controller_utils.go (ReplicaSetsByCreationTimestamp,
/// ReplicaSetsBySizeOlder, ReplicaSetsBySizeNewer, FilterActiveReplicaSets, FilterReplicaSets) and
/// deployment_util.go's ReplicaSetsByRevision.
/// <para>
/// Creation timestamps are compared at whole seconds: the API server stores metav1.Time with second
/// precision (its protobuf form drops the nanoseconds), so two ReplicaSets created within the same second
/// are tied in Kubernetes too and ordered by name. Every ordering ends with the name, so it is total and the
/// sort order does not depend on the sort algorithm (Go's sort.Sort is not stable; ours is).
/// </para>
/// </summary>
public static class ReplicaSetOrdering
{
    /// <summary>A timestamp as the API server stores it: whole seconds.</summary>
    public static long StoredSeconds(TimeSpan t) => t.Ticks / TimeSpan.TicksPerSecond;

    /// <summary>ReplicaSetsByCreationTimestamp.Less: older first, then by name.</summary>
    public static int ByCreationTimestamp(ReplicaSet a, ReplicaSet b)
    {
        long ta = StoredSeconds(a.Metadata.CreationTimestamp), tb = StoredSeconds(b.Metadata.CreationTimestamp);
        if (ta == tb)
        {
            return string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
        }

        return ta < tb ? -1 : 1;
    }

    /// <summary>ReplicaSetsBySizeOlder: larger first; equal sizes older first (by creation timestamp, then name).</summary>
    public static int BySizeOlder(ReplicaSet a, ReplicaSet b)
    {
        if (a.Replicas == b.Replicas)
        {
            return ByCreationTimestamp(a, b);
        }

        return a.Replicas > b.Replicas ? -1 : 1;
    }

    /// <summary>ReplicaSetsBySizeNewer: larger first; equal sizes newer first.</summary>
    public static int BySizeNewer(ReplicaSet a, ReplicaSet b)
    {
        if (a.Replicas == b.Replicas)
        {
            return ByCreationTimestamp(b, a);
        }

        return a.Replicas > b.Replicas ? -1 : 1;
    }

    /// <summary>
    /// deployment_util.go ReplicaSetsByRevision: by revision annotation, older first; when either revision
    /// does not parse or they are equal, by creation timestamp.
    /// </summary>
    public static int ByRevision(ReplicaSet a, ReplicaSet b)
    {
        bool okA = DeploymentAnnotations.TryRevision(a, out long ra);
        bool okB = DeploymentAnnotations.TryRevision(b, out long rb);
        if (!okA || !okB || ra == rb)
        {
            return ByCreationTimestamp(a, b);
        }

        return ra < rb ? -1 : 1;
    }

    /// <summary>Sorts <paramref name="sets"/> in place, as sort.Sort does on a Go slice.</summary>
    public static void SortInPlace(List<ReplicaSet> sets, Comparison<ReplicaSet> comparison)
    {
        var sorted = sets.OrderBy(x => x, Comparer<ReplicaSet>.Create(comparison)).ToList();
        sets.Clear();
        sets.AddRange(sorted);
    }

    /// <summary>controller.FilterActiveReplicaSets: non-null sets with spec.replicas &gt; 0.</summary>
    public static List<ReplicaSet> FilterActive(IEnumerable<ReplicaSet?> sets) =>
        sets.Where(rs => rs is not null && rs.Replicas > 0).Select(rs => rs!).ToList();
}
