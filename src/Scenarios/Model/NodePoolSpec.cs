using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;

namespace ClusterSim.Scenarios.Model;

/// <summary>
/// An entry of `spec.nodes`: a pool of identical nodes NAME-1 .. NAME-COUNT (spread round-robin over
/// <see cref="Zones"/>), or one real v1 Node manifest (<see cref="Manifest"/> set; then <see cref="Name"/> is
/// the node's name and <see cref="Count"/> is 1). A pool with <see cref="Autoscaling"/> is a node group: COUNT
/// nodes at t=0, and the Cluster Autoscaler adds NAME-(COUNT+1), ... and removes nodes within its bounds.
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

    /// <summary>`autoscaling` (with `provisioning`): the pool is a node group; null for a fixed pool and for a node manifest.</summary>
    public PoolAutoscaling? Autoscaling { get; init; }

    /// <summary>`price`: per node-hour (for the price expander and cost reports); null when not given.</summary>
    public double? Price { get; init; }

    /// <summary>The node manifest, for `manifest:` entries.</summary>
    public LoadedObject? Manifest { get; init; }

    /// <summary>Where the entry is in the scenario.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Node names: NAME-1 .. NAME-COUNT, or the manifest's name.</summary>
    public IReadOnlyList<string> NodeNames() =>
        Manifest is not null
            ? [Manifest.Object.Metadata.Name]
            : Enumerable.Range(0, Count).Select(NodeName).ToList();

    /// <summary>The zone of the pool's node at 0-based <paramref name="index"/>: round-robin over <see cref="Zones"/>, else the zone label, else null.</summary>
    public string? ZoneOf(int index)
    {
        if (Manifest is not null)
        {
            return Manifest.Object.Metadata.Labels.GetValueOrDefault(ZoneLabel);
        }

        return Zones.Count > 0 ? Zones[index % Zones.Count] : Labels.GetValueOrDefault(ZoneLabel);
    }

    /// <summary>
    /// Every zone the pool's nodes are in; for a node group, every zone its nodes can be in as it grows (all of
    /// <see cref="Zones"/>: its node indices only increase, so the round-robin reaches each zone in time).
    /// </summary>
    public IEnumerable<string> AllZones()
    {
        int count = Autoscaling is not null ? Math.Max(Count, Math.Max(Zones.Count, 1)) : NodeNames().Count;
        for (int i = 0; i < count; i++)
        {
            if (ZoneOf(i) is { } z)
            {
                yield return z;
            }
        }
    }

    /// <summary>The name of the pool's node at 0-based <paramref name="index"/>: NAME-(index+1).</summary>
    public string NodeName(int index) => Name + "-" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Why <paramref name="count"/> cannot be the pool's count, or null when it can: 0 to 100000 nodes, and for a
    /// node group at most its max. A group may start below its min (the autoscaler's bounds are not the cloud's): the
    /// Cluster Autoscaler raises it only for pending pods, or to the min with enforceNodeGroupMinSize. The loader and
    /// `plan`'s nodes.POOL.count both check with it.
    /// </summary>
    public string? CountError(long count)
    {
        if (count is < 0 or > 100_000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"expected a count between 0 and 100000, got {count}");
        }

        if (Autoscaling is { } a && count > a.Max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"count {count} is above the node group's size range: expected at most autoscaling max {a.Max}");
        }

        return null;
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

        var result = new List<Node>(Count);
        for (int i = 0; i < Count; i++)
        {
            result.Add(CreateNode(i));
        }

        return result;
    }

    /// <summary>
    /// A fresh Node for the pool's node at 0-based <paramref name="index"/>, named <see cref="NodeName"/>: labels
    /// kubernetes.io/arch, kubernetes.io/hostname, kubernetes.io/os, the pool's labels and its zone (round-robin by
    /// index); taints; capacity (allocatable is left to the kubelet's registration). Not for a manifest entry.
    /// </summary>
    public Node CreateNode(int index)
    {
        if (Manifest is not null)
        {
            throw new InvalidOperationException($"node \"{Name}\" comes from a Node manifest, not a pool");
        }

        string name = NodeName(index);
        var node = new Node();
        node.Metadata.Name = name;
        node.Metadata.Labels["kubernetes.io/arch"] = "amd64";
        node.Metadata.Labels["kubernetes.io/hostname"] = name;
        node.Metadata.Labels["kubernetes.io/os"] = "linux";
        foreach (var (k, v) in Labels)
        {
            node.Metadata.Labels[k] = v;
        }

        if (ZoneOf(index) is { } zone)
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
        return node;
    }

    /// <summary>
    /// The node group of an autoscaled pool (for <see cref="ClusterSim.Sim.Cluster.AddNodeGroup"/>): its bounds, its
    /// <see cref="Count"/> nodes at t=0, its provisioning and price, and <see cref="CreateNode"/> for the nodes it adds.
    /// </summary>
    public NodeGroupSpec CreateNodeGroup()
    {
        var autoscaling = Autoscaling ?? throw new InvalidOperationException($"pool \"{Name}\" does not autoscale");
        return new NodeGroupSpec
        {
            Name = Name,
            MinSize = autoscaling.Min,
            MaxSize = autoscaling.Max,
            InitialSize = Count,
            ProvisioningDelay = autoscaling.ProvisioningDelay,
            ProvisioningJitter = autoscaling.ProvisioningJitter,
            Price = Price,
            NewNode = CreateNode,
        };
    }
}
