using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// --balance-similar-node-groups (processors/nodegroupset): which groups count as similar to the chosen one
/// (compare_nodegroups.go IsCloudProviderNodeInfoSimilar) and how new nodes are spread over them
/// (balancing_processor.go BalanceScaleUpBetweenGroups).
/// </summary>
internal static class NodeGroupBalancing
{
    /// <summary>compare_nodegroups.go: the memory capacities of similar groups may differ by this ratio.</summary>
    private const double MaxCapacityMemoryDifferenceRatio = 0.015;

    /// <summary>compare_nodegroups.go: allocatable and free resources may differ by this ratio.</summary>
    private const double MaxAllocatableDifferenceRatio = 0.05;

    /// <summary>Labels that may differ between similar groups (BasicIgnoredLabels).</summary>
    private static readonly HashSet<string> IgnoredLabels = new(StringComparer.Ordinal)
    {
        "kubernetes.io/hostname",
        "topology.kubernetes.io/zone",
        "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/region",
        "beta.kubernetes.io/fluentd-ds-ready",
        "kops.k8s.io/instancegroup",
    };

    /// <summary>
    /// IsCloudProviderNodeInfoSimilar: the same capacity resources, equal except memory within 1.5%; allocatable and
    /// free resources within 5%; the same labels apart from the ignored ones (hostname, zone, region, ...).
    /// </summary>
    public static bool Similar(NodeInfo a, NodeInfo b)
    {
        var ca = a.Node!.Status.Capacity;
        var cb = b.Node!.Status.Capacity;
        if (ca.Count != cb.Count || ca.Keys.Any(k => !cb.ContainsKey(k)))
        {
            return false;
        }

        foreach (var (name, qa) in ca)
        {
            long va = name == ResourceNames.Cpu ? qa.MilliValue() : qa.Value();
            long vb = name == ResourceNames.Cpu ? cb[name].MilliValue() : cb[name].Value();
            if (name == ResourceNames.Memory ? !Within(va, vb, MaxCapacityMemoryDifferenceRatio) : va != vb)
            {
                return false;
            }
        }

        if (!Within(a.AllocatableMilliCpu, b.AllocatableMilliCpu, MaxAllocatableDifferenceRatio)
            || !Within(a.AllocatableMemory, b.AllocatableMemory, MaxAllocatableDifferenceRatio)
            || !Within(a.AllocatableMilliCpu - a.RequestedMilliCpu, b.AllocatableMilliCpu - b.RequestedMilliCpu, MaxAllocatableDifferenceRatio)
            || !Within(a.AllocatableMemory - a.RequestedMemory, b.AllocatableMemory - b.RequestedMemory, MaxAllocatableDifferenceRatio))
        {
            return false;
        }

        var la = a.Node.Metadata.Labels.Where(kv => !IgnoredLabels.Contains(kv.Key)).ToList();
        var lb = b.Node.Metadata.Labels.Where(kv => !IgnoredLabels.Contains(kv.Key)).ToList();
        return la.Count == lb.Count && la.All(kv => b.Node.Metadata.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>larger − smaller &lt;= larger × ratio.</summary>
    private static bool Within(long a, long b, double ratio)
    {
        long larger = Math.Max(a, b), smaller = Math.Min(a, b);
        return larger - smaller <= larger * ratio;
    }

    /// <summary>
    /// BalanceScaleUpBetweenGroups: groups at their max are dropped; the new nodes (at most the room left) go one at a
    /// time to the smallest group that still has room (ties in the given order); returns each group's new size, for
    /// the groups that grew, in the given order.
    /// </summary>
    public static List<(string Group, int Current, int NewSize, int Max)> Balance(IReadOnlyList<(string Group, int Current, int Max)> groups, int newNodes)
    {
        var open = groups.Where(g => g.Current < g.Max).Select(g => (g.Group, g.Current, g.Max, Size: g.Current)).ToList();
        int room = open.Sum(g => g.Max - g.Current);
        newNodes = Math.Min(newNodes, room);
        for (int n = 0; n < newNodes; n++)
        {
            int best = -1;
            for (int i = 0; i < open.Count; i++)
            {
                if (open[i].Size < open[i].Max && (best < 0 || open[i].Size < open[best].Size))
                {
                    best = i;
                }
            }

            var g = open[best];
            open[best] = g with { Size = g.Size + 1 };
        }

        return open.Where(g => g.Size > g.Current).Select(g => (g.Group, g.Current, g.Size, g.Max)).ToList();
    }
}
