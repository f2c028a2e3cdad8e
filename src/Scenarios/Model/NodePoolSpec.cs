using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Model;

/// <summary>
/// An entry of `spec.nodes`: a pool of identical nodes NAME-1 .. NAME-COUNT (spread round-robin over
/// <see cref="Zones"/>), or one real v1 Node manifest (<see cref="Manifest"/> set; then <see cref="Name"/> is
/// the node's name and <see cref="Count"/> is 1).
/// </summary>
public sealed class NodePoolSpec
{
    /// <summary>The zone label Kubernetes uses.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public required string Name { get; init; }

    /// <summary>Nodes in the pool (default 1). Mutable so a sweep can vary it.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Capacity by resource name (cpu, memory, pods, and any other given); also the allocatable. Mutable for sweeps.</summary>
    public SortedDictionary<string, Quantity> Capacity { get; init; } = ResourceNames.NewList();

    public Quantity Cpu => Capacity.Get(ResourceNames.Cpu);

    public Quantity Memory => Capacity.Get(ResourceNames.Memory);

    public Quantity Pods => Capacity.Get(ResourceNames.Pods);

    public SortedDictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);

    public List<Taint> Taints { get; init; } = [];

    /// <summary>Zones the pool's nodes are spread over, round-robin (label topology.kubernetes.io/zone).</summary>
    public List<string> Zones { get; init; } = [];

    /// <summary>The node manifest, for `manifest:` entries.</summary>
    public LoadedObject? Manifest { get; init; }

    /// <summary>Where the entry is in the scenario.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Node names: NAME-1 .. NAME-COUNT, or the manifest's name.</summary>
    public IReadOnlyList<string> NodeNames() =>
        Manifest is not null
            ? [Manifest.Object.Metadata.Name]
            : Enumerable.Range(1, Count).Select(i => Name + "-" + i.ToString(CultureInfo.InvariantCulture)).ToList();

    /// <summary>The zone of the pool's node at 0-based <paramref name="index"/>: round-robin over <see cref="Zones"/>, else the zone label, else null.</summary>
    public string? ZoneOf(int index)
    {
        if (Manifest is not null)
        {
            return Manifest.Object.Metadata.Labels.GetValueOrDefault(ZoneLabel);
        }

        return Zones.Count > 0 ? Zones[index % Zones.Count] : Labels.GetValueOrDefault(ZoneLabel);
    }

    /// <summary>Every zone the pool's nodes are in.</summary>
    public IEnumerable<string> AllZones()
    {
        var names = NodeNames();
        for (int i = 0; i < names.Count; i++)
        {
            if (ZoneOf(i) is { } z)
            {
                yield return z;
            }
        }
    }

    /// <summary>
    /// New Node objects for the pool (fresh on every call): labels kubernetes.io/hostname, kubernetes.io/os,
    /// kubernetes.io/arch, the pool's labels and its zone; taints; capacity = allocatable. For a manifest entry,
    /// a fresh copy of the manifest (allocatable defaults to capacity when the manifest leaves it out).
    /// </summary>
    public IReadOnlyList<Node> CreateNodes()
    {
        if (Manifest is not null)
        {
            return [(Node)Manifest.CreateFresh()];
        }

        var result = new List<Node>();
        var names = NodeNames();
        for (int i = 0; i < names.Count; i++)
        {
            var node = new Node();
            node.Metadata.Name = names[i];
            node.Metadata.Labels["kubernetes.io/arch"] = "amd64";
            node.Metadata.Labels["kubernetes.io/hostname"] = names[i];
            node.Metadata.Labels["kubernetes.io/os"] = "linux";
            foreach (var (k, v) in Labels)
            {
                node.Metadata.Labels[k] = v;
            }

            if (ZoneOf(i) is { } zone)
            {
                node.Metadata.Labels[ZoneLabel] = zone;
            }

            node.Spec.Taints.AddRange(Taints);
            // Allocatable is left to the kubelet's registration (Cluster.AddNode), which subtracts the
            // default hard eviction threshold from memory as a real kubelet does.
            foreach (var (k, q) in Capacity)
            {
                node.Status.Capacity[k] = q;
            }

            node.Status.NodeInfo.KubeletVersion = ControlPlaneConfig.KubernetesVersion + ".0";
            node.Status.NodeInfo.KubeProxyVersion = ControlPlaneConfig.KubernetesVersion + ".0";
            result.Add(node);
        }

        return result;
    }
}
