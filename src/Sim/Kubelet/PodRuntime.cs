using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Kubelet;

/// <summary>What a kubelet knows of one pod it runs: its containers' simulated processes.</summary>
internal sealed class PodRuntime(Pod pod)
{
    public Pod Pod { get; } = pod;

    /// <summary>Bumped when the pod is killed, so timers scheduled earlier know they are stale.</summary>
    public int Generation { get; set; }

    public bool Killing { get; set; }

    public List<ContainerRuntime> Containers { get; } = [];
}

/// <summary>One simulated container process.</summary>
internal sealed class ContainerRuntime(int index, Container spec, ImageBehavior behavior)
{
    public int Index { get; } = index;

    public Container Spec { get; } = spec;

    public ImageBehavior Behavior { get; } = behavior;

    /// <summary>Bumped at each start or stop, so timers of an earlier incarnation are ignored.</summary>
    public int Incarnation { get; set; }

    public TimeSpan? StartedAt { get; set; }

    public TimeSpan? FinishedAt { get; set; }

    public ContainerBackoff Backoff { get; } = new();
}
