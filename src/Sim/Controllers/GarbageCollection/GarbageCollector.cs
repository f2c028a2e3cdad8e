using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.GarbageCollection;

/// <summary>
/// The garbage collector (pkg/controller/garbagecollector), reduced to what kubectl's default
/// background propagation needs: when an owner is deleted, its dependent pods and ReplicaSets are
/// deleted too. Dependents are found through the store's owner index, never by scanning all pods.
/// </summary>
public sealed class GarbageCollector : IStoreWatcher
{
    private readonly ApiServer _api;
    private readonly WorkQueue _queue;

    public GarbageCollector(Kernel kernel, ApiServer api)
    {
        _api = api;
        _queue = new WorkQueue(kernel, CollectDependents);
        foreach (var kind in new[] { "ReplicationController", "ReplicaSet", "Deployment" })
        {
            api.Store.Watch(kind, this);
        }
    }

    /// <summary>A deleted owner's uid is queued for collection.</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (type == WatchEventType.Deleted)
        {
            _queue.Add(obj.Metadata.Namespace + "|" + obj.Metadata.Uid);
        }
    }

    private void CollectDependents(string key)
    {
        int bar = key.IndexOf('|', StringComparison.Ordinal);
        var ns = key[..bar];
        var uid = key[(bar + 1)..];
        if (_api.Store.GetByUid(uid) is not null)
        {
            return;
        }

        foreach (var pod in _api.Store.PodsOwnedBy(uid).ToList())
        {
            _api.Delete(pod);
        }

        // The store's owner index: the sets of the namespace the owner controlled, in key order (a snapshot, as
        // each delete leaves the index).
        foreach (var rs in _api.Store.SetsOwnedBy("ReplicaSet", uid).ToList())
        {
            if (rs.Metadata.Namespace == ns)
            {
                _api.Delete(rs);
            }
        }
    }
}
