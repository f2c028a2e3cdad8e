using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// Watches pods for the time each waits for a node: from its creation until spec.nodeName is set, or until
/// it is deleted (its deletion is requested or it leaves the store, whichever comes first) unbound. Only the
/// pods still waiting are held, by UID (a replacement pod may reuse a name), so the cost is O(1) per pod
/// change and memory is O(pods waiting); nothing is rescanned. Waits are summed in ticks, so the totals are
/// exact and do not depend on the order pods finish waiting.
/// </summary>
public sealed class PendingPodTracker : IStoreWatcher
{
    private readonly Kernel _kernel;
    private readonly Dictionary<string, TimeSpan> _waitingSince = new(StringComparer.Ordinal);
    private long _closedTicks;
    private long _longestClosedTicks;
    private int _pods;
    private int _waitedClosed;

    /// <summary>
    /// Starts watching pods. Pods already in the store (created before the tracker) are adopted: an unbound
    /// one waits from its creation timestamp. Construct it before the workload is applied to see every pod
    /// arrive; adoption is a single pass over the pods at construction.
    /// </summary>
    public PendingPodTracker(Kernel kernel, ObjectStore store)
    {
        _kernel = kernel;
        foreach (Pod pod in store.List("Pod"))
        {
            _pods++;
            if (IsWaiting(pod))
            {
                _waitingSince[pod.Metadata.Uid] = pod.Metadata.CreationTimestamp;
            }
        }

        store.Watch("Pod", this);
    }

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is not Pod pod)
        {
            return;
        }

        var uid = pod.Metadata.Uid;
        if (type == WatchEventType.Added)
        {
            _pods++;
            if (IsWaiting(pod))
            {
                _waitingSince[uid] = _kernel.Now;
            }

            return;
        }

        // Modified and bound or being deleted, or Deleted: the wait (if any) ends now. The watch hands over
        // the stored object itself, so the earlier nodeName is not known; the open waits are.
        if ((type == WatchEventType.Deleted || !IsWaiting(pod)) && _waitingSince.Remove(uid, out var since))
        {
            long waited = (_kernel.Now - since).Ticks;
            _closedTicks += waited;
            _longestClosedTicks = Math.Max(_longestClosedTicks, waited);
            _waitedClosed += waited > 0 ? 1 : 0;
        }
    }

    /// <summary>The waits up to <paramref name="end"/> (normally the run's end time); pods still waiting count until then. O(pods waiting).</summary>
    public PendingOutcome Outcome(TimeSpan end)
    {
        long total = _closedTicks;
        long longest = _longestClosedTicks;
        int waitedPods = _waitedClosed;
        foreach (var since in _waitingSince.Values)
        {
            // Integer sums and a maximum: the dictionary's order cannot change the result.
            long waited = Math.Max(0, (end - since).Ticks);
            total += waited;
            longest = Math.Max(longest, waited);
            waitedPods += waited > 0 ? 1 : 0;
        }

        return new PendingOutcome((double)total / TimeSpan.TicksPerSecond, TimeSpan.FromTicks(longest), _pods, _waitingSince.Count) { Waited = waitedPods };
    }

    private static bool IsWaiting(Pod pod) => pod.Spec.NodeName.Length == 0 && pod.Metadata.DeletionTimestamp is null;
}
