namespace ClusterSim.Sim.Load;

/// <summary>
/// One pod's traffic and resource use during the current load step: the requests routed to it, the part
/// its CPU served, its CPU use (millicores, summed over containers) and working set (bytes).
/// <see cref="RunningSince"/> is the latest start of its containers when all of them are running (a
/// restart of any container changes it), else null.
/// </summary>
public readonly record struct PodUsage(string NodeName, double OfferedRps, double ServedRps, double CpuMilli, long MemoryBytes, TimeSpan? RunningSince);
