using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Prefers nodes whose cpu and memory utilisation (actual requests, including the pod's) stay balanced.
/// Port of plugins/noderesources/balanced_allocation.go as of v1.32 (best-effort pods are still scored; the
/// skip for them came in v1.33).
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IPreScorePlugin, IScorePlugin
{
    private const string PreScoreStateKey = "PreScoreNodeResourcesBalancedAllocation";

    public NodeResourcesBalancedAllocation(IReadOnlyList<ResourceSpec>? resources = null, int weight = 1)
    {
        Weight = weight;
        Scorer = new ResourceAllocationScorer(resources ?? ResourceAllocationScorer.DefaultResources, useRequested: true, ResourceAllocationScorer.Strategy.Balanced);
    }

    public string Name => "NodeResourcesBalancedAllocation";

    public int Weight { get; }

    public ResourceAllocationScorer Scorer { get; }

    /// <summary>balanced_allocation.go PreScore.</summary>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        state.Write(PreScoreStateKey, Scorer.PodRequestList(pod));
        return Status.Success;
    }

    /// <summary>balanced_allocation.go Score.</summary>
    public long Score(CycleState state, Pod pod, NodeInfo nodeInfo) =>
        Scorer.Score(nodeInfo, state.Read<long[]>(PreScoreStateKey) ?? Scorer.PodRequestList(pod));

    /// <summary>balanced_allocation.go Score over every node, the PreScore state read once.</summary>
    public void ScoreNodes(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, NodeScore[] scores) =>
        Scorer.ScoreNodes(nodes, state.Read<long[]>(PreScoreStateKey) ?? Scorer.PodRequestList(pod), scores, state.Cache);
}
