namespace ClusterSim.Sim.Scheduling;

/// <summary>A plugin's verdict on whether an event may make a pod it rejected schedulable (framework QueueingHint).</summary>
public enum QueueingHint
{
    /// <summary>The event cannot help; the pod stays unschedulable.</summary>
    QueueSkip,

    /// <summary>The event may help; the pod is moved to the backoff or active queue.</summary>
    Queue,
}
