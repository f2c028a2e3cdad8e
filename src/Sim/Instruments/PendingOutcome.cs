namespace ClusterSim.Sim.Instruments;

/// <summary>
/// How long pods waited for a node over a run: each pod's wait runs from its creation until it was bound
/// (spec.nodeName set), or until its deletion, or until the end of the run when it was never bound.
/// A pod created already bound waited 0.
/// </summary>
/// <param name="PendingPodSeconds">The waits summed over every pod (pod-seconds); exact to the tick.</param>
/// <param name="LongestPending">The longest single wait (zero when no pod waited).</param>
/// <param name="Pods">Pods seen (created, or present when the tracker started).</param>
/// <param name="StillPending">Pods unbound and not deleted at the end of the run (their waits are cut at the end).</param>
public sealed record PendingOutcome(double PendingPodSeconds, TimeSpan LongestPending, int Pods, int StillPending)
{
    /// <summary>A run without pods, or one that was not measured.</summary>
    public static PendingOutcome None { get; } = new(0, TimeSpan.Zero, 0, 0);

    /// <summary>Pods whose wait was longer than zero (bound at a later instant than created, or never bound by the end).</summary>
    public int Waited { get; init; }
}
