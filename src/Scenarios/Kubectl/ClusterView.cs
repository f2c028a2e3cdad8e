using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// What kubectl sees of a simulated cluster at one instant: the objects, the aggregated events, the
/// virtual time of the request, and the UTC instant virtual time zero stands for (so timestamps print
/// as dates). Nothing here reads the wall clock or the local time zone.
/// </summary>
public sealed record ClusterView(ObjectStore Store, EventRecorder Events, TimeSpan Now, DateTimeOffset Epoch)
{
    /// <summary>
    /// The UTC instant of virtual time <paramref name="time"/> as the API server stores it: metav1.Time
    /// is serialized with second precision, so the fraction is dropped (floor).
    /// </summary>
    public DateTime StoredInstant(TimeSpan time)
    {
        long ticks = Epoch.UtcTicks + time.Ticks;
        ticks -= ((ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond) % TimeSpan.TicksPerSecond;
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>The instant of the request, full precision (kubectl's time.Now()).</summary>
    public DateTime NowInstant => new(Epoch.UtcTicks + Now.Ticks, DateTimeKind.Utc);

    /// <summary>Time since a stored timestamp, as translateTimestampSince computes it.</summary>
    public TimeSpan Since(TimeSpan time) => NowInstant - StoredInstant(time);
}
