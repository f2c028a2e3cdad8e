namespace ClusterSim.Sim.Controllers.Deployment;

/// <summary>
/// An error a deployment sync returns in Kubernetes (other than an API error): the sync stops and the key is
/// requeued with the workqueue's rate limiter, as handleErr does.
/// </summary>
public sealed class DeploymentSyncException(string message) : Exception(message);
