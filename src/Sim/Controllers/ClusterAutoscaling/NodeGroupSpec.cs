using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// A node group the Cluster Autoscaler may resize (a scenario pool with `autoscaling: {min, max}`): its bounds,
/// its size at the start, how the cloud provisions a node (delay plus seeded jitter) and what a node costs.
/// </summary>
public sealed class NodeGroupSpec
{
    /// <summary>The group's id (the pool's name); its nodes are NAME-1, NAME-2, ... (a name is never reused).</summary>
    public required string Name { get; init; }

    public int MinSize { get; init; }

    public int MaxSize { get; init; }

    /// <summary>Nodes that exist at t=0 (the pool's count; min when not given).</summary>
    public int InitialSize { get; init; }

    /// <summary>From the cloud's create call to the kubelet registering the Node.</summary>
    public TimeSpan ProvisioningDelay { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Up to this much more, drawn per node from the group's seeded stream.</summary>
    public TimeSpan ProvisioningJitter { get; init; }

    /// <summary>Price per node-hour (for the price expander and cost); null when not given.</summary>
    public double? Price { get; init; }

    /// <summary>The name of the group's node at 0-based <paramref name="index"/>: NAME-(index+1), as <see cref="NewNode"/> names it.</summary>
    public string NewNodeName(int index) => Name + "-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A fresh Node for the group's node at 0-based <c>index</c> (named NAME-(index+1), labels, taints, zone round-robin, capacity).</summary>
    public required Func<int, Node> NewNode { get; init; }
}
