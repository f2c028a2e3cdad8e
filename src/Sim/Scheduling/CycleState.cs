using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// State of one scheduling cycle (framework CycleState): data plugins share between their extension points,
/// keyed by string, plus the cluster view the cycle runs against.
/// </summary>
public sealed class CycleState
{
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);

    public CycleState(SchedulerCache cache, ObjectStore? store = null)
    {
        Cache = cache;
        Store = store;
    }

    /// <summary>The scheduler's node view (the snapshot of the cycle).</summary>
    public SchedulerCache Cache { get; }

    /// <summary>The object store for listers (services, controllers); null in plugin unit tests.</summary>
    public ObjectStore? Store { get; }

    /// <summary>Filter plugins whose PreFilter returned Skip.</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Score plugins whose PreScore returned Skip.</summary>
    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    public void Write(string key, object value) => _data[key] = value;

    public T? Read<T>(string key)
        where T : class => _data.TryGetValue(key, out var value) ? value as T : null;
}
