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

    // Per topology key asked about: the counts summed over the cache's nodes (those with a node object) by
    // the node's value of the key, "" when it lacks the label. Zero sums are dropped.
    private readonly Dictionary<string, Dictionary<string, long>> _perDomain = new(StringComparer.Ordinal);

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

    /// <summary>
    /// The sum of <see cref="Count"/> over every node of the cache whose value of <paramref name="topologyKey"/>
    /// (or "" without the label) is <paramref name="value"/>: what scoring.go initPreScoreState accumulates
    /// when every node passes its checks. The first request for a key sums the nodes with matching pods once;
    /// after that it is a lookup, kept current by pod and node changes.
    /// </summary>
    public long DomainCount(string topologyKey, string value)
    {
        if (!_perDomain.TryGetValue(topologyKey, out var domains))
        {
            domains = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (node, n) in _perNode)
            {
                if (node.State is { } state)
                {
                    Add(domains, state.Labels.GetValueOrDefault(topologyKey, ""), n);
                }
            }

            _perDomain[topologyKey] = domains;
        }

        return domains.GetValueOrDefault(value);
    }

    /// <summary>A node of the cache appears (old null), disappears (new null) or is relabelled: moves its count between domains.</summary>
    internal void NodeChanged(NodeInfo nodeInfo, NodeState? oldState, NodeState? newState)
    {
        if (_perDomain.Count == 0 || !_perNode.TryGetValue(nodeInfo, out var n))
        {
            return;
        }

        foreach (var (key, domains) in _perDomain)
        {
            if (oldState is not null)
            {
                Add(domains, oldState.Labels.GetValueOrDefault(key, ""), -n);
            }

            if (newState is not null)
            {
                Add(domains, newState.Labels.GetValueOrDefault(key, ""), n);
            }
        }
    }

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

        if (nodeInfo.State is { } state)
        {
            foreach (var (key, domains) in _perDomain)
            {
                Add(domains, state.Labels.GetValueOrDefault(key, ""), delta);
            }
        }
    }

    private static void Add(Dictionary<string, long> domains, string value, long delta)
    {
        long sum = domains.GetValueOrDefault(value) + delta;
        if (sum == 0)
        {
            domains.Remove(value);
        }
        else
        {
            domains[value] = sum;
        }
    }

    /// <summary>For tests: the counts as (node name, count), by node name.</summary>
    internal IReadOnlyList<(string Node, int Count)> Snapshot() =>
        _perNode.Select(kv => (kv.Key.Name, kv.Value)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
}
