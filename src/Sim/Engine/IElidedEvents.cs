namespace ClusterSim.Sim.Engine;

/// <summary>
/// A component that, for scale, does not schedule kernel events the literal simulation runs as no-ops
/// (e.g. a periodic check that cannot act before a known tick) and says how many it has left out, so the
/// count of events a run reports (<see cref="Kernel.LiteralEvents"/>, printed in the run summary) stays the
/// literal run's.
/// </summary>
public interface IElidedEvents
{
    /// <summary>
    /// Events of the literal run due at or before <paramref name="nowTicks"/> that this component did not run,
    /// less the events it ran that the literal run does not have. Read after the kernel has run every event
    /// due at or before <paramref name="nowTicks"/>.
    /// </summary>
    long ElidedEvents(long nowTicks);
}
