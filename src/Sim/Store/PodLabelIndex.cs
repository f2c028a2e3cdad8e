using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// Pods by namespace and label pair, so that "the pods in ns that match this selector" (the HPA's and the
/// metrics API's pod lists, client-go's lister.Pods(ns).List(selector)) costs the pods that carry one of the
/// selector's exact labels instead of every pod in the cluster. A selector with no exact-match requirement
/// falls back to the namespace's pods. Results are in key order, filtered by the whole selector: the same
/// pods in the same order as scanning the store.
/// </summary>
internal sealed class PodLabelIndex
{
    private readonly Dictionary<(string Ns, string Key, string Value), SortedDictionary<string, Pod>> _byLabel = [];
    private readonly Dictionary<string, SortedDictionary<string, Pod>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>The namespace and labels each pod was last indexed under (pods are changed in place).</summary>
    private readonly Dictionary<Pod, (string Ns, KeyValuePair<string, string>[] Labels)> _indexed = new(ReferenceEqualityComparer.Instance);

    /// <summary>Updates the index after <paramref name="pod"/> was added, changed or (with <paramref name="removed"/>) deleted.</summary>
    public void Update(Pod pod, bool removed)
    {
        var labels = pod.Metadata.Labels;
        if (_indexed.TryGetValue(pod, out var old))
        {
            if (!removed && old.Ns == pod.Metadata.Namespace && SameLabels(old.Labels, labels))
            {
                return;
            }

            Remove(pod, old.Ns, old.Labels);
        }

        if (removed)
        {
            _indexed.Remove(pod);
            return;
        }

        var ns = pod.Metadata.Namespace;
        var snapshot = labels.ToArray();
        _indexed[pod] = (ns, snapshot);
        Set(_byNamespace, ns).Add(pod.Key, pod);
        foreach (var (k, v) in snapshot)
        {
            Set(_byLabel, (ns, k, v)).Add(pod.Key, pod);
        }
    }

    /// <summary>The pods in <paramref name="ns"/> that <paramref name="selector"/> matches, in key order.</summary>
    public IEnumerable<Pod> Matching(string ns, Selector selector)
    {
        if (selector.MatchesNothing)
        {
            yield break;
        }

        IEnumerable<Pod> candidates = _byNamespace.TryGetValue(ns, out var all) ? all.Values : [];
        int smallest = all?.Count ?? 0;
        foreach (var r in selector.Requirements)
        {
            if (selector.RequiresExactMatch(r.Key, out var value))
            {
                int count = _byLabel.TryGetValue((ns, r.Key, value), out var set) ? set.Count : 0;
                if (count < smallest || set is null)
                {
                    smallest = count;
                    candidates = set?.Values ?? (IEnumerable<Pod>)[];
                }
            }
        }

        foreach (var pod in candidates)
        {
            if (selector.Matches(pod.Metadata.Labels))
            {
                yield return pod;
            }
        }
    }

    private void Remove(Pod pod, string ns, KeyValuePair<string, string>[] labels)
    {
        RemoveFrom(_byNamespace, ns, pod.Key);
        foreach (var (k, v) in labels)
        {
            RemoveFrom(_byLabel, (ns, k, v), pod.Key);
        }
    }

    private static bool SameLabels(KeyValuePair<string, string>[] old, SortedDictionary<string, string> labels)
    {
        if (old.Length != labels.Count)
        {
            return false;
        }

        int i = 0;
        foreach (var (k, v) in labels)
        {
            if (!string.Equals(old[i].Key, k, StringComparison.Ordinal) || !string.Equals(old[i].Value, v, StringComparison.Ordinal))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static SortedDictionary<string, Pod> Set<TKey>(Dictionary<TKey, SortedDictionary<string, Pod>> index, TKey key)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var set))
        {
            index[key] = set = new SortedDictionary<string, Pod>(StringComparer.Ordinal);
        }

        return set;
    }

    private static void RemoveFrom<TKey>(Dictionary<TKey, SortedDictionary<string, Pod>> index, TKey key, string podKey)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var set))
        {
            set.Remove(podKey);
            if (set.Count == 0)
            {
                index.Remove(key);
            }
        }
    }
}
