using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The scheduler's copy of the parts of a Node it uses: name, labels, taints, spec.unschedulable and
/// allocatable. Kept per node in the cache (the informer's view), so a change can be diffed against the
/// previous state to derive cluster events, as eventhandlers.go nodeSchedulingPropertiesChange does.
/// </summary>
public sealed class NodeState
{
    private NodeState(string name, SortedDictionary<string, string> labels, Taint[] taints, bool unschedulable, long milliCpu, long memory, long ephemeralStorage, long allowedPods)
    {
        Name = name;
        Labels = labels;
        _labelPairs = [.. labels];
        Taints = taints;
        Unschedulable = unschedulable;
        AllocatableMilliCpu = milliCpu;
        AllocatableMemory = memory;
        AllocatableEphemeralStorage = ephemeralStorage;
        AllowedPodNumber = allowedPods;
    }

    // The labels again as an array, for SameLabels: enumerating a SortedDictionary allocates its walk stack,
    // and every Node status write (a heartbeat every 5 min per node, 1.4 million a day at 5,000 nodes) compares them.
    private readonly KeyValuePair<string, string>[] _labelPairs;

    public string Name { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<Taint> Taints { get; }

    public bool Unschedulable { get; }

    public long AllocatableMilliCpu { get; }

    /// <summary>Allocatable memory in bytes.</summary>
    public long AllocatableMemory { get; }

    /// <summary>Allocatable ephemeral storage in bytes.</summary>
    public long AllocatableEphemeralStorage { get; }

    /// <summary>Allocatable pods (Resource.AllowedPodNumber).</summary>
    public long AllowedPodNumber { get; }

    /// <summary>A copy of <paramref name="node"/>'s scheduling properties (NodeInfo.SetNode / NewResource(allocatable)).</summary>
    public static NodeState From(Node node)
    {
        var alloc = node.Status.Allocatable;
        return new NodeState(
            node.Metadata.Name,
            new SortedDictionary<string, string>(node.Metadata.Labels, StringComparer.Ordinal),
            node.Spec.Taints.ToArray(),
            node.Spec.Unschedulable,
            alloc.Get(ResourceNames.Cpu).MilliValue(),
            alloc.Get(ResourceNames.Memory).Value(),
            alloc.Get(ResourceNames.EphemeralStorage).Value(),
            alloc.Get(ResourceNames.Pods).Value());
    }

    /// <summary>
    /// Whether the node's labels are these: as many, and each of these found with the same value (keys are
    /// unique, so that is equality), by lookups in the node's map instead of walking both maps.
    /// </summary>
    public bool SameLabels(Node node)
    {
        var live = node.Metadata.Labels;
        if (live.Count != _labelPairs.Length)
        {
            return false;
        }

        foreach (var (key, value) in _labelPairs)
        {
            if (!live.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool SameTaints(Node node) => Taints.SequenceEqual(node.Spec.Taints);

    public bool SameAllocatable(Node node)
    {
        var alloc = node.Status.Allocatable;
        return AllocatableMilliCpu == alloc.Get(ResourceNames.Cpu).MilliValue()
            && AllocatableMemory == alloc.Get(ResourceNames.Memory).Value()
            && AllocatableEphemeralStorage == alloc.Get(ResourceNames.EphemeralStorage).Value()
            && AllowedPodNumber == alloc.Get(ResourceNames.Pods).Value();
    }

    /// <summary>
    /// Ordinal equality of two label maps kept in ordinal key order: compared pair by pair in step, without
    /// a lookup per key or an enumerator on the heap (the scheduler cache checks a pod's labels on every update).
    /// </summary>
    public static bool SameMap(SortedDictionary<string, string> a, SortedDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        if (!ReferenceEquals(a.Comparer, StringComparer.Ordinal) || !ReferenceEquals(b.Comparer, StringComparer.Ordinal))
        {
            return SameMap((IReadOnlyDictionary<string, string>)a, b);
        }

        using var ea = a.GetEnumerator();
        using var eb = b.GetEnumerator();
        while (ea.MoveNext() && eb.MoveNext())
        {
            if (!string.Equals(ea.Current.Key, eb.Current.Key, StringComparison.Ordinal) || !string.Equals(ea.Current.Value, eb.Current.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ordinal equality of two label maps.</summary>
    public static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var other) || !string.Equals(v, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
