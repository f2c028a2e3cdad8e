using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Filters out nodes other than the pod's spec.nodeName, when set. Port of plugins/nodename/node_name.go.
/// (Pods the scheduler sees have no node name, so this never rejects in practice, as in Kubernetes.)
/// </summary>
public sealed class NodeName : IFilterPlugin, IEnqueueExtensions
{
    /// <summary>ErrReason.</summary>
    public const string ErrReason = "node(s) didn't match the requested node name";

    public string Name => "NodeName";

    public ClusterEventType EventsToRegister => ClusterEventType.NodeAdd;

    /// <summary>node_name.go Filter / Fits.</summary>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo) =>
        Fits(pod, nodeInfo.Name) ? Status.Success : Status.UnschedulableAndUnresolvable(ErrReason);

    /// <summary>node_name.go isSchedulableAfterNodeAdd.</summary>
    public QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod) =>
        evt.NewNode is not null && Fits(pod, evt.NewNode.Name) ? QueueingHint.Queue : QueueingHint.QueueSkip;

    private static bool Fits(Pod pod, string nodeName) => pod.Spec.NodeName.Length == 0 || pod.Spec.NodeName == nodeName;
}
