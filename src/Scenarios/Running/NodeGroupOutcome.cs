using ClusterSim.Sim;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// An autoscaled pool over a run: its bounds, its nodes at the start, at the peak and at the end, the autoscaler's
/// scale-ups and removals, the instance-hours paid (from each instance's create call to its deletion) and their cost
/// when the pool has a price.
/// </summary>
public sealed record NodeGroupOutcome(string Name, int Min, int Max, int Initial, int Peak, int Final, int ScaleUps, int Removed, double NodeHours, double? Price)
{
    /// <summary>Node-hours times the pool's price per node-hour; null without a price.</summary>
    public double? Cost => Price is { } p ? p * NodeHours : null;

    /// <summary>The outcome of every node group of <paramref name="cluster"/>, in the order the pools were declared.</summary>
    public static IReadOnlyList<NodeGroupOutcome> Of(Cluster cluster)
    {
        if (cluster.Cloud is not { } cloud)
        {
            return [];
        }

        return cloud.Groups.Select(g => new NodeGroupOutcome(
            g.Name, g.MinSize, g.MaxSize, g.InitialSize, cloud.PeakInstances(g.Name), cloud.Nodes(g.Name).Count,
            cloud.ScaleUps(g.Name), cloud.Deletions(g.Name), cloud.InstanceHours(g.Name), g.Price)).ToList();
    }
}
