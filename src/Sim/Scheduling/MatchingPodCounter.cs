using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling.Plugins;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// For one (namespace, spread selector), the number of pods counted on each node that are in the namespace,
/// not terminating and matched by the selector: what common.go countPodsMatchSelector returns for the node.
/// <see cref="MatchingPodCounters"/> keeps it current as the scheduler cache counts, uncounts, relabels and
/// marks pods terminating, so a read is one dictionary lookup instead of a match against every pod on the node.
/// Nodes without matching pods have no entry (the map holds at most one entry per matching pod).
/// </summary>
internal sealed class MatchingPodCounter
{
    private readonly SchedulerCache _owner;
    private readonly Dictionary<NodeInfo, int> _perNode = new(ReferenceEqualityComparer.Instance);

    public MatchingPodCounter(SchedulerCache owner, string ns, SpreadSelector selector)
    {
        _owner = owner;
        Namespace = ns;
        Selector = selector;
    }

    /// <summary>The namespace pods must be in.</summary>
    public string Namespace { get; }

    /// <summary>The selector pods must match.</summary>
    public SpreadSelector Selector { get; }

    /// <summary>
    /// countPodsMatchSelector for <paramref name="nodeInfo"/>. O(1) for a node of the owning cache; a node
    /// info the cache does not hold (built by a test or tool) is counted pod by pod, as before.
    /// </summary>
    public int Count(NodeInfo nodeInfo) =>
        ReferenceEquals(nodeInfo.Owner, _owner)
            ? _perNode.GetValueOrDefault(nodeInfo)
            : Plugins.PodTopologySpread.CountPodsMatchSelector(nodeInfo.Pods, Selector, Namespace);

    /// <summary>Adds <paramref name="delta"/> for a pod on <paramref name="nodeInfo"/> if it counts (same namespace, not terminating, matching).</summary>
    internal void Apply(NodeInfo nodeInfo, string ns, IReadOnlyDictionary<string, string> labels, bool terminating, int delta)
    {
        if (terminating || !string.Equals(ns, Namespace, StringComparison.Ordinal) || !Selector.Matches(labels))
        {
            return;
        }

        int n = _perNode.GetValueOrDefault(nodeInfo) + delta;
        if (n == 0)
        {
            _perNode.Remove(nodeInfo);
        }
        else
        {
            _perNode[nodeInfo] = n;
        }
    }

    /// <summary>For tests: the counts as (node name, count), by node name.</summary>
    internal IReadOnlyList<(string Node, int Count)> Snapshot() =>
        _perNode.Select(kv => (kv.Key.Name, kv.Value)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
}
