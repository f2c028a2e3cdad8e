namespace ClusterSim.Sim.Instruments;

/// <summary>
/// One rollout of a Deployment: from the moment its revision changed (a new pod template was
/// observed) until all its replicas were updated and available, with the fewest available replicas
/// seen meanwhile. <see cref="Completed"/> is null when it had not finished by the end of the run.
/// </summary>
public sealed record Rollout(string Namespace, string Deployment, string Revision, TimeSpan Started, TimeSpan? Completed, int MinAvailable, int Replicas)
{
    /// <summary>How long the rollout took, or null if unfinished.</summary>
    public TimeSpan? Duration => Completed - Started;
}
