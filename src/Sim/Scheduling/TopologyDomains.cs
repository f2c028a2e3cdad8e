namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Numbers the values nodes have for each topology key PodTopologySpread asks about, and keeps each node's
/// numbers in its <see cref="NodeInfo.DomainIds"/>, so a cycle reads a node's domain as an array element instead
/// of looking its label up and hashing the value (kube-scheduler does both for every node in every cycle).
/// Numbers are handed out in order of first request and never reused; nothing depends on hash order.
/// </summary>
internal sealed class TopologyDomains
{
    private readonly Dictionary<string, int> _keyIndex = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly List<Dictionary<string, int>> _valueIds = [];
    private readonly List<List<string>> _values = [];

    /// <summary>The index of <paramref name="key"/>; a new key is registered and every node of <paramref name="nodes"/> numbered.</summary>
    public int KeyIndex(string key, IReadOnlyList<NodeInfo> nodes)
    {
        if (_keyIndex.TryGetValue(key, out int k))
        {
            return k;
        }

        k = _keys.Count;
        _keyIndex[key] = k;
        _keys.Add(key);
        _valueIds.Add(new Dictionary<string, int>(StringComparer.Ordinal));
        _values.Add([]);
        for (int i = 0; i < nodes.Count; i++)
        {
            Assign(nodes[i]);
        }

        return k;
    }

    /// <summary>Numbers <paramref name="node"/>'s values of every registered key (a new node, or new labels).</summary>
    public void Assign(NodeInfo node)
    {
        var labels = node.State!.Labels;
        var ids = node.DomainIds.Length == _keys.Count ? node.DomainIds : new int[_keys.Count];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = Lookup(labels, k);
        }

        node.DomainIds = ids;
    }

    /// <summary>The number of the value <paramref name="labels"/> give the key at <paramref name="k"/>, or -1 without it.</summary>
    public int Lookup(IReadOnlyDictionary<string, string> labels, int k) =>
        labels.TryGetValue(_keys[k], out var value) ? ValueId(k, value) : -1;

    public int ValueId(int k, string value)
    {
        var ids = _valueIds[k];
        if (!ids.TryGetValue(value, out int id))
        {
            id = _values[k].Count;
            ids[value] = id;
            _values[k].Add(value);
        }

        return id;
    }

    public string Value(int k, int id) => _values[k][id];

    public int ValueCount(int k) => _values[k].Count;
}
