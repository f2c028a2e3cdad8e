using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Kinds of cluster change that may make an unschedulable pod schedulable (framework ClusterEvent: resource
/// and action type folded into one flag set). Plugins register the kinds they care about.
/// </summary>
[Flags]
public enum ClusterEventType
{
    None = 0,

    /// <summary>Node/Add.</summary>
    NodeAdd = 1 << 0,

    /// <summary>Node/Delete.</summary>
    NodeDelete = 1 << 1,

    /// <summary>Node/UpdateNodeAllocatable.</summary>
    NodeAllocatableChange = 1 << 2,

    /// <summary>Node/UpdateNodeLabel.</summary>
    NodeLabelChange = 1 << 3,

    /// <summary>Node/UpdateNodeTaint (also raised for spec.unschedulable changes, as Kubernetes does).</summary>
    NodeTaintChange = 1 << 4,

    /// <summary>Pod/Add of an assigned pod (bound, or created bound).</summary>
    AssignedPodAdd = 1 << 5,

    /// <summary>Pod/Delete of an assigned pod (removed, or finished: the scheduler's informer drops terminal pods).</summary>
    AssignedPodDelete = 1 << 6,

    /// <summary>Pod/UpdatePodLabel of an assigned pod.</summary>
    AssignedPodLabelChange = 1 << 7,

    /// <summary>The wildcard event raised when a pod has waited podMaxInUnschedulablePodsDuration.</summary>
    UnschedulableTimeout = 1 << 8,

    /// <summary>Every node event.</summary>
    AllNode = NodeAdd | NodeDelete | NodeAllocatableChange | NodeLabelChange | NodeTaintChange,

    /// <summary>Every assigned-pod event.</summary>
    AllPod = AssignedPodAdd | AssignedPodDelete | AssignedPodLabelChange,
}

/// <summary>
/// One cluster change, with the old and new objects a queueing hint needs: node states before and after
/// (null for add/delete), or the assigned pod and its previous labels.
/// </summary>
public sealed class ClusterEvent
{
    public ClusterEvent(ClusterEventType type, NodeState? oldNode = null, NodeState? newNode = null, Pod? pod = null, IReadOnlyDictionary<string, string>? oldPodLabels = null)
    {
        Type = type;
        OldNode = oldNode;
        NewNode = newNode;
        Pod = pod;
        OldPodLabels = oldPodLabels;
    }

    /// <summary>The wildcard timeout event.</summary>
    public static ClusterEvent UnschedulableTimeout { get; } = new(ClusterEventType.UnschedulableTimeout);

    public ClusterEventType Type { get; }

    /// <summary>The node before the change (null when added).</summary>
    public NodeState? OldNode { get; }

    /// <summary>The node after the change (null when deleted).</summary>
    public NodeState? NewNode { get; }

    /// <summary>The assigned pod added, deleted or relabelled.</summary>
    public Pod? Pod { get; }

    /// <summary>For <see cref="ClusterEventType.AssignedPodLabelChange"/>, the labels before the change.</summary>
    public IReadOnlyDictionary<string, string>? OldPodLabels { get; }

    /// <summary>True for the wildcard event, which requeues every pod.</summary>
    public bool IsWildCard => Type == ClusterEventType.UnschedulableTimeout;

    public override string ToString() => Type.ToString();
}
