using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// The etcd analogue: objects by kind and key, a global resourceVersion counter, watches and indexes.
/// <para>
/// Listing returns objects in ordinal key order ("namespace/name"), never in hash order, so every
/// consumer is deterministic. Get is a hash lookup; create and delete cost O(log n) in the objects of that kind;
/// the pods-by-node and pods-by-owner indexes make the per-node and per-controller queries O(k) in the
/// pods found, so nothing needs to scan all pods per event; the sets-by-owner index does the same for the
/// ReplicaSets (and ReplicationControllers) a Deployment controls or could adopt.
/// </para>
/// <para>
/// Writes go through <see cref="ApiServer"/>, which defaults, validates and allocates before storing;
/// controllers read from here as they would from an informer's lister.
/// </para>
/// </summary>
public sealed class ObjectStore
{
    private readonly Dictionary<string, SortedDictionary<string, KubeObject>> _byKind = new(StringComparer.Ordinal);

    // The same objects by kind and key in hash maps, for Get: a sorted map costs log2(n) string comparisons a
    // lookup (13 for 5,000 nodes, each a cache miss), and a kubelet reads its Node at every status post.
    private readonly Dictionary<string, Dictionary<string, KubeObject>> _hashByKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IStoreWatcher>> _watchers = new(StringComparer.Ordinal);
    private readonly List<IStoreWatcher> _allWatchers = [];
    private readonly Dictionary<string, SortedDictionary<string, Pod>> _podsByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, Pod>> _podsByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<Pod, (string Node, string Owner)> _podIndexKeys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, KubeObject> _byUid = new(StringComparer.Ordinal);

    // The workload sets (ReplicaSets, ReplicationControllers) by kind, then by controller owner uid (or the orphan
    // key of their namespace), with the key each set is filed under: what client-go's listers plus a filter on
    // the controllerRef give, without scanning every set of the kind.
    private readonly Dictionary<string, Dictionary<string, SortedDictionary<string, KubeObject>>> _setsByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<KubeObject, string> _setIndexKeys = new(ReferenceEqualityComparer.Instance);
    private readonly PodLabelIndex _podsByLabel = new();

    // Custom resources' entries by kind, from the first object of the kind stored (as discovery serves a CRD's resource
    // once it is installed): kept after the objects go, so `kubectl get` of the kind still answers "No resources found".
    private readonly SortedDictionary<string, ApiResource> _customResources = new(StringComparer.Ordinal);
    private long _resourceVersion;

    /// <summary>The latest resourceVersion handed out.</summary>
    public long ResourceVersion => _resourceVersion;

    /// <summary>The object of <paramref name="kind"/> at <paramref name="key"/> ("ns/name" or "name"), or null.</summary>
    public KubeObject? Get(string kind, string key) =>
        _hashByKind.TryGetValue(kind, out var objects) && objects.TryGetValue(key, out var obj) ? obj : null;

    /// <summary>The object named <paramref name="name"/> in <paramref name="ns"/> (ignored for cluster-scoped kinds), or null.</summary>
    public T? Get<T>(string ns, string name)
        where T : KubeObject
    {
        var kind = KindOf<T>();
        var key = ApiResources.ForKind(kind).Namespaced ? ns + "/" + name : name;
        return Get(kind, key) as T;
    }

    /// <summary>
    /// Whether <paramref name="obj"/> is the stored instance: <c>Get(obj.Kind, obj.Key) == obj</c>. The uid index
    /// answers yes in one hash lookup without building the key (it holds an object only from its Add to the
    /// removal of any object with its uid); the key lookup answers the rest (objects not stored, and objects a
    /// test stored without distinct uids).
    /// </summary>
    public bool IsStored(KubeObject obj) =>
        (_byUid.TryGetValue(obj.Metadata.Uid, out var stored) && ReferenceEquals(stored, obj)) || Get(obj.Kind, obj.Key) == obj;

    /// <summary>The object with this uid, or null.</summary>
    public KubeObject? GetByUid(string uid) => _byUid.GetValueOrDefault(uid);

    /// <summary>All objects of <paramref name="kind"/> (in <paramref name="ns"/> if given), in key order.</summary>
    public IEnumerable<KubeObject> List(string kind, string? ns = null)
    {
        if (!_byKind.TryGetValue(kind, out var objects))
        {
            return [];
        }

        if (ns is null)
        {
            return objects.Values;
        }

        return objects.Values.Where(o => o.Metadata.Namespace == ns);
    }

    /// <summary>All objects of type <typeparamref name="T"/> (in <paramref name="ns"/> if given), in key order.</summary>
    public IEnumerable<T> List<T>(string? ns = null)
        where T : KubeObject => List(KindOf<T>(), ns).Cast<T>();

    /// <summary>Number of stored objects of <paramref name="kind"/>.</summary>
    public int Count(string kind) => _byKind.TryGetValue(kind, out var objects) ? objects.Count : 0;

    /// <summary>Pods bound to <paramref name="nodeName"/>, in key order.</summary>
    public IReadOnlyCollection<Pod> PodsOnNode(string nodeName) =>
        _podsByNode.TryGetValue(nodeName, out var pods) ? pods.Values : [];

    /// <summary>Pods whose controller owner reference has <paramref name="ownerUid"/>, in key order.</summary>
    public IReadOnlyCollection<Pod> PodsOwnedBy(string ownerUid) =>
        _podsByOwner.TryGetValue(ownerUid, out var pods) ? pods.Values : [];

    /// <summary>
    /// ReplicaSets or ReplicationControllers (<paramref name="kind"/>) whose controller owner reference has
    /// <paramref name="ownerUid"/>, in key order, from an index: the sets a Deployment controls without listing
    /// every set. Callers that need one namespace filter by it (an owner reference names an owner of the same
    /// namespace, but nothing stops a third party writing another's uid).
    /// </summary>
    public IReadOnlyCollection<KubeObject> SetsOwnedBy(string kind, string ownerUid) => SetsFiledUnder(kind, ownerUid);

    /// <summary>ReplicaSets or ReplicationControllers (<paramref name="kind"/>) in <paramref name="ns"/> with no controller owner reference, in key order (candidates for adoption).</summary>
    public IReadOnlyCollection<KubeObject> OrphanSetsIn(string kind, string ns) => SetsFiledUnder(kind, OrphanKey(ns));

    /// <summary>Pods in <paramref name="ns"/> that <paramref name="selector"/> matches, in key order (client-go's lister.Pods(ns).List(selector)), from a label index.</summary>
    public IEnumerable<Pod> PodsMatching(string ns, Selector selector) => _podsByLabel.Matching(ns, selector);

    /// <summary>Pods in <paramref name="ns"/> with no controller owner reference, in key order (candidates for adoption).</summary>
    public IReadOnlyCollection<Pod> OrphanPodsIn(string ns) => PodsOwnedBy(OrphanKey(ns));

    /// <summary>The resource entry of <paramref name="kind"/>: a served kind's, or a custom resource's once one was stored; null otherwise.</summary>
    public ApiResource? Resource(string kind) =>
        ApiResources.IsServed(kind) ? ApiResources.ForKind(kind) : _customResources.GetValueOrDefault(kind);

    /// <summary>The custom resources stored so far (their first object's entry), by kind in ordinal order.</summary>
    public IEnumerable<ApiResource> CustomResources => _customResources.Values;

    /// <summary>Registers a watcher of one kind.</summary>
    public void Watch(string kind, IStoreWatcher watcher)
    {
        if (!_watchers.TryGetValue(kind, out var list))
        {
            _watchers[kind] = list = [];
        }

        list.Add(watcher);
    }

    /// <summary>Registers a watcher of every kind (instruments: time series, invariant checkers).</summary>
    public void WatchAll(IStoreWatcher watcher) => _allWatchers.Add(watcher);

    /// <summary>Stores a new object; the caller has checked the key is free.</summary>
    internal void Add(KubeObject obj)
    {
        obj.Metadata.ResourceVersion = ++_resourceVersion;
        var key = obj.Key;
        if (obj is KeptObject kept && !ApiResources.IsServed(kept.Kind))
        {
            _customResources.TryAdd(kept.Kind, kept.Resource);
        }

        Objects(obj.Kind).Add(key, obj);
        _hashByKind[obj.Kind].Add(key, obj);
        _byUid[obj.Metadata.Uid] = obj;
        Reindex(obj, removed: false);
        Notify(WatchEventType.Added, obj);
    }

    /// <summary>Records a change to a stored object.</summary>
    internal void Modified(KubeObject obj)
    {
        obj.Metadata.ResourceVersion = ++_resourceVersion;
        Reindex(obj, removed: false);
        Notify(WatchEventType.Modified, obj);
    }

    /// <summary>
    /// Tells the watchers of a change that is not a write: no new resourceVersion (see ApiServer.RenewLease).
    /// </summary>
    internal void Touched(KubeObject obj) => Notify(WatchEventType.Modified, obj);

    /// <summary>Removes a stored object.</summary>
    internal bool Remove(KubeObject obj)
    {
        var key = obj.Key;
        if (!Objects(obj.Kind).Remove(key))
        {
            return false;
        }

        _hashByKind[obj.Kind].Remove(key);

        _byUid.Remove(obj.Metadata.Uid);
        obj.Metadata.ResourceVersion = ++_resourceVersion;
        Reindex(obj, removed: true);
        Notify(WatchEventType.Deleted, obj);
        return true;
    }

    /// <summary>
    /// A test seam: loses an object as a store bug would, without a watch event or a new resourceVersion, so
    /// that a test can show the conservation invariant catches pods that vanish. Nothing in the simulator calls it.
    /// </summary>
    internal bool LoseWithoutNotifying(KubeObject obj)
    {
        var key = obj.Key;
        if (!Objects(obj.Kind).Remove(key))
        {
            return false;
        }

        _hashByKind[obj.Kind].Remove(key);

        _byUid.Remove(obj.Metadata.Uid);
        Reindex(obj, removed: true);
        return true;
    }

    /// <summary>The Kind string of a CLR object type.</summary>
    public static string KindOf<T>()
        where T : KubeObject => KindCache<T>.Kind;

    private static string OrphanKey(string ns) => "orphan:" + ns;

    private SortedDictionary<string, KubeObject> Objects(string kind)
    {
        if (!_byKind.TryGetValue(kind, out var objects))
        {
            _byKind[kind] = objects = new SortedDictionary<string, KubeObject>(StringComparer.Ordinal);
            _hashByKind[kind] = new Dictionary<string, KubeObject>(StringComparer.Ordinal);
        }

        return objects;
    }

    private static bool IsIndexedSetKind(string kind) => kind is "ReplicaSet" or "ReplicationController";

    private IReadOnlyCollection<KubeObject> SetsFiledUnder(string kind, string ownerKey) =>
        _setsByOwner.TryGetValue(kind, out var byOwner) && byOwner.TryGetValue(ownerKey, out var sets) ? sets.Values : [];

    private void Reindex(KubeObject obj, bool removed)
    {
        if (obj is not Pod pod)
        {
            if (IsIndexedSetKind(obj.Kind))
            {
                ReindexSet(obj, removed);
            }

            return;
        }

        _podsByLabel.Update(pod, removed);
        var key = pod.Key;
        var newKeys = removed ? (Node: "", Owner: "") : (Node: pod.Spec.NodeName, Owner: pod.Metadata.ControllerRef?.Uid ?? OrphanKey(pod.Metadata.Namespace));
        var oldKeys = _podIndexKeys.TryGetValue(pod, out var k) ? k : (Node: "", Owner: "");
        if (oldKeys == newKeys)
        {
            return;
        }

        Move(_podsByNode, oldKeys.Node, newKeys.Node, key, pod);
        Move(_podsByOwner, oldKeys.Owner, newKeys.Owner, key, pod);
        if (removed)
        {
            _podIndexKeys.Remove(pod);
        }
        else
        {
            _podIndexKeys[pod] = newKeys;
        }
    }

    private void ReindexSet(KubeObject set, bool removed)
    {
        var newKey = removed ? "" : set.Metadata.ControllerRef?.Uid ?? OrphanKey(set.Metadata.Namespace);
        var oldKey = _setIndexKeys.TryGetValue(set, out var k) ? k : "";
        if (oldKey == newKey)
        {
            return;
        }

        if (!_setsByOwner.TryGetValue(set.Kind, out var byOwner))
        {
            _setsByOwner[set.Kind] = byOwner = new Dictionary<string, SortedDictionary<string, KubeObject>>(StringComparer.Ordinal);
        }

        Move(byOwner, oldKey, newKey, set.Key, set);
        if (removed)
        {
            _setIndexKeys.Remove(set);
        }
        else
        {
            _setIndexKeys[set] = newKey;
        }
    }

    private static void Move<T>(Dictionary<string, SortedDictionary<string, T>> index, string from, string to, string key, T obj)
    {
        if (from == to)
        {
            return;
        }

        if (from.Length > 0 && index.TryGetValue(from, out var old))
        {
            old.Remove(key);
            if (old.Count == 0)
            {
                index.Remove(from);
            }
        }

        if (to.Length > 0)
        {
            if (!index.TryGetValue(to, out var set))
            {
                index[to] = set = new SortedDictionary<string, T>(StringComparer.Ordinal);
            }

            set[key] = obj;
        }
    }

    private void Notify(WatchEventType type, KubeObject obj)
    {
        if (_watchers.TryGetValue(obj.Kind, out var list))
        {
            foreach (var w in list)
            {
                w.OnChange(type, obj);
            }
        }

        foreach (var w in _allWatchers)
        {
            w.OnChange(type, obj);
        }
    }

    private static class KindCache<T>
        where T : KubeObject
    {
        public static readonly string Kind = ((KubeObject)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T))).Kind;
    }
}
