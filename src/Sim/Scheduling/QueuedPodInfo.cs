using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>Which sub-queue a pod is in.</summary>
public enum QueueKind
{
    None,
    Active,
    Backoff,
    Unschedulable,
}

/// <summary>A pod in the scheduling queue with its bookkeeping (framework QueuedPodInfo).</summary>
public sealed class QueuedPodInfo
{
    internal QueuedPodInfo(Pod pod, long now)
    {
        Pod = pod;
        Timestamp = now;
        InitialAttemptTimestamp = now;
    }

    public Pod Pod { get; }

    /// <summary>When the pod was last added to the queue (ticks); orders the active queue and starts backoff.</summary>
    public long Timestamp { get; internal set; }

    /// <summary>When the pod first entered the queue (ticks).</summary>
    public long InitialAttemptTimestamp { get; }

    /// <summary>Scheduling attempts so far (incremented on pop).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Plugins that rejected the pod in its last attempt.</summary>
    public SortedSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the pod is now.</summary>
    public QueueKind Queue { get; internal set; }

    /// <summary>When the backoff of the current failure ends (ticks), while in the backoff queue.</summary>
    public long BackoffExpiry { get; internal set; }

    /// <summary>Insertion sequence: the final tie-break in the active and backoff queues.</summary>
    internal long Sequence { get; set; }

    internal LinkedListNode<QueuedPodInfo>? UnschedulableNode { get; set; }

    /// <summary>The pod's priority (spec.priority, 0 when unset), as of its last insertion into the active queue.</summary>
    public int Priority { get; internal set; }

    public override string ToString() => Pod.Key;
}
