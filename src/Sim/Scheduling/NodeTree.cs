using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Node names grouped by zone, listed round-robin across zones so consecutive nodes come from different
/// zones. Port of pkg/scheduler/backend/cache/node_tree.go (nodeTree addNode/removeNode/updateNode/list).
/// </summary>
internal sealed class NodeTree
{
    private readonly List<string> _zones = [];
    private readonly Dictionary<string, List<string>> _tree = new(StringComparer.Ordinal);

    public int NumNodes { get; private set; }

    /// <summary>pkg/util/node GetZoneKey: "region:\0:zone" from the topology (or legacy failure-domain) labels, or "".</summary>
    public static string ZoneKey(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue("topology.kubernetes.io/zone", out var zone))
        {
            zone = labels.GetValueOrDefault("failure-domain.beta.kubernetes.io/zone", "");
        }

        if (!labels.TryGetValue("topology.kubernetes.io/region", out var region))
        {
            region = labels.GetValueOrDefault("failure-domain.beta.kubernetes.io/region", "");
        }

        return region.Length == 0 && zone.Length == 0 ? "" : region + ":\0:" + zone;
    }

    public static string ZoneKey(Node node) => ZoneKey(node.Metadata.Labels);

    public void AddNode(string name, string zone)
    {
        if (_tree.TryGetValue(zone, out var names))
        {
            if (names.Contains(name))
            {
                return;
            }

            names.Add(name);
        }
        else
        {
            _zones.Add(zone);
            _tree[zone] = [name];
        }

        NumNodes++;
    }

    public void RemoveNode(string name, string zone)
    {
        if (!_tree.TryGetValue(zone, out var names))
        {
            return;
        }

        int i = names.IndexOf(name);
        if (i < 0)
        {
            return;
        }

        names.RemoveAt(i);
        if (names.Count == 0)
        {
            _tree.Remove(zone);
            _zones.Remove(zone);
        }

        NumNodes--;
    }

    /// <summary>Round-robin over zones (nodeTree.list).</summary>
    public List<string> List()
    {
        var result = new List<string>(NumNodes);
        for (int nodeIndex = 0; result.Count < NumNodes; nodeIndex++)
        {
            foreach (var zone in _zones)
            {
                var names = _tree[zone];
                if (nodeIndex < names.Count)
                {
                    result.Add(names[nodeIndex]);
                }
            }
        }

        return result;
    }
}
