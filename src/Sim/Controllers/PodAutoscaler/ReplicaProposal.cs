namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// A replica count with the condition reason and message that explain it: the (int32, string, string) that
/// horizontal.go's stabilize and convert functions return.
/// </summary>
public readonly record struct ReplicaProposal(int Replicas, string Reason, string Message);
