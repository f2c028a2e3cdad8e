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

    /// <summary>Normalizes <paramref name="scores"/> in place. The default does nothing (no ScoreExtensions).</summary>
    void NormalizeScore(CycleState state, Pod pod, NodeScore[] scores)
    {
    }
}
