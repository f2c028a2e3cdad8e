using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>The kind of change a watcher is told of.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// Receives the store's changes, as an informer's event handler does. Handlers run synchronously inside
/// the write, so they must not write to the store themselves: they record what changed or enqueue a key
/// for a controller to reconcile later.
/// </summary>
public interface IStoreWatcher
{
    void OnChange(WatchEventType type, KubeObject obj);
}
