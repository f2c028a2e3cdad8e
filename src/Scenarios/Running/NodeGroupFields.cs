using ClusterSim.Sim;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// The figures of `nodegroup/POOL.status.FIELD` REFs: the fields of the timeseries.csv NodeGroup rows, from the cloud
/// provider (cloudprovider/cloud_provider.go NodeGroup.TargetSize; registered, Ready and upcoming nodes as
/// clusterstate/clusterstate.go Readiness and GetUpcomingNodes count them), and the run's <see cref="NodeGroupOutcome"/>
/// so far (scaleUps, nodeHours, cost = price x nodeHours). O(1) but readyNodes, O(the group's nodes).
/// </summary>
public static class NodeGroupFields
{
    /// <summary>The value of <paramref name="field"/> of <paramref name="group"/> at <paramref name="ticks"/> (now, or later as if nothing changed meanwhile).</summary>
    public static double At(Cluster cluster, string group, string field, long ticks)
    {
        var cloud = cluster.Cloud ?? throw new InvalidOperationException("the cluster has no node groups");
        return field switch
        {
            "targetSize" => cloud.TargetSize(group),
            "nodes" => cloud.Nodes(group).Count,
            "readyNodes" => cloud.Nodes(group).Count(n => cluster.Store.Get("Node", n) is Node node && node.Status.GetCondition("Ready")?.Status == "True"),
            "upcoming" => cloud.Upcoming(group),
            "scaleUps" => cloud.ScaleUps(group),
            "nodeHours" => cloud.InstanceHoursAt(group, ticks),

            // As NodeGroupOutcome.Cost: the price times the instance-hours.
            "cost" => (cloud.Spec(group).Price ?? throw new InvalidOperationException($"node group {group} has no price")) * cloud.InstanceHoursAt(group, ticks),
            _ => throw new ArgumentException("unknown node group field " + field, nameof(field)),
        };
    }
}
