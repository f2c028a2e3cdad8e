using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;

namespace ClusterSim.Scenarios.Model;

/// <summary>A loaded, checked scenario file (contract sections 2-6).</summary>
public sealed class Scenario
{
    /// <summary>metadata.name ([a-z0-9-]+).</summary>
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The scenario file's path as given to the loader.</summary>
    public required string FilePath { get; init; }

    /// <summary>spec.seed (default 1; `--seed` overrides). Mutable for the CLI and sweeps.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>spec.duration: virtual time to simulate. Mutable for `--until`.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>spec.sampleEvery (default 15s).</summary>
    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Kubernetes defaults with spec.controlPlane's overrides.</summary>
    public ControlPlaneConfig ControlPlane { get; set; } = new();

    public List<NodePoolSpec> Nodes { get; init; } = [];

    /// <summary>spec.images by exact image reference; "*" is the fallback. Ordered by key (ordinal).</summary>
    public SortedDictionary<string, ImageBehavior> Images { get; init; } = new(StringComparer.Ordinal);

    /// <summary>spec.manifests, applied at t=0 in this order.</summary>
    public List<LoadedObject> Manifests { get; init; } = [];

    public List<LoadSpec> Load { get; init; } = [];

    /// <summary>spec.timeline in file order.</summary>
    public List<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>spec.expect in file order.</summary>
    public List<Expectation> Expectations { get; init; } = [];

    /// <summary>The behaviour of <paramref name="image"/>: its entry, else "*", else <see cref="ImageBehavior.Default"/>.</summary>
    public ImageBehavior ImageFor(string image) =>
        Images.TryGetValue(image, out var b) ? b : Images.TryGetValue("*", out var any) ? any : ImageBehavior.Default;

    /// <summary>Names of the nodes the pools and node manifests declare, in declaration order.</summary>
    public IReadOnlyList<string> NodeNames() => Nodes.SelectMany(p => p.NodeNames()).ToList();

    /// <summary>Fresh Node objects for every pool and node manifest (see <see cref="NodePoolSpec.CreateNodes"/>).</summary>
    public IReadOnlyList<Node> CreateNodes() => Nodes.SelectMany(p => p.CreateNodes()).ToList();

    /// <summary>Zones the nodes are in, ordered (ordinal).</summary>
    public IReadOnlyList<string> Zones() => Nodes.SelectMany(p => p.AllZones()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
