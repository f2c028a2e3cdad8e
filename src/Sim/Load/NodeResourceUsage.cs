namespace ClusterSim.Sim.Load;

/// <summary>What the containers on a node use during the current load step: CPU in millicores, working set in bytes.</summary>
public readonly record struct NodeResourceUsage(double CpuMilli, long MemoryBytes);
