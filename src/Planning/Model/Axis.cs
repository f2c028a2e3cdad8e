namespace ClusterSim.Planning.Model;

/// <summary>A varied key and its values, in the order given (`nodes.worker.count=3..6` gives 3, 4, 5, 6).</summary>
public sealed record Axis(string Key, IReadOnlyList<string> Values);
