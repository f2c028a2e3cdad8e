namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// A PreFilter plugin's narrowing of the candidate nodes (framework PreFilterResult). Null node names mean
/// all nodes.
/// </summary>
public sealed class PreFilterResult
{
    public PreFilterResult(IEnumerable<string>? nodeNames)
    {
        NodeNames = nodeNames is null ? null : new SortedSet<string>(nodeNames, StringComparer.Ordinal);
    }

    /// <summary>The candidate node names, or null for all nodes.</summary>
    public SortedSet<string>? NodeNames { get; }

    /// <summary>True when no restriction applies.</summary>
    public bool AllNodes => NodeNames is null;

    /// <summary>The intersection of two results (PreFilterResult.Merge); null stands for all nodes.</summary>
    public static PreFilterResult? Merge(PreFilterResult? a, PreFilterResult? b)
    {
        if (a is null || a.AllNodes)
        {
            return b is null || b.AllNodes ? null : b;
        }

        if (b is null || b.AllNodes)
        {
            return a;
        }

        var names = new SortedSet<string>(a.NodeNames!, StringComparer.Ordinal);
        names.IntersectWith(b.NodeNames!);
        return new PreFilterResult(names);
    }
}
