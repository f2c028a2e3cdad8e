namespace ClusterSim.Sim.Api;

// Placeholder replaced on merge by the full implementation.
public sealed class LabelSelector
{
    public SortedDictionary<string, string> MatchLabels { get; set; } = new(StringComparer.Ordinal);
    public List<LabelSelectorRequirement> MatchExpressions { get; set; } = [];
}

public sealed record LabelSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);
