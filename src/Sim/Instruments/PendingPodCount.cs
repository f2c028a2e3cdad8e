using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// How many pods are Pending and not being deleted (the time series' `pendingPods`), kept from pod watch events
/// instead of counted over every pod at each sample (150,000 pods a sample at the scale issue's size).
/// </summary>
public sealed class PendingPodCount : IStoreWatcher
{
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    /// <summary>Counts the pods already stored and follows every later pod change.</summary>
    public PendingPodCount(ObjectStore store)
    {
        foreach (Pod pod in store.List("Pod"))
        {
            OnChange(WatchEventType.Added, pod);
        }

        store.Watch("Pod", this);
    }

    /// <summary>The number of pods in phase Pending without a deletion timestamp.</summary>
    public int Count => _pending.Count;

    /// <summary>Whether <paramref name="pod"/> counts: what the literal count over all pods tests.</summary>
    public static bool Counts(Pod pod) => pod.Status.Phase == "Pending" && pod.Metadata.DeletionTimestamp is null;

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is not Pod pod)
        {
            return;
        }

        if (type != WatchEventType.Deleted && Counts(pod))
        {
            _pending.Add(pod.Key);
        }
        else
        {
            _pending.Remove(pod.Key);
        }
    }
}
