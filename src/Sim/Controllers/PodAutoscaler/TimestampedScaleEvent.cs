namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// horizontal.go timestampedScaleEvent: a change of scale (absolute, non-negative) made at <see cref="Timestamp"/>;
/// <see cref="Outdated"/> marks an event older than the longest policy period, whose slot the next event reuses.
/// </summary>
public readonly record struct TimestampedScaleEvent(int ReplicaChange, TimeSpan Timestamp, bool Outdated = false);
