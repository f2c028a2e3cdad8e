using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// How containers of one image behave (scenario section `images`): no container really runs, so pull
/// time, start time, readiness, resource usage and crashes come from here.
/// </summary>
public sealed record ImageBehavior
{
    /// <summary>The fallback used for images the scenario does not list.</summary>
    public static readonly ImageBehavior Default = new();

    /// <summary>Time to pull the image on first use per node (and on every start with imagePullPolicy Always, as a registry check; see kubelet).</summary>
    public TimeSpan PullTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Created to running.</summary>
    public TimeSpan StartTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Running to ready when the container has no readinessProbe.</summary>
    public TimeSpan ReadyAfter { get; init; } = TimeSpan.Zero;

    /// <summary>CPU used with no load.</summary>
    public Quantity CpuIdle { get; init; } = Quantity.FromMilli(1);

    /// <summary>CPU time per request (cores x seconds per request); usage = idle + rps x this.</summary>
    public Quantity CpuPerRequest { get; init; } = Quantity.FromMilli(0);

    /// <summary>Working-set memory; above the container's limit the container is OOMKilled.</summary>
    public Quantity Memory { get; init; } = Quantity.FromMilli(0);

    /// <summary>When set, the container exits with code 1 this long after each start.</summary>
    public TimeSpan? CrashAfter { get; init; }

    /// <summary>Image size in bytes (ImageLocality scoring and `describe node`).</summary>
    public long SizeBytes { get; init; } = 100L * 1024 * 1024;
}
