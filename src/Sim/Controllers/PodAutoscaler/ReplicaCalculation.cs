namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// What <see cref="ReplicaCalculator"/> returns (replica_calculator.go's multiple return values):
/// the proposed replica count, the utilization in whole percent of request (Utilization targets only),
/// the raw average value in milli-units, the metrics' timestamp, and Kubernetes' error text when the
/// calculation failed (<see cref="Replicas"/> is then 0, as Kubernetes returns).
/// </summary>
public readonly record struct ReplicaCalculation(int Replicas, int Utilization, long RawUtilization, TimeSpan Timestamp, string? Error);
