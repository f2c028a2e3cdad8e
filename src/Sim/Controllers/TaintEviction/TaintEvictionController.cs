using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.TaintEviction;

/// <summary>
/// Kubernetes v1.32's taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): evicts
/// pods from nodes with NoExecute taints they do not tolerate, at once, or when the shortest
/// tolerationSeconds of the tolerations in use runs out, counted from when the controller saw the taint
/// (in the simulator the same virtual instant the taint was added); a toleration without
/// tolerationSeconds tolerates forever. Removing the taint (or the pod's node) cancels a pending eviction.
/// Eviction is Kubernetes': a DisruptionTarget condition, then a graceful delete, so a pod on an
/// unreachable node stays Terminating. Events: TaintManagerEviction "Marking for deletion Pod ns/name" and
/// "Cancelling deletion of Pod ns/name", from "taint-eviction-controller".
/// <para>
/// As in Go, node updates are handled before pod updates. Go's eight sharded workers become one
/// de-duplicating node queue and one pod queue drained in kernel events, node items first. The old
/// object of an informer update is what this controller last saw (the store hands out only the new one).
/// </para>
/// </summary>
public sealed class TaintEvictionController : IStoreWatcher, IEventHandler
{
    /// <summary>The controller's name and event source.</summary>
    public const string Source = "taint-eviction-controller";

    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly TimedWorkerQueue _taintEvictionQueue;

    // taintedNodes: node name -> its NoExecute taints (only nodes with some).
    private readonly Dictionary<string, List<Taint>> _taintedNodes = new(StringComparer.Ordinal);

    // The informers' previous objects: a node's NoExecute taints, a pod's node and tolerations.
    private readonly Dictionary<string, List<Taint>> _seenNodeTaints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string NodeName, List<Toleration> Tolerations)> _seenPods = new(StringComparer.Ordinal);

    // nodeUpdateQueue / podUpdateQueue: FIFO and de-duplicated, as client-go's workqueue.
    private readonly Queue<string> _nodeQueue = new();
    private readonly HashSet<string> _nodeQueued = new(StringComparer.Ordinal);
    private readonly Queue<(string Namespace, string Name, string NodeName)> _podQueue = new();
    private readonly HashSet<(string, string, string)> _podQueued = [];
    private bool _scheduled;

    // The last tolerations copy handed out by Snapshot (shared, never changed).
    private List<Toleration>? _lastTolerations;

    public TaintEvictionController(Kernel kernel, ApiServer api, EventRecorder events)
    {
        _kernel = kernel;
        _api = api;
        _events = events;
        _taintEvictionQueue = new TimedWorkerQueue(kernel, DeletePod);
        api.Store.Watch("Node", this);
        api.Store.Watch("Pod", this);
    }

    /// <summary>Pending evictions (taintEvictionQueue), for tests and instruments.</summary>
    public TimedWorkerQueue Evictions => _taintEvictionQueue;

    /// <summary>The NoExecute taints the controller knows a node has (taintedNodes), or null.</summary>
    public IReadOnlyList<Taint>? TaintsOf(string nodeName) => _taintedNodes.GetValueOrDefault(nodeName);

    /// <summary>Sets the known NoExecute taints of a node (tests set taintedNodes this way in Kubernetes).</summary>
    internal void SetTaintedNode(string nodeName, List<Taint> taints) => _taintedNodes[nodeName] = taints;

    private ObjectStore Store => _api.Store;

    /// <summary>The informer handlers: NodeUpdated and PodUpdated with the previous object as last seen.</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        switch (obj)
        {
            case Node node:
                {
                    var name = node.Metadata.Name;
                    bool hadOld = _seenNodeTaints.TryGetValue(name, out var oldTaints);
                    if (type == WatchEventType.Deleted)
                    {
                        _seenNodeTaints.Remove(name);
                        NodeUpdated(name, oldTaints ?? [], null);
                        return;
                    }

                    var newTaints = NoExecuteTaints.GetNoExecuteTaints(node.Spec.Taints);
                    _seenNodeTaints[name] = newTaints;
                    NodeUpdated(name, hadOld ? oldTaints : null, newTaints);
                    return;
                }

            case Pod pod:
                {
                    var key = pod.Key;
                    bool hadOld = _seenPods.TryGetValue(key, out var old);
                    if (type == WatchEventType.Deleted)
                    {
                        _seenPods.Remove(key);
                        PodUpdated(pod.Metadata.Namespace, pod.Metadata.Name, hadOld ? old : (pod.Spec.NodeName, Snapshot(pod.Spec.Tolerations)), null);
                        return;
                    }

                    if (hadOld && old.NodeName == pod.Spec.NodeName && old.Tolerations.SequenceEqual(pod.Spec.Tolerations))
                    {
                        return; // PodUpdated would ignore it; skip the copy (most updates are status updates)
                    }

                    var now = (pod.Spec.NodeName, Snapshot(pod.Spec.Tolerations));
                    _seenPods[key] = now;
                    PodUpdated(pod.Metadata.Namespace, pod.Metadata.Name, hadOld ? old : null, now);
                    return;
                }
        }
    }

    /// <summary>
    /// A copy of a pod's tolerations as the informer saw them. Copies are never changed, so equal ones are
    /// shared: the pods of a template all have the same tolerations, and a copy per pod create and bind
    /// (150,000 of each at 5,000 nodes) was the controller's main allocation. Tolerations are records
    /// (value equality), so the last copy is reused when the new list equals it element by element.
    /// </summary>
    private List<Toleration> Snapshot(List<Toleration> tolerations)
    {
        if (_lastTolerations is null || !_lastTolerations.SequenceEqual(tolerations))
        {
            _lastTolerations = tolerations.ToList();
        }

        return _lastTolerations;
    }

    /// <summary>
    /// taint_eviction.go PodUpdated: queues the pod unless its node and tolerations are unchanged.
    /// </summary>
    internal void PodUpdated(string ns, string name, (string NodeName, List<Toleration> Tolerations)? oldPod, (string NodeName, List<Toleration> Tolerations)? newPod)
    {
        string nodeName = "";
        if (oldPod is { } o)
        {
            nodeName = o.NodeName;
        }

        if (newPod is { } n)
        {
            nodeName = n.NodeName;
        }

        if (oldPod is { } po && newPod is { } pn && po.Tolerations.SequenceEqual(pn.Tolerations) && po.NodeName == pn.NodeName)
        {
            return;
        }

        var item = (ns, name, nodeName);
        if (_podQueued.Add(item))
        {
            _podQueue.Enqueue(item);
            Schedule();
        }
    }

    /// <summary>taint_eviction.go NodeUpdated: queues the node unless its NoExecute taints are unchanged.</summary>
    internal void NodeUpdated(string nodeName, List<Taint>? oldTaints, List<Taint>? newTaints)
    {
        if (oldTaints is not null && newTaints is not null && TaintUtil.SemanticEqual(oldTaints, newTaints))
        {
            return;
        }

        if (_nodeQueued.Add(nodeName))
        {
            _nodeQueue.Enqueue(nodeName);
            Schedule();
        }
    }

    /// <summary>taint_eviction.go worker: one item per event, node updates before pod updates.</summary>
    public void OnEvent(Kernel kernel, long argument)
    {
        _scheduled = false;
        if (_nodeQueue.Count > 0)
        {
            var nodeName = _nodeQueue.Dequeue();
            _nodeQueued.Remove(nodeName);
            HandleNodeUpdate(nodeName);
        }
        else if (_podQueue.Count > 0)
        {
            var item = _podQueue.Dequeue();
            _podQueued.Remove(item);
            HandlePodUpdate(item.Namespace, item.Name, item.NodeName);
        }

        if (_nodeQueue.Count > 0 || _podQueue.Count > 0)
        {
            Schedule();
        }
    }

    /// <summary>
    /// taint_eviction.go handlePodUpdate: a deleted pod's eviction is cancelled; a pod on a node with
    /// NoExecute taints is processed against them.
    /// </summary>
    internal void HandlePodUpdate(string ns, string name, string nodeNameOfUpdate)
    {
        var key = ns + "/" + name;
        if (Store.Get("Pod", key) is not Pod pod)
        {
            // Delete
            CancelWorkWithEvent(ns, name);
            return;
        }

        // We key the workqueue and shard workers by nodeName. If we don't match the current state we should not be the one processing the current object.
        if (pod.Spec.NodeName != nodeNameOfUpdate)
        {
            return;
        }

        var nodeName = pod.Spec.NodeName;
        if (nodeName.Length == 0)
        {
            return;
        }

        // It's possible that Node was deleted, or Taints were removed before, which triggered
        // eviction cancelling if it was needed.
        if (!_taintedNodes.TryGetValue(nodeName, out var taints))
        {
            return;
        }

        ProcessPodOnNode(ns, name, pod.Spec.Tolerations, taints, _kernel.Now);
    }

    /// <summary>
    /// taint_eviction.go handleNodeUpdate: records the node's NoExecute taints, then cancels the evictions
    /// of its pods if it has none left, or processes each pod against them.
    /// </summary>
    internal void HandleNodeUpdate(string nodeName)
    {
        if (Store.Get<Node>("", nodeName) is not { } node)
        {
            // Delete
            _taintedNodes.Remove(nodeName);
            return;
        }

        // Create or Update
        var taints = NoExecuteTaints.GetNoExecuteTaints(node.Spec.Taints);
        if (taints.Count == 0)
        {
            _taintedNodes.Remove(nodeName);
        }
        else
        {
            _taintedNodes[nodeName] = taints;
        }

        var pods = Store.PodsOnNode(nodeName).ToList();
        if (pods.Count == 0)
        {
            return;
        }

        // Short circuit, to make this controller a bit faster.
        if (taints.Count == 0)
        {
            // All taints were removed from the node. Cancelling all evictions...
            foreach (var pod in pods)
            {
                CancelWorkWithEvent(pod.Metadata.Namespace, pod.Metadata.Name);
            }

            return;
        }

        var now = _kernel.Now;
        foreach (var pod in pods)
        {
            ProcessPodOnNode(pod.Metadata.Namespace, pod.Metadata.Name, pod.Spec.Tolerations, taints, now);
        }
    }

    /// <summary>
    /// taint_eviction.go processPodOnNode: delete now if some taint is not tolerated; never if every used
    /// toleration is forever; otherwise at now + the shortest tolerationSeconds in use, keeping an eviction
    /// already scheduled.
    /// </summary>
    private void ProcessPodOnNode(string ns, string name, IReadOnlyList<Toleration> tolerations, IReadOnlyList<Taint> taints, TimeSpan now)
    {
        var key = ns + "/" + name;
        if (taints.Count == 0)
        {
            CancelWorkWithEvent(ns, name);
        }

        var (allTolerated, usedTolerations) = NoExecuteTaints.GetMatchingTolerations(taints, tolerations);
        if (!allTolerated)
        {
            // Not all taints are tolerated after update for pod on node.
            // We're canceling scheduled work (if any), as we're going to delete the Pod right away.
            CancelWorkWithEvent(ns, name);
            _taintEvictionQueue.AddWork(key, now, now);
            return;
        }

        var minTolerationTime = NoExecuteTaints.GetMinTolerationTime(usedTolerations);

        // getMinTolerationTime returns negative value to denote infinite toleration.
        if (minTolerationTime is not { } min)
        {
            // Current tolerations for pod tolerate forever, cancelling any scheduled deletion.
            CancelWorkWithEvent(ns, name);
            return;
        }

        var startTime = now;
        var triggerTime = startTime + min;
        var scheduledEviction = _taintEvictionQueue.GetWorkerUnsafe(key);
        if (scheduledEviction is not null)
        {
            startTime = scheduledEviction.CreatedAt;

            // Go keeps the scheduled eviction when startTime+min is before now+min, which on a real clock
            // is always (the eviction was created earlier). Virtual time can be equal; equal keeps it too,
            // rather than cancelling and re-adding the same eviction with a spurious event.
            if (startTime + min <= triggerTime)
            {
                return;
            }

            CancelWorkWithEvent(ns, name);
        }

        _taintEvictionQueue.AddWork(key, startTime, triggerTime);
    }

    /// <summary>taint_eviction.go cancelWorkWithEvent.</summary>
    private void CancelWorkWithEvent(string ns, string name)
    {
        if (_taintEvictionQueue.CancelWork(ns + "/" + name))
        {
            EmitCancelPodDeletionEvent(ns, name);
        }
    }

    /// <summary>
    /// taint_eviction.go deletePodHandler and addConditionAndDeletePod: the Marking-for-deletion event, a
    /// DisruptionTarget condition (DeletionByTaintManager), then a graceful delete. Go retries a failed
    /// delete five times; here the only failure is a pod already gone, which retries cannot change.
    /// </summary>
    private void DeletePod(string key, TimeSpan fireAt)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        EmitPodDeletionEvent(ns, name);
        if (Store.Get("Pod", key) is not Pod pod)
        {
            return;
        }

        PodConditionUtil.AddDisruptionTargetAndDelete(_api, pod, "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint", _kernel.Now);
    }

    private void EmitPodDeletionEvent(string ns, string name) =>
        _events.Normal(PodRef(ns, name), "TaintManagerEviction", $"Marking for deletion Pod {ns}/{name}", Source);

    private void EmitCancelPodDeletionEvent(string ns, string name) =>
        _events.Normal(PodRef(ns, name), "TaintManagerEviction", $"Cancelling deletion of Pod {ns}/{name}", Source);

    // Kubernetes' event refers to the pod by kind, namespace and name; the stored pod is used when it exists.
    private KubeObject PodRef(string ns, string name) =>
        Store.Get("Pod", ns + "/" + name) ?? new Pod { Metadata = { Namespace = ns, Name = name } };

    private void Schedule()
    {
        if (!_scheduled)
        {
            _scheduled = true;
            _kernel.ScheduleIn(0, this);
        }
    }
}
