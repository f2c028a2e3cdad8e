using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// Watches pods for the time each waits for a node: from its creation until spec.nodeName is set, or until
/// it is deleted (its deletion is requested or it leaves the store, whichever comes first) unbound. Only the
/// pods still waiting are held, by UID (a replacement pod may reuse a name), so the cost is O(1) per pod
/// change and memory is O(pods waiting); nothing is rescanned. Waits are summed in ticks, so the totals are
/// exact and do not depend on the order pods finish waiting. The totals so far (<see cref="PendingPodSecondsAt"/>,
/// <see cref="LongestPendingAt"/>) are O(1) too, for expectations that read them while the run goes on.
/// </summary>
public sealed class PendingPodTracker : IStoreWatcher
{
    private readonly Kernel _kernel;
    private readonly Dictionary<string, TimeSpan> _waitingSince = new(StringComparer.Ordinal);
    private long _closedTicks;
    private long _longestClosedTicks;
    private int _pods;
    private int _waitedClosed;

    // The sum of the open waits' start ticks: the open waits up to T total Waiting x T minus it.
    private long _openSinceTicks;

    // The open waits oldest first, built at the first LongestPendingAt (null until then: a run that never asks pays
    // nothing). Waits open at the clock's time, which never decreases, so appending keeps the order; waits that
    // closed leave lazily, when they reach the head.
    private Queue<(string Uid, long Since)>? _oldestFirst;

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
                Open(pod.Metadata.Uid, pod.Metadata.CreationTimestamp);
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
                Open(uid, _kernel.Now);
            }

            return;
        }

        // Modified and bound or being deleted, or Deleted: the wait (if any) ends now. The watch hands over
        // the stored object itself, so the earlier nodeName is not known; the open waits are.
        if ((type == WatchEventType.Deleted || !IsWaiting(pod)) && _waitingSince.Remove(uid, out var since))
        {
            _openSinceTicks -= since.Ticks;
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

    /// <summary>Pods waiting for a node now (unbound and not being deleted).</summary>
    public int Waiting => _waitingSince.Count;

    /// <summary>
    /// The waits summed up to <paramref name="ticks"/> (now or later; later as if no pod changed meanwhile), pods still
    /// waiting counting until then: at the run's end the <see cref="Outcome"/>'s PendingPodSeconds, to the bit. O(1).
    /// </summary>
    public double PendingPodSecondsAt(long ticks) =>
        (double)(_closedTicks + (_waitingSince.Count * ticks) - _openSinceTicks) / TimeSpan.TicksPerSecond;

    /// <summary>
    /// The longest single wait up to <paramref name="ticks"/> (now or later, as <see cref="PendingPodSecondsAt"/>): a
    /// closed one or the oldest still open. Amortized O(1); the first call sorts the open waits once.
    /// </summary>
    public TimeSpan LongestPendingAt(long ticks)
    {
        // Ordered by start, then UID: pods adopted at construction may have started in any order.
        _oldestFirst ??= new(_waitingSince.OrderBy(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value.Ticks)));
        while (_oldestFirst.Count > 0 && !_waitingSince.ContainsKey(_oldestFirst.Peek().Uid))
        {
            _oldestFirst.Dequeue();
        }

        long open = _oldestFirst.Count > 0 ? Math.Max(0, ticks - _oldestFirst.Peek().Since) : 0;
        return TimeSpan.FromTicks(Math.Max(_longestClosedTicks, open));
    }

    private void Open(string uid, TimeSpan since)
    {
        if (_waitingSince.TryAdd(uid, since))
        {
            _openSinceTicks += since.Ticks;
            _oldestFirst?.Enqueue((uid, since.Ticks));
        }
    }

    private static bool IsWaiting(Pod pod) => pod.Spec.NodeName.Length == 0 && pod.Metadata.DeletionTimestamp is null;
}
