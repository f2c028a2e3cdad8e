using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// framework PreFilterExtensions: a PreFilter plugin whose cycle state counts pods on nodes updates it when a
/// pod is added to or removed from a node in a "what if" (preemption's dry run, nominated pods counted on their
/// node). Called on a <see cref="CycleState.Clone"/>, never on the cycle's own state.
/// </summary>
public interface IPreFilterExtensions : IPreFilterPlugin
{
    /// <summary>AddPod: <paramref name="podToAdd"/> now counts on <paramref name="nodeInfo"/> while scheduling <paramref name="podToSchedule"/>.</summary>
    Status AddPod(CycleState state, Pod podToSchedule, Pod podToAdd, NodeInfo nodeInfo);

    /// <summary>RemovePod: <paramref name="podToRemove"/> no longer counts on <paramref name="nodeInfo"/>.</summary>
    Status RemovePod(CycleState state, Pod podToSchedule, Pod podToRemove, NodeInfo nodeInfo);
}

/// <summary>framework PostFilterResult: the node the pod is nominated to, or null for no change; "" clears the nomination.</summary>
public sealed record PostFilterResult(string? NominatedNodeName);

/// <summary>
/// framework PostFilterPlugin: runs when a pod fits no node (a FitError), to make it fit in a later cycle
/// (DefaultPreemption). Its status's message becomes the FailedScheduling message's `preemption: ...` part.
/// </summary>
public interface IPostFilterPlugin : IPlugin
{
    (PostFilterResult? Result, Status Status) PostFilter(IFrameworkHandle handle, CycleState state, Pod pod, Diagnosis diagnosis);
}
