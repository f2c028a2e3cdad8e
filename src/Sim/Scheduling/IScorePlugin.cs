using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Ranks feasible nodes (framework ScorePlugin + ScoreExtensions). <see cref="Score"/> gives a raw score per
/// node; <see cref="NormalizeScore"/> maps all of them into [0, <see cref="NodeScore.MaxNodeScore"/>]; the
/// framework then multiplies by <see cref="Weight"/> and sums over plugins.
/// </summary>
public interface IScorePlugin : IPlugin
{
    /// <summary>The plugin's weight in the profile (default_plugins.go).</summary>
    int Weight { get; }

    long Score(CycleState state, Pod pod, NodeInfo nodeInfo);

    /// <summary>
    /// Scores every node of <paramref name="nodes"/> into <paramref name="scores"/> (same index, same length):
    /// framework.go RunScorePlugins' per-node loop, run sequentially. The default calls <see cref="Score"/> per
    /// node; a plugin overrides it to read its cycle state once per cycle instead of once per node. It must
    /// give exactly the scores <see cref="Score"/> gives.
    /// </summary>
    void ScoreNodes(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, NodeScore[] scores)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            scores[i] = new NodeScore(nodes[i].Name, Score(state, pod, nodes[i]));
        }
    }

    /// <summary>Normalizes <paramref name="scores"/> in place. The default does nothing (no ScoreExtensions).</summary>
    void NormalizeScore(CycleState state, Pod pod, NodeScore[] scores)
    {
    }
}
