using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The cluster events after which a pod this plugin rejected may become schedulable, with a queueing hint
/// to filter them (framework EnqueueExtensions, with SchedulerQueueingHints on as in v1.32). A rejecting
/// plugin that does not implement this interface is treated as interested in every event.
/// </summary>
public interface IEnqueueExtensions : IPlugin
{
    /// <summary>The events this plugin registers.</summary>
    ClusterEventType EventsToRegister { get; }

    /// <summary>Whether <paramref name="evt"/> may make <paramref name="pod"/> schedulable.</summary>
    QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod);
}
