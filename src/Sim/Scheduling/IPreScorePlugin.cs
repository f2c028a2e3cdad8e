using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Runs once per cycle before scoring with the feasible nodes (framework PreScorePlugin). Returning
/// <see cref="Status.Skip"/> skips this plugin's Score for the cycle.
/// </summary>
public interface IPreScorePlugin : IPlugin
{
    Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> feasibleNodes);
}
