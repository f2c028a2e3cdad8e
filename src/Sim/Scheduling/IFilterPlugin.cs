using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Decides whether a pod can run on one node (framework FilterPlugin). Returns <see cref="Status.Success"/>
/// or a rejection whose reasons end up in the FitError message. Filters run in plugin order and the first
/// rejection decides a node's status.
/// </summary>
public interface IFilterPlugin : IPlugin
{
    Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo);
}
