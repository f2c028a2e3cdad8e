using ClusterSim.Sim.Scheduling.Plugins;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The scheduler cache's <see cref="MatchingPodCounter"/>s, one per (namespace, selector) PodTopologySpread has
/// asked about, updated on every change to the counted pods. kube-scheduler recounts matching pods over all
/// nodes in every cycle (podtopologyspread/common.go countPodsMatchSelector, run in parallel); here the counts
/// are kept incrementally instead, so a cycle costs O(nodes) lookups rather than O(bound pods) label matches.
/// <para>
/// A pod change is tested only against the counters that could match it: those whose selector requires one
/// of the pod's label pairs (indexed by that pair), and those requiring none. Registering a counter scans the
/// counted pods once. Counts are sums, so nothing depends on dictionary order. The counts reflect the labels
/// and deletion state the cache was last told about, as an informer-fed cache would; every change to a pod in
/// the simulator reaches the cache through the store's watch before the next scheduling cycle.
/// </para>
/// </summary>
internal sealed class MatchingPodCounters
{
    private readonly SchedulerCache _owner;
    private readonly Dictionary<(string Namespace, SpreadSelector Selector), MatchingPodCounter> _counters = [];
    private readonly Dictionary<(string Namespace, string Key, string Value), List<MatchingPodCounter>> _byRequiredLabel = [];
    private readonly Dictionary<string, List<MatchingPodCounter>> _withoutRequiredLabel = new(StringComparer.Ordinal);
    private readonly List<MatchingPodCounter> _all = [];

    public MatchingPodCounters(SchedulerCache owner)
    {
        _owner = owner;
    }

    /// <summary>Number of registered counters.</summary>
    public int Count => _counters.Count;

    /// <summary>
    /// The counter for (<paramref name="ns"/>, <paramref name="selector"/>); the first request registers it
    /// and has <paramref name="countAll"/> apply every counted pod to it (O(counted pods)), later ones are one lookup.
    /// </summary>
    public MatchingPodCounter Get(string ns, SpreadSelector selector, Action<MatchingPodCounter> countAll)
    {
        if (_counters.TryGetValue((ns, selector), out var counter))
        {
            return counter;
        }

        counter = new MatchingPodCounter(_owner, ns, selector);
        countAll(counter);

        _counters[(ns, selector)] = counter;
        _all.Add(counter);
        if (selector.TryGetRequiredLabel(out var key, out var value))
        {
            if (!_byRequiredLabel.TryGetValue((ns, key, value), out var list))
            {
                _byRequiredLabel[(ns, key, value)] = list = [];
            }

            list.Add(counter);
        }
        else
        {
            if (!_withoutRequiredLabel.TryGetValue(ns, out var list))
            {
                _withoutRequiredLabel[ns] = list = [];
            }

            list.Add(counter);
        }

        return counter;
    }

    /// <summary>A node of the cache appears, disappears or is relabelled (old/new null when absent). O(counters).</summary>
    public void NodeChanged(NodeInfo node, NodeState? oldState, NodeState? newState)
    {
        foreach (var counter in _all)
        {
            counter.NodeChanged(node, oldState, newState);
        }
    }

    /// <summary>A pod starts (+1) or stops (-1) counting on a node with these labels and deletion state. O(pod labels + candidate counters).</summary>
    public void Apply(NodeInfo node, string ns, SortedDictionary<string, string> labels, bool terminating, int delta)
    {
        if (terminating || _counters.Count == 0)
        {
            return;
        }

        if (_withoutRequiredLabel.TryGetValue(ns, out var unanchored))
        {
            foreach (var counter in unanchored)
            {
                counter.Apply(node, ns, labels, terminating, delta);
            }
        }

        if (_byRequiredLabel.Count == 0)
        {
            return;
        }

        // A pod has one value per key, so each anchored counter is reached at most once.
        foreach (var (key, value) in labels)
        {
            if (_byRequiredLabel.TryGetValue((ns, key, value), out var anchored))
            {
                foreach (var counter in anchored)
                {
                    counter.Apply(node, ns, labels, terminating, delta);
                }
            }
        }
    }
}
