using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Kubelet;

/// <summary>What a kubelet knows of one pod it runs: its containers' simulated processes.</summary>
internal sealed class PodRuntime(Pod pod)
{
    public Pod Pod { get; } = pod;

    /// <summary>The pod's key, "namespace/name" (both fixed for the life of a pod): built once, not on every status refresh.</summary>
    public string Key { get; } = pod.Key;

    /// <summary>Bumped when the pod is killed, so timers scheduled earlier know they are stale.</summary>
    public int Generation { get; set; }

    public bool Killing { get; set; }

    /// <summary>
    /// The kubelet's own copy of the status while it cannot reach the API server; null when connected.
    /// Stored objects are shared, so a cut-off kubelet must not change the one the API server holds.
    /// </summary>
    public PodStatus? Shadow { get; set; }

    /// <summary>The status the kubelet works on: its shadow while cut off, else the stored pod's.</summary>
    public PodStatus Status => Shadow ?? Pod.Status;

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
