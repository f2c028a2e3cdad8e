using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>horizontal.go NormalizationArg: everything normalization with behaviors needs, as one value.</summary>
public sealed record NormalizationArg(
    string Key,
    HpaScalingRules ScaleUpBehavior,
    HpaScalingRules ScaleDownBehavior,
    int MinReplicas,
    int MaxReplicas,
    int CurrentReplicas,
    int DesiredReplicas);
