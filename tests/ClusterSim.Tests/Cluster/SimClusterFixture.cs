using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;

namespace ClusterSim.Tests.Cluster;

/// <summary>Small builders for end-to-end tests of the simulated cluster.</summary>
internal static class SimClusterFixture
{
    public static Sim.Cluster NewCluster(int nodes = 2, string cpu = "2", string memory = "4Gi", IReadOnlyDictionary<string, ImageBehavior>? images = null, long seed = 1, bool fastPaths = true)
    {
        var cluster = new Sim.Cluster(seed, images: new ImageCatalog(images), fastPaths: fastPaths);
        for (int i = 1; i <= nodes; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + i.ToString(CultureInfo.InvariantCulture) } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse(cpu);
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse(memory);
            cluster.AddNode(node);
        }

        return cluster;
    }

    public static ReplicationController Rc(string name, int replicas, string image = "app:v1", string? cpu = null, string? memoryLimit = null)
    {
        var rc = new ReplicationController { Metadata = { Name = name }, Replicas = replicas };
        rc.Selector["app"] = name;
        rc.Template.Metadata.Labels["app"] = name;
        var c = new Container { Name = name, Image = image, Ports = [new ContainerPort(8080)] };
        if (cpu is not null)
        {
            c.Resources.Requests[ResourceNames.Cpu] = Quantity.Parse(cpu);
        }

        if (memoryLimit is not null)
        {
            c.Resources.Limits[ResourceNames.Memory] = Quantity.Parse(memoryLimit);
        }

        rc.Template.Spec.Containers.Add(c);
        return rc;
    }

    public static List<Pod> PodsOf(Sim.Cluster cluster, string app) =>
        cluster.Store.List<Pod>("default").Where(p => p.Metadata.Labels.GetValueOrDefault("app") == app).ToList();
}
