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
    public ObjectMeta Clone() => new()
    {
        Name = Name,
        GenerateName = GenerateName,
        Namespace = Namespace,
        Uid = Uid,
        ResourceVersion = ResourceVersion,
        Generation = Generation,
        CreationTimestamp = CreationTimestamp,
        DeletionTimestamp = DeletionTimestamp,
        DeletionGracePeriodSeconds = DeletionGracePeriodSeconds,
        Labels = new SortedDictionary<string, string>(Labels, StringComparer.Ordinal),
        Annotations = new SortedDictionary<string, string>(Annotations, StringComparer.Ordinal),
        OwnerReferences = OwnerReferences.Select(o => o with { }).ToList(),
    };
}

/// <summary>A reference from a dependent to its owner (metav1.OwnerReference).</summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool Controller = true, bool BlockOwnerDeletion = true);
