using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// Kubernetes v1.32's node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go),
/// with the taint eviction controller running separately (SeparateTaintEvictionController, on by default).
/// <list type="bullet">
/// <item>Every NodeMonitorPeriod, <see cref="MonitorNodeHealth"/> takes a node's lease renewal or a new
/// Ready heartbeat as a sign of life; a node silent for longer than NodeMonitorGracePeriod gets its
/// Ready, MemoryPressure, DiskPressure and PIDPressure conditions set to Unknown, a NodeNotReady event and
/// its pods' Ready condition set to False. A node whose Ready is False or Unknown is queued, per zone,
/// for the NoExecute not-ready or unreachable taint; the taint eviction controller then evicts.</item>
/// <item>Every NodeEvictionPeriod (100 ms) <see cref="DoNoExecuteTaintingPass"/> drains the zone queues
/// under each zone's token bucket: NodeEvictionRate normally, SecondaryNodeEvictionRate (or zero in a
/// small zone) under partial disruption, nothing when every zone is fully disrupted.</item>
/// <item>On every Node change, <see cref="DoNoScheduleTaintingPass"/> keeps the NoSchedule taints that
/// mirror the node's conditions and spec.unschedulable, and the beta os/arch labels are reconciled.</item>
/// </list>
/// <para>
/// The controller owns spec.taints and the transition of the kubelet's conditions to Unknown; it changes
/// only those fields of a stored Node. Differences from Kubernetes, all forced by the simulator:
/// the first health check runs one NodeMonitorPeriod after start (Go's wait.Until runs at once); nodes
/// and zones are visited in name order (Go: parallel workers and map order); the 100 ms tainting pass is
/// scheduled only while some zone queue holds a node (an empty Try takes no token, so this changes
/// nothing observable); writes cannot fail, so nodesToRetry and the pod queue's rate-limited retries have
/// nothing to retry and are omitted.
/// </para>
/// <para>
/// With fast paths (<see cref="Cluster.FastPaths"/>), a health check visits only the nodes it can act on,
/// not every node (see NodeLifecycleController.Fast.cs); without them it is the literal pass over all nodes.
/// </para>
/// <para>
/// Its parts: this file (loops, watches, monitorNodeHealth and tryUpdateNodeHealth, labels, pods);
/// NodeLifecycleController.Taints.cs (NoExecute and NoSchedule taints); NodeLifecycleController.Disruption.cs
/// (zone states and eviction rates); NodeLifecycleController.Fast.cs and .LeaseNotes.cs (the fast health check).
/// </para>
/// </summary>
public sealed partial class NodeLifecycleController : IStoreWatcher, IEventHandler
{
    /// <summary>v1.NamespaceNodeLease.</summary>
    public const string NodeLeaseNamespace = "kube-node-lease";

    /// <summary>labelNodeDisruptionExclusion: nodes with this label do not count towards their zone's health.</summary>
    public const string LabelNodeDisruptionExclusion = "node.kubernetes.io/exclude-disruption";

    /// <summary>scheduler.NodeEvictionPeriod: how often the NoExecute tainting pass runs.</summary>
    public static readonly TimeSpan NodeEvictionPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>UnreachableTaintTemplate: node.kubernetes.io/unreachable:NoExecute.</summary>
    public static readonly Taint UnreachableTaintTemplate = new(Defaults.UnreachableTaint, null, "NoExecute");

    /// <summary>NotReadyTaintTemplate: node.kubernetes.io/not-ready:NoExecute.</summary>
    public static readonly Taint NotReadyTaintTemplate = new(Defaults.NotReadyTaint, null, "NoExecute");

    /// <summary>v1.TaintNodeUnschedulable.</summary>
    public const string TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";

    private const long MonitorEvent = 0;
    private const long TaintingPassEvent = 1;
    private const string Ready = "Ready";

    // nodeConditionToTaintKeyStatusMap: which condition status is mirrored by which NoSchedule taint.
    private static readonly (string Type, string Status, string TaintKey)[] ConditionTaints =
    [
        (Ready, "False", Defaults.NotReadyTaint),
        (Ready, "Unknown", Defaults.UnreachableTaint),
        ("MemoryPressure", "True", "node.kubernetes.io/memory-pressure"),
        ("DiskPressure", "True", "node.kubernetes.io/disk-pressure"),
        ("NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"),
        ("PIDPressure", "True", "node.kubernetes.io/pid-pressure"),
    ];

    // The conditions set to Unknown when the kubelet goes silent (NetworkUnavailable is the control plane's).
    private static readonly string[] KubeletConditionTypes = [Ready, "MemoryPressure", "DiskPressure", "PIDPressure"];

    // labelReconcileInfo: (primary, secondary) labels; the secondary is made to exist and follow the primary.
    private static readonly (string Primary, string Secondary)[] LabelReconcileInfo =
    [
        ("kubernetes.io/os", "beta.kubernetes.io/os"),
        ("kubernetes.io/arch", "beta.kubernetes.io/arch"),
    ];

    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly TimeSpan _nodeMonitorPeriod;
    private readonly TimeSpan _nodeMonitorGracePeriod;
    private readonly TimeSpan _nodeStartupGracePeriod;
    private readonly float _evictionLimiterQps;
    private readonly float _secondaryEvictionLimiterQps;
    private readonly int _largeClusterThreshold;
    private readonly float _unhealthyZoneThreshold;
    private readonly Func<TimeSpan> _clock;
    private readonly long _startTicks;
    private readonly bool _runLoops;
    private readonly SortedDictionary<string, Node> _knownNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeHealth> _nodeHealth = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, RateLimitedTimedQueue> _zoneNoExecuteTainter = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ZoneState> _zoneStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _podNodeNames = new(StringComparer.Ordinal);
    private readonly WorkQueue _nodeUpdateQueue;
    private readonly WorkQueue _podUpdateQueue;
    private bool _taintingPassScheduled;

    /// <param name="fastPaths">False runs the literal health check over every node each period (see <see cref="Cluster.FastPaths"/>).</param>
    public NodeLifecycleController(Kernel kernel, ApiServer api, EventRecorder events, ControlPlaneConfig config, bool fastPaths = true)
        : this(kernel, api, events, config, runLoops: true, fastPaths)
    {
    }

    /// <param name="runLoops">
    /// False for unit tests: no periodic loops and no watches, so a test drives
    /// <see cref="MonitorNodeHealth"/>, <see cref="DoNoExecuteTaintingPass"/> and
    /// <see cref="DoNoScheduleTaintingPass"/> itself, as Kubernetes' tests call the Go functions.
    /// </param>
    /// <param name="fastPaths">Whether the health check visits only the nodes it can act on (needs the watches of <paramref name="runLoops"/>).</param>
    internal NodeLifecycleController(Kernel kernel, ApiServer api, EventRecorder events, ControlPlaneConfig config, bool runLoops, bool fastPaths = false)
    {
        _kernel = kernel;
        _api = api;
        _events = events;
        _nodeMonitorPeriod = config.NodeMonitorPeriod;
        _nodeMonitorGracePeriod = config.NodeMonitorGracePeriod;
        _nodeStartupGracePeriod = config.NodeStartupGracePeriod;
        _evictionLimiterQps = (float)config.NodeEvictionRate;
        _secondaryEvictionLimiterQps = (float)config.SecondaryNodeEvictionRate;
        _largeClusterThreshold = config.LargeClusterSizeThreshold;
        _unhealthyZoneThreshold = (float)config.UnhealthyZoneThreshold;
        _clock = () => _kernel.Now;
        _startTicks = kernel.NowTicks;
        _runLoops = runLoops;
        EnterPartialDisruptionFunc = n => ZoneStates.ReducedQps(n, _largeClusterThreshold, _secondaryEvictionLimiterQps);
        EnterFullDisruptionFunc = n => ZoneStates.HealthyQps(n, _evictionLimiterQps);
        _nodeUpdateQueue = new WorkQueue(kernel, name =>
        {
            DoNoScheduleTaintingPass(name);
            ReconcileNodeLabels(name);
        });
        _podUpdateQueue = new WorkQueue(kernel, ProcessPod);
        if (runLoops)
        {
            api.Store.Watch("Node", this);
            api.Store.Watch("Pod", this);
            if (fastPaths)
            {
                _fast = new FastMonitor();
                api.Store.Watch("Lease", this);
                foreach (var node in api.Store.List<Node>())
                {
                    OnNodeWatched(WatchEventType.Added, node);
                }
            }

            kernel.ScheduleIn(_nodeMonitorPeriod.Ticks, this, MonitorEvent);
        }
    }

    /// <summary>The state of each zone by zone key (<see cref="NodeTopology.GetZoneKey"/>), in key order.</summary>
    public IReadOnlyDictionary<string, ZoneState> Zones => _zoneStates;

    /// <summary>The rate the zone's NoExecute tainting runs at now (its limiter's QPS; 1 for a stopped zone, as client-go reports).</summary>
    public IRateLimiter? ZoneLimiter(string zoneKey) => _zoneNoExecuteTainter.GetValueOrDefault(zoneKey)?.Limiter;

    /// <summary>enterPartialDisruptionFunc (ReducedQPSFunc); tests replace it as Kubernetes' tests do.</summary>
    internal Func<int, float> EnterPartialDisruptionFunc { get; set; }

    /// <summary>enterFullDisruptionFunc (HealthyQPSFunc).</summary>
    internal Func<int, float> EnterFullDisruptionFunc { get; set; }

    /// <summary>The zone's NoExecute tainting queue.</summary>
    internal RateLimitedTimedQueue? ZoneTainter(string zoneKey) => _zoneNoExecuteTainter.GetValueOrDefault(zoneKey);

    /// <summary>What the controller last recorded of a node's health (with fast paths, brought up to the last health check first).</summary>
    internal NodeHealth? HealthOf(string nodeName)
    {
        if (_fast is not null && _fast.Tracks.TryGetValue(nodeName, out var track))
        {
            Materialize(track);
        }

        return _nodeHealth.GetValueOrDefault(nodeName);
    }

    /// <summary>Sets a node's health record (nodeHealthMap.set, for tests).</summary>
    internal void SetHealth(string nodeName, NodeHealth health) => _nodeHealth[nodeName] = health;

    private ObjectStore Store => _api.Store;

    public void OnEvent(Kernel kernel, long argument)
    {
        if (argument == MonitorEvent)
        {
            MonitorNodeHealth();
            kernel.ScheduleIn(_nodeMonitorPeriod.Ticks, this, MonitorEvent);
            ScheduleTaintingPass(includeNow: true);
        }
        else
        {
            _taintingPassScheduled = false;
            DoNoExecuteTaintingPass();
            ScheduleTaintingPass(includeNow: false);
        }
    }

    /// <summary>The informer handlers: Node changes feed the NoSchedule tainting queue, pod binds the pod queue (podUpdated).</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is Node node)
        {
            if (type != WatchEventType.Deleted)
            {
                _nodeUpdateQueue.Add(node.Metadata.Name);
            }

            if (_fast is not null)
            {
                OnNodeWatched(type, node);
            }

            return;
        }

        if (obj is Lease lease)
        {
            OnLeaseWatched(type, lease);
            return;
        }

        if (obj is not Pod pod)
        {
            return;
        }

        var key = pod.Key;
        if (type == WatchEventType.Deleted)
        {
            _podNodeNames.Remove(key);
            return;
        }

        bool hadOld = _podNodeNames.TryGetValue(key, out var oldNodeName);
        var nodeName = pod.Spec.NodeName;
        _podNodeNames[key] = nodeName;
        if (nodeName.Length != 0 && (!hadOld || nodeName != oldNodeName))
        {
            _podUpdateQueue.Add(key);
        }
    }

    /// <summary>
    /// node_lifecycle_controller.go monitorNodeHealth: registers new nodes and zones, checks each node's
    /// health (tryUpdateNodeHealth), queues or untaints it (processTaintBaseEviction), marks its pods not
    /// ready when it stops being Ready, then updates the zones' states and eviction rates (handleDisruption).
    /// </summary>
    internal void MonitorNodeHealth()
    {
        if (_fast is not null)
        {
            MonitorNodeHealthFast();
            return;
        }

        var nodes = Store.List<Node>().ToList();
        var (added, deleted, newZoneRepresentatives) = ClassifyNodes(nodes);
        foreach (var n in newZoneRepresentatives)
        {
            AddPodEvictorForNewZone(n);
        }

        foreach (var n in added)
        {
            NodeControllerUtil.RecordNodeEvent(_events, n, "Normal", "RegisteredNode", $"Registered Node {n.Metadata.Name} in Controller");
            _knownNodes[n.Metadata.Name] = n;
            AddPodEvictorForNewZone(n);
            MarkNodeAsReachable(n);
        }

        foreach (var n in deleted)
        {
            NodeControllerUtil.RecordNodeEvent(_events, n, "Normal", "RemovingNode", $"Removing Node {n.Metadata.Name} from Controller");
            _knownNodes.Remove(n.Metadata.Name);
        }

        var zoneToNodeConditions = new SortedDictionary<string, List<NodeCondition?>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var currentReadyCondition = CheckNode(node);

            // Some nodes may be excluded from disruption checking
            if (!IsNodeExcludedFromDisruptionChecks(node))
            {
                var zone = NodeTopology.GetZoneKey(node);
                if (!zoneToNodeConditions.TryGetValue(zone, out var list))
                {
                    zoneToNodeConditions[zone] = list = [];
                }

                list.Add(currentReadyCondition);
            }
        }

        var zones = new SortedDictionary<string, ZoneCount>(StringComparer.Ordinal);
        foreach (var (zone, conditions) in zoneToNodeConditions)
        {
            int ready = conditions.Count(c => c is not null && c.Status == "True");
            zones[zone] = new ZoneCount(ready, conditions.Count - ready);
        }

        HandleDisruption(zones, () => nodes);
    }

    /// <summary>
    /// The body of monitorNodeHealth's loop for one node: tryUpdateNodeHealth, then processTaintBaseEviction
    /// and, when the node just stopped being Ready, the NodeNotReady event and its pods marked not ready.
    /// Returns the node's Ready condition as it is now (what the zone's health counts). It writes nothing but
    /// this node and its pods, so the order of the zone bookkeeping around it does not matter.
    /// </summary>
    /// <param name="node">The stored node.</param>
    /// <param name="lease">With fast paths, the node's Lease as the watch keeps it (the stored one, or null): no lookup.</param>
    private NodeCondition? CheckNode(Node node, Lease? lease = null, bool leaseKnown = false)
    {
        var (observedReadyCondition, currentReadyCondition) = TryUpdateNodeHealth(node, lease, leaseKnown);
        if (currentReadyCondition is not null)
        {
            // The pods are listed before the taint pass, as Go lists them first, but only when they will be
            // marked: copying every node's pods every period made the check cost O(pods). The test can move
            // ahead of the pass because the pass writes only taints and the zone queues, never a Ready condition.
            bool becameNotReady = currentReadyCondition.Status != "True" && observedReadyCondition.Status == "True";
            var pods = becameNotReady ? Store.PodsOnNode(node.Metadata.Name).ToList() : null;
            ProcessTaintBaseEviction(node, observedReadyCondition);
            if (pods is not null)
            {
                // Report node event only once when status changed.
                NodeControllerUtil.RecordNodeStatusChange(_events, node, "NodeNotReady");
                NodeControllerUtil.MarkPodsNotReady(_api, _events, _kernel.Now, pods, node.Metadata.Name);
            }
        }

        return currentReadyCondition;
    }

    /// <summary>
    /// node_lifecycle_controller.go tryUpdateNodeHealth: updates the node's health record from its Ready
    /// heartbeat and its Lease's renewTime (either counts as a probe at the controller's clock), and when
    /// the last probe is older than the grace period (NodeStartupGracePeriod for a node that never posted
    /// Ready) sets the kubelet's conditions to Unknown ("NodeStatusUnknown", "Kubelet stopped posting node
    /// status.") or adds them ("NodeStatusNeverUpdated"). Returns the Ready condition as observed at entry
    /// and as it is now.
    /// </summary>
    internal (NodeCondition Observed, NodeCondition? Current) TryUpdateNodeHealth(Node node, Lease? lease = null, bool leaseKnown = false)
    {
        var name = node.Metadata.Name;
        var now = _kernel.Now;
        var creation = node.Metadata.CreationTimestamp;
        var nodeHealth = _nodeHealth.GetValueOrDefault(name);

        // Go keeps &node.Status in the record; when this pass points the record at the node, the saved Ready
        // condition is the node's as this function leaves it, copied at the end.
        bool tracksNode = false;
        TimeSpan gracePeriod;
        NodeCondition observedReadyCondition;
        var currentReadyCondition = node.Status.GetCondition(Ready);
        if (currentReadyCondition is null)
        {
            // If ready condition is nil, then kubelet (or nodecontroller) never posted node status.
            // A fake ready condition is created, where LastHeartbeatTime and LastTransitionTime is set
            // to node.CreationTimestamp to avoid handle the corner case.
            observedReadyCondition = new NodeCondition { Type = Ready, Status = "Unknown", LastHeartbeatTime = creation, LastTransitionTime = creation };
            gracePeriod = _nodeStartupGracePeriod;
            nodeHealth ??= new NodeHealth(creation, creation);
            tracksNode = true;
        }
        else
        {
            observedReadyCondition = NodeHealth.Copy(currentReadyCondition)!;
            gracePeriod = _nodeMonitorGracePeriod;
        }

        NodeCondition? savedCondition = null;
        bool hadSavedLease = false;
        TimeSpan? savedLeaseRenewTime = null;
        if (nodeHealth is not null)
        {
            savedCondition = tracksNode ? currentReadyCondition : nodeHealth.ReadyCondition;
            hadSavedLease = nodeHealth.HasLease;
            savedLeaseRenewTime = nodeHealth.LeaseRenewTime;
        }

        if (nodeHealth is null)
        {
            // Missing timestamp for Node. Assuming now as a timestamp.
            nodeHealth = new NodeHealth(now, now);
            tracksNode = true;
        }
        else if (savedCondition is null && currentReadyCondition is not null)
        {
            // Creating timestamp entry for newly observed Node.
            nodeHealth = new NodeHealth(now, now);
            tracksNode = true;
        }
        else if (savedCondition is not null && currentReadyCondition is null)
        {
            // ReadyCondition was removed from Status of Node.
            nodeHealth = new NodeHealth(now, now);
            tracksNode = true;
        }
        else if (savedCondition is not null && currentReadyCondition is not null && savedCondition.LastHeartbeatTime != currentReadyCondition.LastHeartbeatTime)
        {
            // If ReadyCondition changed since the last time we checked, we update the transition timestamp to "now",
            // otherwise we leave it as it is.
            var transitionTime = savedCondition.LastTransitionTime != currentReadyCondition.LastTransitionTime
                ? now
                : nodeHealth.ReadyTransitionTimestamp;
            nodeHealth = new NodeHealth(now, transitionTime);
            tracksNode = true;
        }

        // Always update the probe time if node lease is renewed.
        // Note: If kubelet never posted the node status, but continues renewing the
        // heartbeat leases, the node controller will assume the node is healthy and
        // take no action.
        var observedLease = leaseKnown ? lease : Store.Get<Lease>(NodeLeaseNamespace, name);
        if (observedLease is not null && (!hadSavedLease || NodeHealth.RenewedBefore(savedLeaseRenewTime, observedLease.RenewTime)))
        {
            nodeHealth = nodeHealth with { HasLease = true, LeaseRenewTime = observedLease.RenewTime, ProbeTimestamp = now };
        }

        if (now > nodeHealth.ProbeTimestamp + gracePeriod)
        {
            // NodeReady condition or lease was last set longer ago than gracePeriod, so
            // update it to Unknown (regardless of its current value) in the master.
            // Go changes a copy of the node and writes it only if Ready changed; so does this, on copies.
            var working = node.Status.Conditions.Select(c => NodeHealth.Copy(c)!).ToList();
            foreach (var conditionType in KubeletConditionTypes)
            {
                var currentCondition = working.Find(c => c.Type == conditionType);
                if (currentCondition is null)
                {
                    working.Add(new NodeCondition
                    {
                        Type = conditionType,
                        Status = "Unknown",
                        Reason = "NodeStatusNeverUpdated",
                        Message = "Kubelet never posted node status.",
                        LastHeartbeatTime = creation,
                        LastTransitionTime = now,
                    });
                }
                else if (currentCondition.Status != "Unknown")
                {
                    currentCondition.Status = "Unknown";
                    currentCondition.Reason = "NodeStatusUnknown";
                    currentCondition.Message = "Kubelet stopped posting node status.";
                    currentCondition.LastTransitionTime = now;
                }
            }

            // We need to update currentReadyCondition due to its value potentially changed.
            var workingReady = working.Find(c => c.Type == Ready);
            if (!NodeHealth.ConditionEqual(workingReady, observedReadyCondition))
            {
                ApplyUnknownConditions(node, working);
                _api.Update(node);
                currentReadyCondition = node.Status.GetCondition(Ready);
                _nodeHealth[name] = new NodeHealth(nodeHealth.ProbeTimestamp, now, NodeHealth.Copy(currentReadyCondition), observedLease is not null, observedLease?.RenewTime);
                return (observedReadyCondition, currentReadyCondition);
            }

            if (tracksNode)
            {
                nodeHealth = nodeHealth with { ReadyCondition = NodeHealth.Copy(workingReady) };
                tracksNode = false;
            }
        }

        if (tracksNode)
        {
            nodeHealth = nodeHealth with { ReadyCondition = NodeHealth.Copy(currentReadyCondition) };
        }

        _nodeHealth[name] = nodeHealth;
        return (observedReadyCondition, currentReadyCondition);
    }

    /// <summary>
    /// Writes the Unknown transitions computed on copies into the stored node's conditions: only status,
    /// reason, message and transition time of the kubelet's conditions change (missing ones are added), so
    /// the heartbeat times the kubelet owns stay as it posted them.
    /// </summary>
    private static void ApplyUnknownConditions(Node node, List<NodeCondition> working)
    {
        foreach (var conditionType in KubeletConditionTypes)
        {
            var updated = working.Find(c => c.Type == conditionType)!;
            var live = node.Status.GetCondition(conditionType);
            if (live is null)
            {
                node.Status.Conditions.Add(updated);
                continue;
            }

            live.Status = updated.Status;
            live.Reason = updated.Reason;
            live.Message = updated.Message;
            live.LastTransitionTime = updated.LastTransitionTime;
        }
    }

    /// <summary>node_lifecycle_controller.go reconcileNodeLabels: beta.kubernetes.io/os and /arch follow kubernetes.io/os and /arch.</summary>
    internal void ReconcileNodeLabels(string nodeName)
    {
        if (Store.Get<Node>("", nodeName) is not { } node || node.Metadata.Labels.Count == 0)
        {
            return;
        }

        // Built only when some label needs updating (most calls find none).
        SortedDictionary<string, string>? labelsToUpdate = null;
        foreach (var (primaryKey, secondaryKey) in LabelReconcileInfo)
        {
            if (!node.Metadata.Labels.TryGetValue(primaryKey, out var primaryValue))
            {
                // The primary label key does not exist. Ignore this case.
                continue;
            }

            bool secondaryExists = node.Metadata.Labels.TryGetValue(secondaryKey, out var secondaryValue);
            if ((secondaryExists && primaryValue != secondaryValue) || !secondaryExists)
            {
                labelsToUpdate ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
                labelsToUpdate[secondaryKey] = primaryValue;
            }
        }

        if (labelsToUpdate is null)
        {
            return;
        }

        foreach (var (k, v) in labelsToUpdate)
        {
            node.Metadata.Labels[k] = v;
        }

        _api.Update(node);
    }

    /// <summary>
    /// node_lifecycle_controller.go processPod: a pod bound to a node whose last observed Ready is not True
    /// is marked not ready (pods bound after the node went down).
    /// </summary>
    internal void ProcessPod(string key)
    {
        if (Store.Get("Pod", key) is not Pod pod)
        {
            // If the pod was deleted, there is no need to requeue.
            return;
        }

        var nodeName = pod.Spec.NodeName;
        if (!_nodeHealth.TryGetValue(nodeName, out var nodeHealth))
        {
            // Node data is not gathered yet or node has been removed in the meantime.
            return;
        }

        if (Store.Get<Node>("", nodeName) is null)
        {
            // Kubernetes retries with back-off until the node shows up again; nothing here changes while it is gone.
            return;
        }

        var currentReadyCondition = nodeHealth.ReadyCondition;
        if (currentReadyCondition is null)
        {
            // Lack of NodeReady condition may only happen after node addition (or if it will be maliciously deleted).
            return;
        }

        if (currentReadyCondition.Status != "True")
        {
            NodeControllerUtil.MarkPodsNotReady(_api, _events, _kernel.Now, [pod], nodeName);
        }
    }

}
