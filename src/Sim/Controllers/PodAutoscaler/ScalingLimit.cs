namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// The ScalingLimited condition normalization sets: Status True when <see cref="Limited"/> (the normalized count
/// differs from the stabilized recommendation), with Kubernetes' reason (DesiredWithinRange, TooManyReplicas,
/// TooFewReplicas, ScaleUpLimit, ScaleDownLimit) and message.
/// </summary>
public readonly record struct ScalingLimit(bool Limited, string Reason, string Message);
