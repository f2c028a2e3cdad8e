using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Aggregated information about one node (framework NodeInfo): the node's scheduling properties, the pods
/// counted on it, their summed requests (actual, and non-zero with the 100m/200Mi scoring defaults) and
/// the images present. Adding or removing a pod is O(1).
/// </summary>
public sealed class NodeInfo
{
    private readonly List<Pod> _pods = [];
    private readonly Dictionary<Pod, (int Index, PodRequests Requests, PodRequests NonZero)> _podEntries = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, ImageStateSummary> _imageStates = new(StringComparer.Ordinal);
    private readonly List<ImageStateSummary> _imageList = [];

    // Null until the node holds a pod with pod (anti-)affinity: most nodes of most clusters never do.
    private List<PodAffinityInfo>? _podsWithAffinity;
    private List<PodAffinityInfo>? _podsWithRequiredAntiAffinity;

    public NodeInfo(string name)
    {
        Name = name;
    }

    /// <summary>The node name.</summary>
    public string Name { get; }

    /// <summary>The live node object; null for a placeholder holding pods bound to a node the cache does not know.</summary>
    public Node? Node { get; private set; }

    /// <summary>The scheduler's view of the node; null when <see cref="Node"/> is null.</summary>
    public NodeState? State { get; private set; }

    /// <summary>Pods counted on the node (order is not meaningful).</summary>
    public IReadOnlyList<Pod> Pods => _pods;

    /// <summary>Sum of the pods' cpu requests (NodeInfo.Requested.MilliCPU).</summary>
    public long RequestedMilliCpu { get; private set; }

    /// <summary>Sum of the pods' memory requests in bytes.</summary>
    public long RequestedMemory { get; private set; }

    /// <summary>Sum of the pods' ephemeral-storage requests in bytes.</summary>
    public long RequestedEphemeralStorage { get; private set; }

    /// <summary>Sum of cpu requests with 100m assumed for containers without one (NodeInfo.NonZeroRequested.MilliCPU).</summary>
    public long NonZeroRequestedMilliCpu { get; private set; }

    /// <summary>Sum of memory requests with 200Mi assumed for containers without one.</summary>
    public long NonZeroRequestedMemory { get; private set; }

    /// <summary>
    /// The counted pods with a podAffinity or podAntiAffinity, their terms parsed (NodeInfo.PodsWithAffinity;
    /// order is not meaningful).
    /// </summary>
    public IReadOnlyList<PodAffinityInfo> PodsWithAffinity => _podsWithAffinity ?? (IReadOnlyList<PodAffinityInfo>)[];

    /// <summary>The counted pods with required anti-affinity terms (NodeInfo.PodsWithRequiredAntiAffinity).</summary>
    public IReadOnlyList<PodAffinityInfo> PodsWithRequiredAntiAffinity => _podsWithRequiredAntiAffinity ?? (IReadOnlyList<PodAffinityInfo>)[];

    /// <summary>This node's position in its owning cache's list of nodes with pods with affinity, or -1.</summary>
    internal int AffinityListIndex { get; set; } = -1;

    /// <summary>This node's position in its owning cache's list of nodes with pods with required anti-affinity, or -1.</summary>
    internal int RequiredAntiAffinityListIndex { get; set; } = -1;

    /// <summary>Images on the node by name (as reported in node.status.images).</summary>
    public IReadOnlyDictionary<string, ImageStateSummary> ImageStates => _imageStates;

    // The node state's allocatable amounts, its flags and the pod count are copied here when they change: the
    // filters of a cycle then read this object alone for each node, not also its state, taints and pod list
    // (with thousands of nodes, each further object is a likely cache miss per node and cycle).

    /// <summary>Allocatable cpu in millicores (0 without a node).</summary>
    public long AllocatableMilliCpu { get; private set; }

    /// <summary>Allocatable memory in bytes.</summary>
    public long AllocatableMemory { get; private set; }

    /// <summary>Allocatable ephemeral storage in bytes.</summary>
    public long AllocatableEphemeralStorage { get; private set; }

    /// <summary>Allocatable pod count.</summary>
    public long AllowedPodNumber { get; private set; }

    /// <summary>Number of pods counted on the node (<see cref="Pods"/>.Count).</summary>
    public int PodCount { get; private set; }

    /// <summary>The state's spec.unschedulable (false without a node).</summary>
    internal bool Unschedulable { get; private set; }

    /// <summary>The number of the state's taints (0 without a node).</summary>
    internal int TaintCount { get; private set; }

    /// <summary>
    /// The scheduler cache that created this node info and alone adds and removes its pods, or null (tests,
    /// tools). Only then may the cache's incrementally kept matching-pod counts stand in for <see cref="Pods"/>.
    /// </summary>
    internal SchedulerCache? Owner { get; init; }

    /// <summary>Per topology key the owning cache numbers (<see cref="SchedulerCache.TopologyKeyIndex"/>): the number of this node's value, or -1 without the label.</summary>
    internal int[] DomainIds { get; set; } = [];

    /// <summary>Image names this node registered with the cache, to unregister on change.</summary>
    internal string[] RegisteredImages { get; set; } = [];

    /// <summary>A node info for <paramref name="node"/> holding <paramref name="pods"/> (framework.NewNodeInfo + SetNode), for tests and tools.</summary>
    public static NodeInfo Create(Node node, params Pod[] pods)
    {
        var info = new NodeInfo(node.Metadata.Name);
        info.SetNode(node);
        foreach (var p in pods)
        {
            info.AddPod(p);
        }

        return info;
    }

    /// <summary>Sets or refreshes the node (NodeInfo.SetNode).</summary>
    public void SetNode(Node node) => SetNode(node, NodeState.From(node));

    internal void SetNode(Node node, NodeState state)
    {
        Node = node;
        if (!ReferenceEquals(state, State))
        {
            ResourceGeneration++;
        }

        State = state;
        AllocatableMilliCpu = state.AllocatableMilliCpu;
        AllocatableMemory = state.AllocatableMemory;
        AllocatableEphemeralStorage = state.AllocatableEphemeralStorage;
        AllowedPodNumber = state.AllowedPodNumber;
        Unschedulable = state.Unschedulable;
        TaintCount = state.Taints.Count;
    }

    internal void ClearNode()
    {
        Node = null;
        State = null;
        ResourceGeneration++;
        AllocatableMilliCpu = 0;
        AllocatableMemory = 0;
        AllocatableEphemeralStorage = 0;
        AllowedPodNumber = 0;
        Unschedulable = false;
        TaintCount = 0;
    }

    /// <summary>
    /// Changes whenever the allocatable or requested amounts may have changed (a new node state, a pod added or
    /// removed), as NodeInfo.Generation does for the snapshot; starts at 1 so a zeroed memo never matches.
    /// </summary>
    internal long ResourceGeneration { get; private set; } = 1;

    // Score memos of the owning cache's first two slots (the default profile's two resource scorers) are held
    // in the node info itself, further slots in an array.
    private ResourceScoreMemo _memo0;
    private ResourceScoreMemo _memo1;
    private ResourceScoreMemo[] _memos = [];

    /// <summary>The score memo of slot <paramref name="slot"/> of the owning cache: a resource score and what it was computed from.</summary>
    internal ref ResourceScoreMemo ScoreMemo(int slot)
    {
        if (slot == 0)
        {
            return ref _memo0;
        }

        if (slot == 1)
        {
            return ref _memo1;
        }

        if (_memos.Length <= slot - 2)
        {
            Array.Resize(ref _memos, slot - 1);
        }

        return ref _memos[slot - 2];
    }

    /// <summary>
    /// NodeInfo.Snapshot: a copy with the same node, pods and images that belongs to no cache, so pods can be added
    /// to it and removed from it (preemption's dry run, nominated pods) without touching the scheduler's view.
    /// </summary>
    public NodeInfo Snapshot()
    {
        var copy = new NodeInfo(Name);
        if (Node is { } node)
        {
            copy.SetNode(node, State!);
        }

        foreach (var pod in _pods)
        {
            var entry = _podEntries[pod];
            copy.Add(pod, entry.Requests, entry.NonZero);
        }

        foreach (var (name, state) in _imageStates)
        {
            copy.SetImageState(name, state);
        }

        return copy;
    }

    /// <summary>Counts <paramref name="pod"/> on this node (NodeInfo.AddPod); no-op if already counted.</summary>
    public void AddPod(Pod pod)
    {
        if (_podEntries.ContainsKey(pod))
        {
            return;
        }

        Add(pod, PodRequests.Of(pod), PodRequests.Of(pod, nonMissingDefaults: true));
    }

    private void Add(Pod pod, PodRequests req, PodRequests nonZero)
    {
        _podEntries[pod] = (_pods.Count, req, nonZero);
        _pods.Add(pod);
        PodCount = _pods.Count;
        ResourceGeneration++;
        RequestedMilliCpu += req.MilliCpu;
        RequestedMemory += req.Memory;
        RequestedEphemeralStorage += req.EphemeralStorage;
        NonZeroRequestedMilliCpu += nonZero.MilliCpu;
        NonZeroRequestedMemory += nonZero.Memory;
        if (PodAffinityInfo.HasPodAffinity(pod))
        {
            // NodeInfo.AddPodInfo: the terms are parsed once, when the pod is counted (a pod's affinity never changes).
            var info = PodAffinityInfo.Of(pod, out _);
            (_podsWithAffinity ??= []).Add(info);
            if (PodAffinityInfo.HasRequiredAntiAffinity(pod))
            {
                (_podsWithRequiredAntiAffinity ??= []).Add(info);
            }
        }
    }

    /// <summary>Stops counting <paramref name="pod"/>, subtracting exactly what was added (NodeInfo.RemovePod).</summary>
    public bool RemovePod(Pod pod)
    {
        if (!_podEntries.Remove(pod, out var entry))
        {
            return false;
        }

        int last = _pods.Count - 1;
        if (entry.Index != last)
        {
            var moved = _pods[last];
            _pods[entry.Index] = moved;
            var m = _podEntries[moved];
            _podEntries[moved] = (entry.Index, m.Requests, m.NonZero);
        }

        _pods.RemoveAt(last);
        PodCount = _pods.Count;
        ResourceGeneration++;
        RequestedMilliCpu -= entry.Requests.MilliCpu;
        RequestedMemory -= entry.Requests.Memory;
        RequestedEphemeralStorage -= entry.Requests.EphemeralStorage;
        NonZeroRequestedMilliCpu -= entry.NonZero.MilliCpu;
        NonZeroRequestedMemory -= entry.NonZero.Memory;
        RemoveAffinityInfo(_podsWithAffinity, pod);
        RemoveAffinityInfo(_podsWithRequiredAntiAffinity, pod);
        return true;
    }

    /// <summary>nodeinfo removeFromSlice: drops the pod's entry (the last one takes its place).</summary>
    private static void RemoveAffinityInfo(List<PodAffinityInfo>? list, Pod pod)
    {
        if (list is null)
        {
            return;
        }

        for (int i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i].Pod, pod))
            {
                list[i] = list[^1];
                list.RemoveAt(list.Count - 1);
                return;
            }
        }
    }

    internal void SetImageState(string name, ImageStateSummary state)
    {
        _imageStates[name] = state;
        _imageList.Add(state);
    }

    internal void ClearImageStates()
    {
        _imageStates.Clear();
        _imageList.Clear();
    }

    /// <summary>
    /// Whether one of this node's image names has <paramref name="state"/> (the owning cache's shared summary of
    /// that name): a scan of a few references for a node with few images, else a lookup of <paramref name="name"/>.
    /// </summary>
    internal bool HoldsImage(string name, ImageStateSummary state)
    {
        if (_imageList.Count > 16)
        {
            return _imageStates.TryGetValue(name, out var s) && ReferenceEquals(s, state);
        }

        for (int i = 0; i < _imageList.Count; i++)
        {
            if (ReferenceEquals(_imageList[i], state))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Name;
}

/// <summary>A node's score by one resource scorer, valid while the node's resource generation and the pod's requests are those recorded.</summary>
internal struct ResourceScoreMemo
{
    public long Generation;
    public long Request0;
    public long Request1;
    public long Score;
}
