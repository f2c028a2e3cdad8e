using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling.Plugins;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The scheduler's view of the cluster (pkg/scheduler/backend/cache cacheImpl plus its Snapshot): one
/// <see cref="NodeInfo"/> per node with the pods counted on it, kept current from Node and Pod watch events.
/// <para>
/// A pod counts on its node from the moment it is bound (spec.nodeName set) until it is removed from the
/// store or reaches phase Succeeded/Failed (the scheduler's pod informer selects out terminal pods). Every
/// update is O(1) in the number of pods (O(images) for a node's image list); nothing scans all pods.
/// </para>
/// <para>
/// The node list is ordered as the cache's node tree lists it (round-robin over zones, nodes in insertion
/// order within a zone), which is the order the scheduler evaluates nodes in.
/// </para>
/// </summary>
public sealed class SchedulerCache
{
    private readonly Dictionary<string, NodeInfo> _infos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeZones = new(StringComparer.Ordinal);
    private readonly NodeTree _tree = new();
    private readonly Dictionary<Pod, PodEntry> _pods = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, ImageStateSummary> _images = new(StringComparer.Ordinal);
    private readonly MatchingPodCounters _matching;
    private readonly TopologyDomains _domains = new();
    private readonly Dictionary<object, int> _memoSlots = new(ReferenceEqualityComparer.Instance);

    // The nodes holding pods with pod (anti-)affinity, and with required anti-affinity (the snapshot's
    // havePodsWithAffinityNodeInfoList and havePodsWithRequiredAntiAffinityNodeInfoList), kept as pods come and go;
    // each node knows its position, so an update is O(1). Their order follows the events and is never observable:
    // the plugin sums over them.
    private readonly List<NodeInfo> _havePodsWithAffinity = [];
    private readonly List<NodeInfo> _havePodsWithRequiredAntiAffinity = [];
    // How many counted pods have each priority (spec.priority, immutable): the lowest tells preemption in O(1)
    // that no node holds a pod it could preempt.
    private readonly SortedDictionary<int, int> _priorities = new();
    private int _minPriority = int.MaxValue;

    // Created once: a method group converted per call would allocate a delegate every scheduling cycle.
    private readonly Action<MatchingPodCounter> _countAll;
    private NodeInfo[]? _list;

    public SchedulerCache()
    {
        _matching = new MatchingPodCounters(this);
        _countAll = CountAll;
    }

    /// <summary>The nodes in evaluation order (snapshot nodeInfoList).</summary>
    public IReadOnlyList<NodeInfo> Nodes => _list ??= BuildList();

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _tree.NumNodes;

    /// <summary>Number of pods counted on nodes.</summary>
    public int PodCount => _pods.Count;

    /// <summary>The nodes with pods with pod (anti-)affinity (snapshot HavePodsWithAffinityList).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithAffinity => _havePodsWithAffinity;

    /// <summary>The nodes with pods with required anti-affinity terms (snapshot HavePodsWithRequiredAntiAffinityList).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithRequiredAntiAffinity => _havePodsWithRequiredAntiAffinity;
    /// <summary>The lowest spec.priority among the counted pods (int.MaxValue when none).</summary>
    public int MinPodPriority => _minPriority;

    /// <summary>The node info of an existing node, or null.</summary>
    public NodeInfo? GetNode(string name) => _infos.TryGetValue(name, out var info) && info.Node is not null ? info : null;

    /// <summary>
    /// The index of <paramref name="topologyKey"/> among the topology keys whose values the cache numbers for
    /// its nodes (registered on first request, numbering every node once; kept current on node add and relabel).
    /// </summary>
    internal int TopologyKeyIndex(string topologyKey) => _domains.KeyIndex(topologyKey, Nodes);

    /// <summary>
    /// The number of <paramref name="nodeInfo"/>'s value of the key at <paramref name="keyIndex"/>, or -1 when
    /// the node lacks the label: an array read for a node of this cache, a label lookup for another.
    /// </summary>
    internal int DomainId(NodeInfo nodeInfo, int keyIndex) =>
        ReferenceEquals(nodeInfo.Owner, this) && keyIndex < nodeInfo.DomainIds.Length
            ? nodeInfo.DomainIds[keyIndex]
            : _domains.Lookup(nodeInfo.State!.Labels, keyIndex);

    /// <summary>The number of <paramref name="value"/> for the key at <paramref name="keyIndex"/> (numbered on first request).</summary>
    internal int DomainValueId(int keyIndex, string value) => _domains.ValueId(keyIndex, value);

    /// <summary>The value numbered <paramref name="valueId"/> for the key at <paramref name="keyIndex"/>.</summary>
    internal string DomainValue(int keyIndex, int valueId) => _domains.Value(keyIndex, valueId);

    /// <summary>How many values of the key at <paramref name="keyIndex"/> are numbered so far.</summary>
    internal int DomainValueCount(int keyIndex) => _domains.ValueCount(keyIndex);

    /// <summary>
    /// The memo slot of <paramref name="scorer"/> in its nodes' <see cref="NodeInfo.ScoreMemo"/> (handed out on
    /// first request, one per scorer of the scheduler's profile).
    /// </summary>
    internal int ScoreMemoSlot(object scorer)
    {
        if (!_memoSlots.TryGetValue(scorer, out int slot))
        {
            slot = _memoSlots.Count;
            _memoSlots[scorer] = slot;
        }

        return slot;
    }

    /// <summary>The summary of an image some node of the cache reports (shared by those nodes), or null.</summary>
    internal ImageStateSummary? ImageState(string name) => _images.GetValueOrDefault(name);

    /// <summary>The node a pod is counted on, or null.</summary>
    public string? NodeOf(Pod pod) => _pods.TryGetValue(pod, out var e) ? e.Node : null;

    /// <summary>
    /// The pods in <paramref name="ns"/>, not terminating and matched by <paramref name="selector"/> per node
    /// (podtopologyspread/common.go countPodsMatchSelector, kept incrementally), or null for an empty selector,
    /// which counts no pods. The first request for a (namespace, selector) scans the counted pods once; after
    /// that it is one lookup here and one per node read.
    /// </summary>
    internal MatchingPodCounter? MatchingPods(string ns, SpreadSelector selector) =>
        selector.Empty ? null : _matching.Get(ns, selector, _countAll);

    /// <summary>Whether the pod counts on a node: bound and not finished.</summary>
    public static bool Counts(Pod pod) => pod.Spec.NodeName.Length > 0 && pod.Status.Phase is not ("Succeeded" or "Failed");

    /// <summary>
    /// Applies an added or modified node (cache AddNode/UpdateNode) and returns the cluster events it
    /// amounts to: NodeAdd for a new node, otherwise one event per changed property, in the order of
    /// eventhandlers nodeSchedulingPropertiesChange (unschedulable, allocatable, labels, taints).
    /// </summary>
    public IReadOnlyList<ClusterEvent> UpsertNode(Node node)
    {
        var name = node.Metadata.Name;
        if (!_infos.TryGetValue(name, out var info))
        {
            info = new NodeInfo(name) { Owner = this };
            _infos[name] = info;
        }

        var old = info.State;
        if (old is null)
        {
            var state = NodeState.From(node);
            info.SetNode(node, state);
            _domains.Assign(info);
            _matching.NodeChanged(info, null, state);
            AddToTree(name, NodeTree.ZoneKey(node));
            SetImages(info, node);
            TrackAffinity(info);
            return [new ClusterEvent(ClusterEventType.NodeAdd, null, state)];
        }

        bool unschedulable = old.Unschedulable != node.Spec.Unschedulable;
        bool allocatable = !old.SameAllocatable(node);
        bool labels = !old.SameLabels(node);
        bool taints = !old.SameTaints(node);
        if (!ImagesEqual(info, node))
        {
            SetImages(info, node);
        }

        if (!(unschedulable || allocatable || labels || taints))
        {
            info.SetNode(node, old);
            return [];
        }

        var events = new List<ClusterEvent>(1);
        var updated = NodeState.From(node);
        info.SetNode(node, updated);
        if (labels)
        {
            _domains.Assign(info);
            _matching.NodeChanged(info, old, updated);
            var zone = NodeTree.ZoneKey(node);
            if (_nodeZones.TryGetValue(name, out var oldZone) && oldZone != zone)
            {
                _tree.RemoveNode(name, oldZone);
                AddToTree(name, zone);
            }
        }

        if (unschedulable)
        {
            events.Add(new ClusterEvent(ClusterEventType.NodeTaintChange, old, updated));
        }

        if (allocatable)
        {
            events.Add(new ClusterEvent(ClusterEventType.NodeAllocatableChange, old, updated));
        }

        if (labels)
        {
            events.Add(new ClusterEvent(ClusterEventType.NodeLabelChange, old, updated));
        }

        if (taints)
        {
            events.Add(new ClusterEvent(ClusterEventType.NodeTaintChange, old, updated));
        }

        return events;
    }

    /// <summary>Removes a node (cache RemoveNode): its pods stay counted on a placeholder until they go.</summary>
    public ClusterEvent? RemoveNode(Node node)
    {
        var name = node.Metadata.Name;
        if (!_infos.TryGetValue(name, out var info) || info.State is null)
        {
            return null;
        }

        var old = info.State;
        ClearImages(info);
        info.ClearNode();
        TrackAffinity(info);
        _matching.NodeChanged(info, old, null);
        if (_nodeZones.Remove(name, out var zone))
        {
            _tree.RemoveNode(name, zone);
            _list = null;
        }

        if (info.Pods.Count == 0)
        {
            _infos.Remove(name);
        }

        return new ClusterEvent(ClusterEventType.NodeDelete, old, null);
    }

    /// <summary>
    /// Applies an added or modified pod (cache AddPod/UpdatePod/RemovePod as the pod enters or leaves the
    /// counted set) and returns the resulting assigned-pod events.
    /// </summary>
    public IReadOnlyList<ClusterEvent> UpsertPod(Pod pod)
    {
        bool counts = Counts(pod);
        if (_pods.TryGetValue(pod, out var entry))
        {
            if (!counts || entry.Node != pod.Spec.NodeName)
            {
                Uncount(pod, entry);
                var deleted = new ClusterEvent(ClusterEventType.AssignedPodDelete, pod: pod);
                if (!counts)
                {
                    return [deleted];
                }

                Count(pod);
                return [deleted, new ClusterEvent(ClusterEventType.AssignedPodAdd, pod: pod)];
            }

            bool labelsChanged = !NodeState.SameMap(entry.Labels, pod.Metadata.Labels);
            bool terminating = pod.Metadata.DeletionTimestamp is not null;
            if (labelsChanged || terminating != entry.Terminating)
            {
                // Matching-pod counts follow labels and deletion; only a label change is a cluster event.
                var updated = entry with { Labels = labelsChanged ? CopyLabels(pod) : entry.Labels, Terminating = terminating };
                _pods[pod] = updated;
                _matching.Apply(pod, entry.Info, pod.Metadata.Namespace, entry.Labels, entry.Terminating, -1);
                _matching.Apply(pod, entry.Info, pod.Metadata.Namespace, updated.Labels, updated.Terminating, 1);

                if (labelsChanged)
                {
                    return [new ClusterEvent(ClusterEventType.AssignedPodLabelChange, pod: pod, oldPodLabels: entry.Labels)];
                }
            }

            return [];
        }

        if (counts)
        {
            Count(pod);
            return [new ClusterEvent(ClusterEventType.AssignedPodAdd, pod: pod)];
        }

        return [];
    }

    /// <summary>Removes a deleted pod (cache RemovePod); returns the AssignedPodDelete event if it was counted.</summary>
    public ClusterEvent? RemovePod(Pod pod)
    {
        if (!_pods.TryGetValue(pod, out var entry))
        {
            return null;
        }

        Uncount(pod, entry);
        return new ClusterEvent(ClusterEventType.AssignedPodDelete, pod: pod);
    }

    private void Count(Pod pod)
    {
        var name = pod.Spec.NodeName;
        if (!_infos.TryGetValue(name, out var info))
        {
            info = new NodeInfo(name) { Owner = this };
            _infos[name] = info;
        }

        info.AddPod(pod);
        if (PodAffinityInfo.HasPodAffinity(pod))
        {
            TrackAffinity(info);
        }

        int priority = pod.Spec.Priority ?? 0;
        _priorities[priority] = _priorities.GetValueOrDefault(priority) + 1;
        _minPriority = Math.Min(_minPriority, priority);
        var entry = new PodEntry(name, info, CopyLabels(pod), pod.Metadata.DeletionTimestamp is not null);
        _pods[pod] = entry;
        _matching.Apply(pod, info, pod.Metadata.Namespace, entry.Labels, entry.Terminating, 1);
    }

    private void Uncount(Pod pod, PodEntry entry)
    {
        _pods.Remove(pod);
        int priority = pod.Spec.Priority ?? 0;
        if (--_priorities[priority] == 0)
        {
            _priorities.Remove(priority);
            if (priority == _minPriority)
            {
                _minPriority = int.MaxValue;
                foreach (var (p, _) in _priorities)
                {
                    _minPriority = p;
                    break;
                }
            }
        }

        if (_infos.TryGetValue(entry.Node, out var info))
        {
            _matching.Apply(pod, info, pod.Metadata.Namespace, entry.Labels, entry.Terminating, -1);
            info.RemovePod(pod);
            if (info.AffinityListIndex >= 0)
            {
                TrackAffinity(info);
            }
            if (info.Node is null && info.Pods.Count == 0)
            {
                _infos.Remove(entry.Node);
            }
        }
    }

    /// <summary>
    /// Puts <paramref name="info"/> in, or takes it out of, the lists of nodes with pods with (required anti-)affinity,
    /// as it now holds such pods and has a node (the snapshot lists only nodes the tree knows).
    /// </summary>
    private void TrackAffinity(NodeInfo info)
    {
        bool hasNode = info.Node is not null;
        info.AffinityListIndex = Track(_havePodsWithAffinity, info, info.AffinityListIndex, hasNode && info.PodsWithAffinity.Count > 0, static (n, i) => n.AffinityListIndex = i);
        info.RequiredAntiAffinityListIndex = Track(_havePodsWithRequiredAntiAffinity, info, info.RequiredAntiAffinityListIndex, hasNode && info.PodsWithRequiredAntiAffinity.Count > 0, static (n, i) => n.RequiredAntiAffinityListIndex = i);
    }

    /// <summary>Adds or removes (the last entry takes its place) <paramref name="info"/> at <paramref name="index"/>; returns its new index, -1 when out.</summary>
    private static int Track(List<NodeInfo> list, NodeInfo info, int index, bool member, Action<NodeInfo, int> setIndex)
    {
        if (member == (index >= 0))
        {
            return index;
        }

        if (member)
        {
            list.Add(info);
            return list.Count - 1;
        }

        var last = list[^1];
        list[index] = last;
        setIndex(last, index);
        list.RemoveAt(list.Count - 1);
        return -1;
    }

    /// <summary>Applies every counted pod, with the labels and deletion state last seen, to a new counter (sums: order is not meaningful).</summary>
    private void CountAll(MatchingPodCounter counter)
    {
        foreach (var (pod, entry) in _pods)
        {
            counter.Apply(entry.Info, pod.Metadata.Namespace, entry.Labels, entry.Terminating, 1);
        }
    }

    private static SortedDictionary<string, string> CopyLabels(Pod pod) => new(pod.Metadata.Labels, StringComparer.Ordinal);

    private void AddToTree(string name, string zone)
    {
        _tree.AddNode(name, zone);
        _nodeZones[name] = zone;
        _list = null;
    }

    private NodeInfo[] BuildList()
    {
        var names = _tree.List();
        var list = new NodeInfo[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            list[i] = _infos[names[i]];
        }

        return list;
    }

    private static bool ImagesEqual(NodeInfo info, Node node)
    {
        var registered = info.RegisteredImages;
        int n = 0;
        foreach (var image in node.Status.Images)
        {
            // Indexed: a foreach over the IReadOnlyList allocated an enumerator per image on every Node write.
            var names = image.Names;
            for (int i = 0; i < names.Count; i++)
            {
                if (n >= registered.Length || !string.Equals(registered[n], names[i], StringComparison.Ordinal))
                {
                    return false;
                }

                n++;
            }
        }

        return n == registered.Length;
    }

    /// <summary>cache.go removeNodeImageStates + addNodeImageStates.</summary>
    private void SetImages(NodeInfo info, Node node)
    {
        ClearImages(info);
        var registered = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in node.Status.Images)
        {
            foreach (var name in image.Names)
            {
                registered.Add(name);
                if (!seen.Add(name))
                {
                    continue;
                }

                if (!_images.TryGetValue(name, out var state))
                {
                    state = new ImageStateSummary(image.SizeBytes);
                    _images[name] = state;
                }

                state.NumNodes++;
                info.SetImageState(name, state);
            }
        }

        info.RegisteredImages = registered.ToArray();
    }

    private void ClearImages(NodeInfo info)
    {
        foreach (var (name, state) in info.ImageStates)
        {
            state.NumNodes--;
            if (state.NumNodes == 0)
            {
                _images.Remove(name);
            }
        }

        info.ClearImageStates();
        info.RegisteredImages = [];
    }

    /// <summary>
    /// A counted pod's node (name and the node info it is counted on, which lives as long as it holds pods),
    /// and the labels and deletion state the matching-pod counts were taken with.
    /// </summary>
    private sealed record PodEntry(string Node, NodeInfo Info, SortedDictionary<string, string> Labels, bool Terminating);
}
