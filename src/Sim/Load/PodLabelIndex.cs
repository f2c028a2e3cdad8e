using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Load;

/// <summary>
/// Pods by (namespace, label key, label value), kept up to date by a watch on pods, so that "the pods of a
/// namespace a selector matches" costs O(pods carrying one of the selector's required labels) instead of a
/// scan of every pod of the namespace. The load model asks it every step for a workload target's pods and the
/// metrics server for an HPA's pods: at 150,000 pods in one namespace a scan per step was most of a step.
/// <para>
/// The index only narrows the search: every candidate is read back from the store and matched against the
/// whole selector, and the result is sorted by key, so it is exactly the scan's result in the scan's order.
/// Hash order never shows.
/// </para>
/// </summary>
internal sealed class PodLabelIndex : IStoreWatcher
{
    private readonly ObjectStore _store;
    private readonly Dictionary<(string Namespace, string Key, string Value), HashSet<string>> _byLabel = [];
    // The labels each pod is filed under, to unfile it when they change (labels are edited in place, or replaced).
    private readonly Dictionary<string, (string Namespace, KeyValuePair<string, string>[] Labels)> _filed = new(StringComparer.Ordinal);

    /// <summary>Files the pods already stored and watches for the rest.</summary>
    public PodLabelIndex(ObjectStore store)
    {
        _store = store;
        foreach (Pod pod in store.List("Pod"))
        {
            File(pod);
        }

        store.Watch("Pod", this);
    }

    /// <summary>Number of pods filed (tests).</summary>
    public int Count => _filed.Count;

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is not Pod pod)
        {
            return;
        }

        var key = pod.Key;
        if (type == WatchEventType.Deleted)
        {
            Unfile(key);
            return;
        }

        if (_filed.TryGetValue(key, out var filed) && filed.Namespace == pod.Metadata.Namespace && Same(filed.Labels, pod.Metadata.Labels))
        {
            // The common write (a status update): nothing to refile.
            return;
        }

        Unfile(key);
        File(pod);
    }

    /// <summary>
    /// The pods of <paramref name="ns"/> that <paramref name="selector"/> matches, in key order; null when no
    /// requirement names a label value (Everything, or only !=, notin, exists, !, gt, lt): the caller scans.
    /// </summary>
    public List<Pod>? Matching(string ns, Selector selector)
    {
        if (selector.MatchesNothing)
        {
            return [];
        }

        // The narrowest requirement that needs one of a few values: its pods are a superset of the answer.
        IReadOnlyList<string>? values = null;
        string label = "";
        long best = long.MaxValue;
        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Operator is not (SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In))
            {
                continue;
            }

            long count = 0;
            foreach (var value in requirement.Values)
            {
                count += _byLabel.TryGetValue((ns, requirement.Key, value), out var set) ? set.Count : 0;
            }

            if (count < best)
            {
                best = count;
                values = requirement.Values;
                label = requirement.Key;
            }
        }

        if (values is null)
        {
            return null;
        }

        var keys = new List<string>();
        foreach (var value in values)
        {
            if (_byLabel.TryGetValue((ns, label, value), out var set))
            {
                keys.AddRange(set);
            }
        }

        // Sorted, so the result does not depend on hash order; an `in` listing a value twice gives a key twice.
        keys.Sort(StringComparer.Ordinal);
        var result = new List<Pod>(keys.Count);
        string? previous = null;
        foreach (var key in keys)
        {
            if (key == previous)
            {
                continue;
            }

            previous = key;
            if (_store.Get("Pod", key) is Pod pod && pod.Metadata.Namespace == ns && selector.Matches(pod.Metadata.Labels))
            {
                result.Add(pod);
            }
        }

        return result;
    }

    private void File(Pod pod)
    {
        var key = pod.Key;
        var ns = pod.Metadata.Namespace;
        var labels = pod.Metadata.Labels.ToArray();
        _filed[key] = (ns, labels);
        foreach (var (k, v) in labels)
        {
            if (!_byLabel.TryGetValue((ns, k, v), out var set))
            {
                _byLabel[(ns, k, v)] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(key);
        }
    }

    private void Unfile(string key)
    {
        if (!_filed.Remove(key, out var filed))
        {
            return;
        }

        foreach (var (k, v) in filed.Labels)
        {
            if (_byLabel.TryGetValue((filed.Namespace, k, v), out var set))
            {
                set.Remove(key);
                if (set.Count == 0)
                {
                    _byLabel.Remove((filed.Namespace, k, v));
                }
            }
        }
    }

    private static bool Same(KeyValuePair<string, string>[] filed, SortedDictionary<string, string> labels)
    {
        if (filed.Length != labels.Count)
        {
            return false;
        }

        int i = 0;
        foreach (var (k, v) in labels)
        {
            if (!string.Equals(filed[i].Key, k, StringComparison.Ordinal) || !string.Equals(filed[i].Value, v, StringComparison.Ordinal))
            {
                return false;
            }

            i++;
        }

        return true;
    }
}
