namespace ClusterSim.Sim.Api;

/// <summary>Metadata every stored object has, as in Kubernetes' metav1.ObjectMeta.</summary>
public sealed class ObjectMeta
{
    /// <summary>Name, unique per kind and namespace. Empty until the store fills it from <see cref="GenerateName"/>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Prefix from which the store makes a unique name (Kubernetes appends 5 random characters).</summary>
    public string? GenerateName { get; set; }

    /// <summary>Namespace; empty for cluster-scoped kinds (Node, Namespace).</summary>
    public string Namespace { get; set; } = "";

    /// <summary>Unique id assigned by the store at creation (seeded, so deterministic).</summary>
    public string Uid { get; set; } = "";

    /// <summary>Bumped by the store on every write; a global counter as etcd's revision is.</summary>
    public long ResourceVersion { get; set; }

    /// <summary>Bumped when the spec changes (workloads only), as the API server does.</summary>
    public long Generation { get; set; }

    /// <summary>Virtual time of creation.</summary>
    public TimeSpan CreationTimestamp { get; set; }

    /// <summary>Set when graceful deletion has begun; the object disappears when it completes.</summary>
    public TimeSpan? DeletionTimestamp { get; set; }

    /// <summary>Grace period of the pending deletion, in seconds.</summary>
    public long? DeletionGracePeriodSeconds { get; set; }

    /// <summary>Labels, ordered by key (ordinal) so printing never depends on insertion order.</summary>
    public SortedDictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Annotations, ordered by key (ordinal).</summary>
    public SortedDictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Owners, e.g. the ReplicaSet that created a pod.</summary>
    public List<OwnerReference> OwnerReferences { get; set; } = [];

    /// <summary>The controlling owner reference, if any.</summary>
    public OwnerReference? ControllerRef => OwnerReferences.Find(o => o.Controller);

    /// <summary>A deep copy.</summary>
    public ObjectMeta Clone()
    {
        // A memberwise copy with fresh collections: `new() { ... }` first built the default collections only to
        // replace them, and pods are created from copies of their template's metadata (150,000 at 5,000 nodes).
        // Owner references are immutable records, so the copy's list holds the same ones.
        var copy = (ObjectMeta)MemberwiseClone();
        copy.Labels = MapCopies.Copy(Labels);
        copy.Annotations = MapCopies.Copy(Annotations);
        copy.OwnerReferences = [.. OwnerReferences];
        return copy;
    }
}

/// <summary>Copies of the ordinal-ordered maps of the object model.</summary>
public static class MapCopies
{
    /// <summary>
    /// A new map with the entries of <paramref name="source"/>, ordered by ordinal key; an empty source gives a
    /// plain empty map (the copy constructor allocates its copying machinery even for no entries).
    /// </summary>
    public static SortedDictionary<string, TValue> Copy<TValue>(SortedDictionary<string, TValue> source) =>
        source.Count == 0
            ? new SortedDictionary<string, TValue>(StringComparer.Ordinal)
            : new SortedDictionary<string, TValue>(source, StringComparer.Ordinal);
}

/// <summary>A reference from a dependent to its owner (metav1.OwnerReference).</summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool Controller = true, bool BlockOwnerDeletion = true);
