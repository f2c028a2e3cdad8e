namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// replica_calculator.go groupPods' results: how many pods count as ready, and the names of the pods whose
/// metrics are set aside (unready: Pending, or cpu samples taken while the pod was starting or not ready),
/// missing (no metric yet) and ignored (being deleted or Failed). Sets are ordinal-sorted so that nothing
/// depends on hash order.
/// </summary>
public sealed record PodGroups(int ReadyPodCount, SortedSet<string> UnreadyPods, SortedSet<string> MissingPods, SortedSet<string> IgnoredPods);
