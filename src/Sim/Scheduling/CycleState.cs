using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// State of one scheduling cycle (framework CycleState): data plugins share between their extension points,
/// keyed by string, plus the cluster view the cycle runs against.
/// </summary>
public sealed class CycleState
{
    // A cycle holds a handful of entries, read once per node by some filters: a short array searched by the
    // key's reference first (plugins use constant, hence interned, keys) is cheaper than hashing the key on
    // every read. Keys are unique; the order of entries is the order of first write and is never observable.
    private string[] _keys = new string[8];
    private object[] _values = new object[8];
    private int _count;

    private readonly IReadOnlyList<NodeInfo>? _snapshot;
    private List<NodeInfo>? _snapshotWithAffinity;
    private List<NodeInfo>? _snapshotWithRequiredAntiAffinity;

    /// <param name="cache">The scheduler's cache.</param>
    /// <param name="store">The object store for listers.</param>
    /// <param name="snapshot">
    /// The nodes of a simulated cluster to run against instead of the cache's (the Cluster Autoscaler's snapshot, with
    /// nodes it would add and pods it would move), for the plugins that list nodes; null for the cache's.
    /// </param>
    public CycleState(SchedulerCache cache, ObjectStore? store = null, IReadOnlyList<NodeInfo>? snapshot = null)
    {
        Cache = cache;
        Store = store;
        _snapshot = snapshot;
    }

    /// <summary>The scheduler's node view (the snapshot of the cycle).</summary>
    public SchedulerCache Cache { get; }

    /// <summary>Every node of the cycle (the shared lister's NodeInfos().List()): the snapshot given, else the cache's.</summary>
    public IReadOnlyList<NodeInfo> Nodes => _snapshot ?? Cache.Nodes;

    /// <summary>The nodes of the cycle with pods with pod (anti-)affinity (NodeInfos().HavePodsWithAffinityList()).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithAffinity =>
        _snapshot is null ? Cache.HavePodsWithAffinity : _snapshotWithAffinity ??= [.. _snapshot.Where(n => n.Node is not null && n.PodsWithAffinity.Count > 0)];

    /// <summary>The nodes of the cycle with pods with required anti-affinity (NodeInfos().HavePodsWithRequiredAntiAffinityList()).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithRequiredAntiAffinity =>
        _snapshot is null ? Cache.HavePodsWithRequiredAntiAffinity : _snapshotWithRequiredAntiAffinity ??= [.. _snapshot.Where(n => n.Node is not null && n.PodsWithRequiredAntiAffinity.Count > 0)];

    /// <summary>The object store for listers (services, controllers); null in plugin unit tests.</summary>
    public ObjectStore? Store { get; }

    /// <summary>Filter plugins whose PreFilter returned Skip.</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Score plugins whose PreScore returned Skip.</summary>
    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// CycleState.Clone: a copy whose entries are the values' own copies (<see cref="IStateData.Clone"/>) where a
    /// plugin's state changes after PreFilter (preemption's dry run adds and removes pods), and the same immutable
    /// values otherwise.
    /// </summary>
    public CycleState Clone()
    {
        var copy = new CycleState(Cache, Store)
        {
            _keys = (string[])_keys.Clone(),
            _values = (object[])_values.Clone(),
            _count = _count,
        };
        for (int i = 0; i < _count; i++)
        {
            if (_values[i] is IStateData data)
            {
                copy._values[i] = data.Clone();
            }
        }

        copy.SkipFilterPlugins.UnionWith(SkipFilterPlugins);
        copy.SkipScorePlugins.UnionWith(SkipScorePlugins);
        return copy;
    }

    public void Write(string key, object value)
    {
        int i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }

        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _keys[_count] = key;
        _values[_count] = value;
        _count++;
    }

    public T? Read<T>(string key)
        where T : class
    {
        int i = IndexOf(key);
        return i >= 0 ? _values[i] as T : null;
    }

    private int IndexOf(string key)
    {
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys[i], key))
            {
                return i;
            }
        }

        for (int i = 0; i < _count; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A cycle-state entry that changes after it is written (framework StateData): <see cref="CycleState.Clone"/> copies it.</summary>
public interface IStateData
{
    /// <summary>A copy that can change without changing this one.</summary>
    IStateData Clone();
}
