namespace ClusterSim.Sim.Instruments;

/// <summary>
/// One scale-up of a node group by the Cluster Autoscaler and how long its first pod waited: of the pods that triggered
/// it (ScaleUpStatus.PodsTriggeredScaleUp), the one created first, from its creation (when it became pending) until it
/// was Running (status.phase), on whatever node it ended up. <see cref="RunningAt"/> is null when that pod was deleted
/// before it ran (<see cref="Deleted"/>) or was still not Running at the end of the run.
/// </summary>
/// <param name="Group">The node group resized.</param>
/// <param name="At">When the autoscaler asked the cloud for the nodes (IncreaseSize).</param>
/// <param name="Namespace">The first pod's namespace.</param>
/// <param name="Pod">The first pod's name.</param>
/// <param name="PodCreated">The first pod's creation timestamp.</param>
/// <param name="RunningAt">When the first pod was first Running, or null.</param>
/// <param name="Deleted">True when the first pod was deleted before it was Running.</param>
public sealed record ScaleUpWait(string Group, TimeSpan At, string Namespace, string Pod, TimeSpan PodCreated, TimeSpan? RunningAt, bool Deleted)
{
    /// <summary>From the pod's creation to its Running, or null when it never ran.</summary>
    public TimeSpan? ToRunning => RunningAt - PodCreated;
}
