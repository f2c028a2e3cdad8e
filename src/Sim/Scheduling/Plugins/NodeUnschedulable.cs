using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Filters out nodes with spec.unschedulable (kubectl cordon) unless the pod tolerates the
/// node.kubernetes.io/unschedulable:NoSchedule taint. Port of plugins/nodeunschedulable/node_unschedulable.go.
/// </summary>
public sealed class NodeUnschedulable : IFilterPlugin, IEnqueueExtensions
{
    /// <summary>ErrReasonUnschedulable.</summary>
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";

    private static readonly Taint UnschedulableTaint = new(TaintHelper.TaintNodeUnschedulable, null, "NoSchedule");

    // Built once and attributed to the plugin: a cordoned node rejects pods in every cycle.
    private static readonly Status Rejection = new(StatusCode.UnschedulableAndUnresolvable, [ErrReasonUnschedulable], "NodeUnschedulable");

    public string Name => "NodeUnschedulable";

    public ClusterEventType EventsToRegister => ClusterEventType.NodeAdd | ClusterEventType.NodeTaintChange;

    /// <summary>node_unschedulable.go Filter.</summary>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        if (!nodeInfo.Unschedulable)
        {
            return Status.Success;
        }

        if (TaintHelper.TolerationsTolerateTaint(pod.Spec.Tolerations, UnschedulableTaint))
        {
            return Status.Success;
        }

        return Rejection;
    }

    /// <summary>node_unschedulable.go isSchedulableAfterNodeChange: a schedulable node was added, or a node became schedulable.</summary>
    public QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod)
    {
        if (evt.NewNode is null)
        {
            return QueueingHint.QueueSkip;
        }

        bool becameSchedulable = evt.OldNode is not null && evt.OldNode.Unschedulable && !evt.NewNode.Unschedulable;
        bool addedSchedulable = evt.OldNode is null && !evt.NewNode.Unschedulable;
        return becameSchedulable || addedSchedulable ? QueueingHint.Queue : QueueingHint.QueueSkip;
    }
}
