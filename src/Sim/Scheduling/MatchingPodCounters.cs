using ClusterSim.Sim.Api;
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

    // The counted, non-terminating pods by each of their (namespace, label, value): a counter whose selector
    // requires a label is registered by scanning only the pods that carry it.
    private readonly Dictionary<(string Namespace, string Key, string Value), Dictionary<Pod, (NodeInfo Node, SortedDictionary<string, string> Labels)>> _podsByLabel = [];

    public MatchingPodCounters(SchedulerCache owner)
    {
        _owner = owner;
    }

    /// <summary>Number of registered counters.</summary>
    public int Count => _counters.Count;

    /// <summary>
    /// The counter for (<paramref name="ns"/>, <paramref name="selector"/>); the first request registers it
    /// and counts the pods carrying the selector's required label (O(those pods)), or has <paramref name="countAll"/>
    /// apply every counted pod (O(counted pods)) if it requires none; later requests are one lookup.
    /// </summary>
    public MatchingPodCounter Get(string ns, SpreadSelector selector, Action<MatchingPodCounter> countAll)
    {
        if (_counters.TryGetValue((ns, selector), out var counter))
        {
            return counter;
        }

        counter = new MatchingPodCounter(_owner, ns, selector);
        bool anchored = selector.TryGetRequiredLabel(out var key, out var value);
        if (!anchored)
        {
            countAll(counter);
        }
        else if (_podsByLabel.TryGetValue((ns, key, value), out var carriers))
        {
            foreach (var (node, labels) in carriers.Values)
            {
                counter.Apply(node, ns, labels, terminating: false, 1);
            }
        }

        _counters[(ns, selector)] = counter;
        _all.Add(counter);
        if (anchored)
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

    /// <summary>
    /// A pod starts (+1) or stops (-1) counting on a node with these labels and deletion state (a -1 must repeat the
    /// labels instance and state of its +1). O(pod labels + candidate counters).
    /// </summary>
    public void Apply(Pod pod, NodeInfo node, string ns, SortedDictionary<string, string> labels, bool terminating, int delta)
    {
        if (terminating)
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (delta > 0)
            {
                if (!_podsByLabel.TryGetValue((ns, key, value), out var carriers))
                {
                    _podsByLabel[(ns, key, value)] = carriers = new Dictionary<Pod, (NodeInfo, SortedDictionary<string, string>)>(ReferenceEqualityComparer.Instance);
                }

                carriers[pod] = (node, labels);
            }
            else if (_podsByLabel.TryGetValue((ns, key, value), out var carriers) && carriers.Remove(pod) && carriers.Count == 0)
            {
                _podsByLabel.Remove((ns, key, value));
            }
        }

        if (_counters.Count == 0)
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
