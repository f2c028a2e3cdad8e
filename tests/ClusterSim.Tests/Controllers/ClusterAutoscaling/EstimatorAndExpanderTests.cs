using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Tests.Controllers.ClusterAutoscaling;

/// <summary>
/// Cases ported from cluster-autoscaler's own tables: estimator/binpacking_estimator_test.go TestBinpackingEstimate
/// and expander/waste/waste_test.go TestLeastWaste (the cases that need no host ports or spread constraints, which
/// the simulator's scheduler does not model yet).
/// </summary>
public class EstimatorAndExpanderTests
{
    private static Pod TestPod(string name, long milliCpu, long memoryBytes)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "default" } };
        var c = new Container { Name = "c", Image = "i" };
        c.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(milliCpu);
        c.Resources.Requests[ResourceNames.Memory] = Quantity.FromBytes(memoryBytes);
        pod.Spec.Containers.Add(c);
        return pod;
    }

    /// <summary>makeNode(cpu, memMiB, pods): capacity = allocatable.</summary>
    private static NodeInfo Template(long milliCpu, long memoryMiB, int pods)
    {
        var node = new Node { Metadata = { Name = "template" } };
        foreach (var list in new[] { node.Status.Capacity, node.Status.Allocatable })
        {
            list[ResourceNames.Cpu] = Quantity.FromMilli(milliCpu);
            list[ResourceNames.Memory] = Quantity.FromBytes(memoryMiB * 1024 * 1024);
            list[ResourceNames.Pods] = Quantity.Parse(pods.ToString(CultureInfo.InvariantCulture));
        }

        return NodeInfo.Create(node);
    }

    private static (int Nodes, List<Pod> Pods) Estimate(NodeInfo template, int maxNodes, params List<Pod>[] groups)
    {
        // The scheduler's filters run against the cluster's scheduler; one unrelated node exists, as "oldnode" does there.
        using var cluster = Cluster.SimClusterFixture.NewCluster(1, cpu: "100m", memory: "100Mi");
        cluster.AddNodeGroup(new NodeGroupSpec { Name = "g", MaxSize = 1000, NewNode = _ => new Node { Metadata = { Name = "unused" } } });
        var podGroups = groups.Select(g => new ClusterAutoscaler.PodGroup(g)).ToList();
        return cluster.Autoscaler!.Estimate(podGroups, template, maxNodes == 0 ? int.MaxValue : maxNodes);
    }

    private static List<Pod> Pods(string prefix, int count, long milliCpu, long memoryBytes) =>
        Enumerable.Range(0, count).Select(i => TestPod(prefix + i.ToString(CultureInfo.InvariantCulture), milliCpu, memoryBytes)).ToList();

    [Fact]
    public void SimpleResourceBasedEstimate()
    {
        var (nodes, pods) = Estimate(Template(1000, 2000, 10), 0, Pods("p", 10, 350, 1000));
        Assert.Equal((5, 10), (nodes, pods.Count));
    }

    [Fact]
    public void PodsPerNodeBound()
    {
        var (nodes, pods) = Estimate(Template(10000, 20000, 10), 0, Pods("p", 20, 10, 100));
        Assert.Equal((2, 20), (nodes, pods.Count));
    }

    [Fact]
    public void TheLimiterCutsTheEstimate()
    {
        var (nodes, pods) = Estimate(Template(1000, 5000, 10), 5, Pods("p", 20, 500, 1000));
        Assert.Equal((5, 10), (nodes, pods.Count));
    }

    [Fact]
    public void LargerPodsArePackedFirst()
    {
        // Group A (50m) is listed first, B (500m) scores higher: B fills the 5 nodes the limiter allows, A gets none.
        var a = Pods("a", 10, 50, 1000);
        var b = Pods("b", 10, 500, 1000);
        var (nodes, pods) = Estimate(Template(1000, 5000, 10), 5, a, b);
        Assert.Equal(5, nodes);
        Assert.Equal(b.Select(p => p.Metadata.Name), pods.Select(p => p.Metadata.Name));
    }

    private static ClusterAutoscaler.Option Option(string name, long milliCpu, long memoryUnits, params Pod[] pods)
    {
        var node = new Node { Metadata = { Name = name } };
        node.Status.Capacity[ResourceNames.Cpu] = Quantity.FromMilli(milliCpu);
        node.Status.Capacity[ResourceNames.Memory] = Quantity.FromBytes(memoryUnits * 1000 * 1024 * 1024);
        var spec = new NodeGroupSpec { Name = name, NewNode = _ => node };
        return new ClusterAutoscaler.Option(spec, 1, [.. pods], NodeInfo.Create(node));
    }

    [Fact]
    public void LeastWastePrefersTheNodeThePodWastesLeastOf()
    {
        // TestLeastWaste: pod 500m / 1000 MiB; balanced 8 CPU / 16 units, highmem 8 / 32, lowcpu 4 / 16.
        var pod = TestPod("p", 500, 1000L * 1024 * 1024);
        var balanced = Option("balanced", 8000, 16, pod);
        var highmem = Option("highmem", 8000, 32, pod);
        var lowcpu = Option("lowcpu", 4000, 16, pod);
        Assert.Equal(1.875, Expanders.WastedScore(balanced), 9);
        Assert.Equal(1.90625, Expanders.WastedScore(highmem), 9);
        Assert.Equal(1.8125, Expanders.WastedScore(lowcpu), 9);
        Assert.Equal([lowcpu], Expanders.LeastWaste([balanced, highmem, lowcpu]));
        Assert.Equal([balanced], Expanders.LeastWaste([balanced, highmem]));
    }
}
