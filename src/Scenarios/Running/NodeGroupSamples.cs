using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// timeseries.csv rows of each autoscaled node group (kind NodeGroup, name the pool): the target size the
/// autoscaler asked for, the nodes registered, the Ready ones, and the ones requested but not yet registered.
/// A cluster without node groups has none.
/// </summary>
public static class NodeGroupSamples
{
    public static void Add(Cluster cluster, long t, List<Sample> rows)
    {
        if (cluster.Cloud is not { } cloud)
        {
            return;
        }

        foreach (var group in cloud.Groups)
        {
            var nodes = cloud.Nodes(group.Name);
            int ready = nodes.Count(n => cluster.Store.Get("Node", n) is Node node && node.Status.GetCondition("Ready")?.Status == "True");
            rows.Add(new Sample(t, "NodeGroup", "", group.Name, "targetSize", cloud.TargetSize(group.Name)));
            rows.Add(new Sample(t, "NodeGroup", "", group.Name, "nodes", nodes.Count));
            rows.Add(new Sample(t, "NodeGroup", "", group.Name, "readyNodes", ready));
            rows.Add(new Sample(t, "NodeGroup", "", group.Name, "upcoming", cloud.Upcoming(group.Name)));
        }
    }
}
