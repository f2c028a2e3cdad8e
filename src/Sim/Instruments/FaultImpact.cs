using ClusterSim.Sim.Faults;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// How one fault played out: time from the fault to the first of its nodes turning NotReady, to the first
/// taint-based eviction of a pod on them, and to every workload having all its replicas ready again; and
/// the capacity lost meanwhile, in pod-seconds of replicas that were wanted but not ready.
/// </summary>
public sealed record FaultImpact(
    FaultRecord Fault,
    TimeSpan? ToNotReady,
    TimeSpan? ToFirstEviction,
    TimeSpan? ToAllReplicasReady,
    double LostPodSeconds,
    int PeakUnreadyReplicas);
