namespace ClusterSim.Sim.Faults;

/// <summary>A fault that was injected: when, what, and which nodes it took down or brought back.</summary>
public sealed record FaultRecord(TimeSpan Time, string Description, bool TakesNodesDown, IReadOnlyList<string> Nodes);
