using ClusterSim.Scenarios.Faults;

namespace ClusterSim.Scenarios.Fuzz;

/// <summary>
/// One fault of a fuzz schedule: <see cref="Fault"/> at virtual time <see cref="At"/>. A pod-kill whose
/// <see cref="FaultSpec.Target"/> is null is not resolved yet: at run time it kills the pod at
/// <see cref="PodPick"/> (a fraction in [0, 1)) of the live pods ordered by namespace/name, because pod
/// names are generated during the run and a schedule drawn beforehand cannot name them.
/// </summary>
public sealed record FuzzFault(TimeSpan At, FaultSpec Fault, double PodPick = 0)
{
    /// <summary>True for a pod-kill whose pod is picked at run time.</summary>
    public bool IsUnresolvedPodKill => Fault.Type == FaultType.PodKill && Fault.Target is null;

    /// <summary>True for the faults that undo an earlier one (node-recover, kubelet-start, zone-recover).</summary>
    public bool IsRecovery => Fault.Type is FaultType.NodeRecover or FaultType.KubeletStart or FaultType.ZoneRecover;

    /// <summary>`at 1m30s: node-crash worker-2`, as printed in fuzz output.</summary>
    public override string ToString() =>
        $"at {Durations.Format(At)}: {(IsUnresolvedPodKill ? "pod-kill (a random live pod)" : Fault.ToString())}";

    /// <summary>The fault that undoes <paramref name="type"/>, or null when it has none.</summary>
    public static FaultType? RecoveryOf(FaultType type) => type switch
    {
        FaultType.NodeCrash => FaultType.NodeRecover,
        FaultType.KubeletStop => FaultType.KubeletStart,
        FaultType.ZoneOutage => FaultType.ZoneRecover,
        _ => null,
    };
}
