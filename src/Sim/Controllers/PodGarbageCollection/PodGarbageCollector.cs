using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.PodGarbageCollection;

/// <summary>
/// The pod garbage collector (pkg/controller/podgc/gc_controller.go), for the cases a simulation meets:
/// gcOrphaned force-deletes pods bound to a node that no longer exists (after the node has been missing
/// for the quarantine time, 40s), and gcUnscheduledTerminating force-deletes terminating pods that were
/// never scheduled. Runs every gcCheckPeriod (20s). Terminated-pod thresholds (12500) are not reached in
/// simulations and are not modelled.
/// <para>
/// A check costs O(missing nodes + pods it deletes), not O(pods) nor O(nodes): the collector watches pods and
/// nodes and keeps, in key order, the nodes its pods are bound to (with a count), those of them absent from
/// the store, and the unscheduled terminating pods, which is what a scan of every pod found. Each watch event
/// costs O(log n).
/// </para>
/// </summary>
public sealed class PodGarbageCollector : IEventHandler, IStoreWatcher
{
    /// <summary>podgc gcCheckPeriod.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(20);

    /// <summary>podgc quarantineTime: how long a node must be missing before its pods are deleted.</summary>
    public static readonly TimeSpan QuarantineTime = TimeSpan.FromSeconds(40);

    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly Dictionary<string, TimeSpan> _missingSince = new(StringComparer.Ordinal);

    // The node each bound pod names (by pod key), and how many pods name each node: the nodes with a count
    // are exactly the nodes a scan of every pod's spec.nodeName would find, in the same (ordinal) order.
    private readonly Dictionary<string, string> _nodeOfPod = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _podsPerNode = new(StringComparer.Ordinal);

    // The nodes of _podsPerNode that are not in the store, in the same (ordinal) order: the only ones gcOrphaned acts on.
    private readonly SortedSet<string> _absentNodes = new(StringComparer.Ordinal);

    // Keys of pods with no node and a deletionTimestamp, in the store's (ordinal key) order.
    private readonly SortedSet<string> _unscheduledTerminating = new(StringComparer.Ordinal);

    public PodGarbageCollector(Kernel kernel, ApiServer api, EventRecorder events)
    {
        _api = api;
        _events = events;
        foreach (Pod pod in api.Store.List("Pod"))
        {
            Track(pod);
        }

        api.Store.Watch("Pod", this);
        api.Store.Watch("Node", this);
        kernel.ScheduleIn(CheckPeriod.Ticks, this);
    }

    /// <summary>Keeps the node counts and the unscheduled terminating pods in step with the store; O(log n).</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is Node changedNode)
        {
            var name = changedNode.Metadata.Name;
            if (type == WatchEventType.Deleted && _podsPerNode.ContainsKey(name))
            {
                _absentNodes.Add(name);
            }
            else if (type == WatchEventType.Added)
            {
                _absentNodes.Remove(name);
            }

            return;
        }

        if (obj is not Pod pod)
        {
            return;
        }

        var key = pod.Key;

        // Most pod writes are status updates of a bound pod: nothing to change.
        if (type != WatchEventType.Deleted && pod.Spec.NodeName.Length > 0 && _nodeOfPod.TryGetValue(key, out var node) && node == pod.Spec.NodeName)
        {
            return;
        }

        Untrack(key);
        if (type != WatchEventType.Deleted)
        {
            Track(pod);
        }
    }

    public void OnEvent(Kernel kernel, long argument)
    {
        var now = kernel.Now;
        var store = _api.Store;
        var toDelete = new List<(Pod Pod, string Reason)>();

        // gcUnscheduledTerminating first, in pod key order, as the scan of every pod found them.
        foreach (var key in _unscheduledTerminating)
        {
            if (store.Get("Pod", key) is Pod pod)
            {
                toDelete.Add((pod, "unscheduled terminating pod"));
            }
        }

        // gcOrphaned: nodes referenced by pods but absent from the store. Nothing below writes before the
        // deletions at the end, so the watched sets do not change while they are walked. A referenced node
        // that is present only forgets when it was missing: that matters for the few that were.
        if (_missingSince.Count > 0)
        {
            foreach (var node in _missingSince.Keys.ToList())
            {
                if (_podsPerNode.ContainsKey(node) && !_absentNodes.Contains(node))
                {
                    _missingSince.Remove(node);
                }
            }
        }

        foreach (var node in _absentNodes)
        {
            if (!_missingSince.TryGetValue(node, out var since))
            {
                _missingSince[node] = now;
                continue;
            }

            if (now - since >= QuarantineTime)
            {
                foreach (var pod in store.PodsOnNode(node).ToList())
                {
                    toDelete.Add((pod, "orphaned pod: node " + node + " does not exist"));
                }
            }
        }

        foreach (var (pod, reason) in toDelete)
        {
            _events.Normal(pod, "PodGC", "Deleting " + reason, "pod-garbage-collector");
            _api.Remove(pod);
        }

        kernel.ScheduleIn(CheckPeriod.Ticks, this);
    }

    private void Track(Pod pod)
    {
        var node = pod.Spec.NodeName;
        if (node.Length > 0)
        {
            _nodeOfPod[pod.Key] = node;
            int count = _podsPerNode.GetValueOrDefault(node) + 1;
            _podsPerNode[node] = count;
            if (count == 1 && _api.Store.Get("Node", node) is null)
            {
                _absentNodes.Add(node);
            }
        }
        else if (pod.Metadata.DeletionTimestamp is not null)
        {
            _unscheduledTerminating.Add(pod.Key);
        }
    }

    private void Untrack(string key)
    {
        _unscheduledTerminating.Remove(key);
        if (_nodeOfPod.Remove(key, out var node))
        {
            int left = _podsPerNode[node] - 1;
            if (left == 0)
            {
                _podsPerNode.Remove(node);
                _absentNodes.Remove(node);
            }
            else
            {
                _podsPerNode[node] = left;
            }
        }
    }
}
