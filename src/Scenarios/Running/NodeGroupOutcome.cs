using ClusterSim.Sim;
using ClusterSim.Sim.Instruments;

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

    /// <summary>Each of the pool's scale-ups, in order, with how long its first triggering pod took from creation to Running.</summary>
    public IReadOnlyList<ScaleUpWait> ScaleUpWaits { get; init; } = [];

    /// <summary>The scale-up whose first pod took longest to be Running (the first of equals), or null when none ran.</summary>
    public ScaleUpWait? SlowestToRunning => ScaleUpWaits.Where(w => w.ToRunning is not null).MaxBy(w => w.ToRunning!.Value);

    /// <summary>Scale-ups whose first pod was still not Running at the end of the run (deleted ones are not counted).</summary>
    public int NeverRunning => ScaleUpWaits.Count(w => w.RunningAt is null && !w.Deleted);

    /// <summary>
    /// The outcome of every node group of <paramref name="cluster"/>, in the order the pools were declared, with the
    /// scale-ups <paramref name="waits"/> measured (a <see cref="ScaleUpWaitTracker"/>'s, any group's).
    /// </summary>
    public static IReadOnlyList<NodeGroupOutcome> Of(Cluster cluster, IReadOnlyList<ScaleUpWait>? waits = null)
    {
        if (cluster.Cloud is not { } cloud)
        {
            return [];
        }

        return cloud.Groups.Select(g => new NodeGroupOutcome(
            g.Name, g.MinSize, g.MaxSize, g.InitialSize, cloud.PeakInstances(g.Name), cloud.Nodes(g.Name).Count,
            cloud.ScaleUps(g.Name), cloud.Deletions(g.Name), cloud.InstanceHours(g.Name), g.Price)
        {
            ScaleUpWaits = waits?.Where(w => w.Group == g.Name).ToList() ?? [],
        }).ToList();
    }
}
