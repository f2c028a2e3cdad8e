namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// The AbleToScale condition (Status True) normalization sets: ScaleDownStabilized or ScaleUpStabilized when
/// stabilization changed the recommendation (<see cref="Stabilized"/>), ReadyForNewScale otherwise, with
/// Kubernetes' message.
/// </summary>
public readonly record struct ScaleStabilization(bool Stabilized, string Reason, string Message);
