using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// interpodaffinity filtering.go topologyToMatchedTermCount: a count per topology pair (key, value), kept by key then
/// value; a pair whose count returns to zero is removed. Read by lookups and by sums and existence checks, never in an
/// order that could show.
/// </summary>
internal sealed class TopologyCounts
{
    private readonly Dictionary<string, Dictionary<string, long>> _byKey = new(StringComparer.Ordinal);

    /// <summary>The number of pairs (len of the Go map).</summary>
    public int Count { get; private set; }

    /// <summary>topologyToMatchedTermCount.clone: a copy with the same pairs and counts.</summary>
    public TopologyCounts Clone()
    {
        var copy = new TopologyCounts { Count = Count };
        foreach (var (key, values) in _byKey)
        {
            copy._byKey[key] = new Dictionary<string, long>(values, StringComparer.Ordinal);
        }

        return copy;
    }

    /// <summary>The count of (<paramref name="key"/>, <paramref name="value"/>), 0 when absent.</summary>
    public long Get(string key, string value) =>
        _byKey.TryGetValue(key, out var values) && values.TryGetValue(value, out long count) ? count : 0;

    /// <summary>topologyToMatchedTermCount.update: adds <paramref name="delta"/> to the node's pair for <paramref name="key"/>, if it has the label.</summary>
    public void Update(IReadOnlyDictionary<string, string> nodeLabels, string key, long delta)
    {
        if (!nodeLabels.TryGetValue(key, out var value))
        {
            return;
        }

        if (!_byKey.TryGetValue(key, out var values))
        {
            values = new Dictionary<string, long>(StringComparer.Ordinal);
            _byKey[key] = values;
        }

        bool existed = values.TryGetValue(value, out long count);
        count += delta;
        if (count == 0)
        {
            // value could be negative, hence we delete the entry if it is down to zero.
            if (existed)
            {
                values.Remove(value);
                Count--;
            }

            return;
        }

        values[value] = count;
        if (!existed)
        {
            Count++;
        }
    }

    /// <summary>topologyToMatchedTermCount.updateWithAffinityTerms: every term's pair, if the pod matches all the terms.</summary>
    public void UpdateWithAffinityTerms(IReadOnlyList<AffinityTerm> terms, Pod pod, IReadOnlyDictionary<string, string> nodeLabels, long delta)
    {
        if (InterPodAffinity.PodMatchesAllAffinityTerms(terms, pod.Metadata.Namespace, pod.Metadata.Labels))
        {
            for (int i = 0; i < terms.Count; i++)
            {
                Update(nodeLabels, terms[i].TopologyKey, delta);
            }
        }
    }

    /// <summary>topologyToMatchedTermCount.updateWithAntiAffinityTerms: the pair of each term the pod matches.</summary>
    public void UpdateWithAntiAffinityTerms(IReadOnlyList<AffinityTerm> terms, Pod pod, IReadOnlyDictionary<string, string>? nsLabels, IReadOnlyDictionary<string, string> nodeLabels, long delta)
    {
        for (int i = 0; i < terms.Count; i++)
        {
            if (terms[i].Matches(pod, nsLabels))
            {
                Update(nodeLabels, terms[i].TopologyKey, delta);
            }
        }
    }

    /// <summary>The pairs and their counts, ordered by key then value (for tests and diagnostics; Go's map printed sorted).</summary>
    internal IEnumerable<(string Key, string Value, long Count)> Pairs() =>
        _byKey.SelectMany(k => k.Value.Select(v => (k.Key, v.Key, v.Value)))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ThenBy(p => p.Item2, StringComparer.Ordinal);

    /// <summary>Whether one of the node's labels is a pair with a positive count (satisfyExistingPodsAntiAffinity's loop over the node's labels, by key).</summary>
    public bool AnyPositive(IReadOnlyDictionary<string, string> nodeLabels)
    {
        foreach (var (key, values) in _byKey)
        {
            if (nodeLabels.TryGetValue(key, out var value) && values.TryGetValue(value, out long count) && count > 0)
            {
                return true;
            }
        }

        return false;
    }
}
