using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// node_lifecycle_controller.go nodeHealthData: what the controller last observed of a node, with the
/// controller's own timestamps (it trusts its clock, not the kubelet's).
/// <para>
/// Go keeps a pointer to the observed NodeStatus; only its Ready condition is ever read, so a copy of that
/// condition is kept (<see cref="ReadyCondition"/>). Likewise only the observed Lease's renewTime is read
/// (<see cref="LeaseRenewTime"/>, with <see cref="HasLease"/> for Go's nil lease).
/// </para>
/// </summary>
/// <param name="ProbeTimestamp">When the controller last saw a sign of life (a new heartbeat or lease renewal).</param>
/// <param name="ReadyTransitionTimestamp">When the controller last saw the Ready condition change.</param>
/// <param name="ReadyCondition">A copy of the observed Ready condition (null when the node had none).</param>
/// <param name="HasLease">Whether a Lease was observed (Go: lease != nil).</param>
/// <param name="LeaseRenewTime">The observed Lease's renewTime.</param>
public sealed record NodeHealth(
    TimeSpan ProbeTimestamp,
    TimeSpan ReadyTransitionTimestamp,
    NodeCondition? ReadyCondition = null,
    bool HasLease = false,
    TimeSpan? LeaseRenewTime = null)
{
    /// <summary>metav1.MicroTime.Before on two renew times: false when either is nil.</summary>
    public static bool RenewedBefore(TimeSpan? saved, TimeSpan? observed) =>
        saved is { } s && observed is { } o && s < o;

    /// <summary>A copy of <paramref name="c"/> (NodeCondition is mutable; the controller keeps snapshots).</summary>
    public static NodeCondition? Copy(NodeCondition? c) => c is null ? null : new NodeCondition
    {
        Type = c.Type,
        Status = c.Status,
        LastHeartbeatTime = c.LastHeartbeatTime,
        LastTransitionTime = c.LastTransitionTime,
        Reason = c.Reason,
        Message = c.Message,
    };

    /// <summary>apiequality.Semantic.DeepEqual on two node conditions.</summary>
    public static bool ConditionEqual(NodeCondition? a, NodeCondition? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Type == b.Type && a.Status == b.Status && a.LastHeartbeatTime == b.LastHeartbeatTime
            && a.LastTransitionTime == b.LastTransitionTime && a.Reason == b.Reason && a.Message == b.Message;
    }
}
