using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// What a PostFilter plugin reaches through the scheduler (framework.Handle): the cycle's node snapshot, the
/// API server (listers and writes), the event recorder, the nominated pods, the profile's plugins, the clock and
/// the scheduler's random stream. The <see cref="Scheduler"/> implements it.
/// </summary>
public interface IFrameworkHandle
{
    /// <summary>The scheduler's node view (SnapshotSharedLister).</summary>
    SchedulerCache Cache { get; }

    /// <summary>The API server: the store to list and get from, and the writes (ClientSet).</summary>
    ApiServer Api { get; }

    /// <summary>The scheduler's event recorder.</summary>
    EventRecorder Events { get; }

    /// <summary>The nominated pods (PodNominator).</summary>
    PodNominator Nominator { get; }

    /// <summary>The profile's plugins.</summary>
    SchedulingFramework Framework { get; }

    /// <summary>The current virtual time.</summary>
    TimeSpan Now { get; }

    /// <summary>The scheduler's seeded random stream.</summary>
    RandomStream Random { get; }
}
