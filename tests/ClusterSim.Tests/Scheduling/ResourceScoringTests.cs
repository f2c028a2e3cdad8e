using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// Ported from noderesources/least_allocated_test.go, most_allocated_test.go and balanced_allocation_test.go.
/// Quantities: the Go tests' "cpu": "4000" is 4000 cores (4,000,000m) and "memory": "10000" is 10000 bytes.
/// </summary>
public sealed class ResourceScoringTests
{
    private const long Core = 1000;
    private static int _names;

    private static string Next() => Interlocked.Increment(ref _names).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // st.MakePod().Req(cpu 1000, memory 2000).Req(cpu 2000, memory 3000): two containers.
    private static Pod CpuAndMemoryPod(string node = "") => Pod("p", node, Container(1000 * Core, 2000), Container(2000 * Core, 3000));

    private static Pod Req(string node, long cores, long memory) => Pod("e-" + node + cores + "-" + memory + Next(), node, Container(cores * Core, memory));

    private static SchedulerCache TwoNodes(long cpu1, long mem1, long cpu2, long mem2, params Pod[] pods) =>
        Cache([Node("node1", cpu1 * Core, mem1), Node("node2", cpu2 * Core, mem2)], pods);

    public static TheoryData<string, Pod, SchedulerCache, long[]> LeastAllocatedCases() => new()
    {
        { "nothing scheduled, nothing requested", Pod(), TwoNodes(4000, 10000, 4000, 10000), [100, 100] },
        { "nothing scheduled, resources requested, differently sized nodes", CpuAndMemoryPod(), TwoNodes(4000, 10000, 6000, 10000), [37, 50] },
        { "no resources requested, pods scheduled", Pod(), TwoNodes(4000, 10000, 4000, 10000, Pod("a", "node1"), Pod("b", "node1"), Pod("c", "node2"), Pod("d", "node2")), [100, 100] },
        { "no resources requested, pods scheduled with resources", Pod(), TwoNodes(10000, 20000, 10000, 20000, Req("node1", 3000, 0), Req("node1", 3000, 0), Req("node2", 3000, 0), Req("node2", 3000, 5000)), [70, 57] },
        { "resources requested, pods scheduled with resources", CpuAndMemoryPod(), TwoNodes(10000, 20000, 10000, 20000, Req("node1", 3000, 0), Req("node2", 3000, 5000)), [57, 45] },
        { "resources requested, pods scheduled with resources, differently sized nodes", CpuAndMemoryPod(), TwoNodes(10000, 20000, 10000, 50000, Req("node1", 3000, 0), Req("node2", 3000, 5000)), [57, 60] },
        { "requested resources exceed node capacity", Pod("p", "", Container(3000 * Core, 0)), TwoNodes(4000, 10000, 4000, 10000, Req("node1", 3000, 0), Req("node2", 3000, 5000)), [50, 25] },
        { "zero node resources, pods scheduled with resources", Pod(), Cache([Node("node1"), Node("node2")], [Req("node1", 3000, 0), Req("node2", 3000, 5000)]), [0, 0] },
    };

    [Theory]
    [MemberData(nameof(LeastAllocatedCases))]
    public void LeastAllocated(string name, Pod pod, SchedulerCache cache, long[] expected)
    {
        Assert.True(expected.SequenceEqual(Scores(new NodeResourcesFit(ScoringStrategyType.LeastAllocated), pod, cache)), name);
    }

    [Fact]
    public void LeastAllocatedWithDifferentWeights()
    {
        // "nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes": memory 2, cpu 1.
        var fit = new NodeResourcesFit(ScoringStrategyType.LeastAllocated, [new ResourceSpec("memory", 2), new ResourceSpec("cpu", 1)]);
        Assert.Equal([41, 50], Scores(fit, CpuAndMemoryPod(), TwoNodes(4000, 10000, 6000, 10000)));
    }

    [Fact]
    public void ResourceWeightsAreValidated()
    {
        // "resource with negative weight", "resource with zero weight", "resource weight larger than MaxNodeScore".
        Assert.Throws<ArgumentException>(() => new NodeResourcesFit(ScoringStrategyType.LeastAllocated, [new ResourceSpec("memory", -1), new ResourceSpec("cpu", 1)]));
        Assert.Throws<ArgumentException>(() => new NodeResourcesFit(ScoringStrategyType.LeastAllocated, [new ResourceSpec("memory", 1), new ResourceSpec("cpu", 0)]));
        Assert.Throws<ArgumentException>(() => new NodeResourcesFit(ScoringStrategyType.MostAllocated, [new ResourceSpec("memory", 101)]));
    }

    public static TheoryData<string, Pod, SchedulerCache, long[]> MostAllocatedCases() => new()
    {
        { "nothing scheduled, nothing requested", Pod(), TwoNodes(4000, 10000, 4000, 10000), [0, 0] },
        { "nothing scheduled, resources requested, differently sized nodes", CpuAndMemoryPod(), TwoNodes(4000, 10000, 6000, 10000), [62, 50] },
        { "no resources requested, pods scheduled with resources", Pod(), TwoNodes(10000, 20000, 10000, 20000, Req("node1", 3000, 0), Req("node1", 3000, 0), Req("node2", 3000, 0), Req("node2", 3000, 5000)), [30, 42] },
        { "resources requested, pods scheduled with resources", CpuAndMemoryPod(), TwoNodes(10000, 20000, 10000, 20000, Req("node1", 3000, 0), Req("node2", 3000, 5000)), [42, 55] },
        { "resources requested equal node capacity", Pod("p", "", Container(2000 * Core, 4000), Container(3000 * Core, 5000)), TwoNodes(5000, 10000, 10000, 9000), [95, 75] },
    };

    [Theory]
    [MemberData(nameof(MostAllocatedCases))]
    public void MostAllocated(string name, Pod pod, SchedulerCache cache, long[] expected)
    {
        Assert.True(expected.SequenceEqual(Scores(new NodeResourcesFit(ScoringStrategyType.MostAllocated), pod, cache)), name);
    }

    [Fact]
    public void MostAllocatedWithDifferentWeights()
    {
        var fit = new NodeResourcesFit(ScoringStrategyType.MostAllocated, [new ResourceSpec("memory", 2), new ResourceSpec("cpu", 1)]);
        Assert.Equal([58, 50], Scores(fit, CpuAndMemoryPod(), TwoNodes(4000, 10000, 6000, 10000)));
    }

    [Fact]
    public void MostAllocatedNonZeroRequestForResource()
    {
        // "no resources requested, pods scheduled, nonzero request for resource": containers without requests
        // count as 100m / 200Mi. node1: cpu 300m/250m -> 100, memory 600Mi/1000Mi -> 60: 80. node2: 40, 20: 30.
        const long mi = 1024 * 1024;
        var cache = Cache(
            [Node("node1", 250, 1000 * mi), Node("node2", 250, 1000 * mi)],
            [Pod("a", "node1", Container()), Pod("b", "node1", Container())]);
        Assert.Equal([80, 30], Scores(new NodeResourcesFit(ScoringStrategyType.MostAllocated), Pod("p", "", Container()), cache));
    }

    // balanced_allocation_test.go pod specs
    private static Pod CpuOnly(string node) => Pod("cpuonly-" + node + Next(), node, Container(1000, 0), Container(2000, 0));

    private static Pod CpuAndMemory(string node) => Pod("cpumem-" + node + Next(), node, Container(1000, 2000), Container(2000, 3000));

    private static SchedulerCache BalancedNodes(long cpu1, long mem1, long cpu2, long mem2, params Pod[] pods) =>
        Cache([Node("node1", cpu1, mem1), Node("node2", cpu2, mem2)], pods);

    public static TheoryData<string, Pod, SchedulerCache, long[]> BalancedCases() => new()
    {
        { "nothing scheduled, nothing requested", Pod(), BalancedNodes(4000, 10000, 4000, 10000), [100, 100] },
        { "nothing scheduled, resources requested, differently sized nodes", CpuAndMemory(""), BalancedNodes(4000, 10000, 6000, 10000), [87, 100] },
        { "no resources requested, pods without container scheduled", Pod(), BalancedNodes(4000, 10000, 4000, 10000, Pod("a", "node1"), Pod("b", "node1"), Pod("c", "node2"), Pod("d", "node2")), [100, 100] },
        { "no resources requested, pods with container scheduled", Pod(), BalancedNodes(250, 1000 * 1024 * 1024, 250, 1000 * 1024 * 1024, Pod("a", "node1", Container()), Pod("b", "node1", Container())), [100, 100] },
        { "no resources requested, pods scheduled with resources", Pod(), BalancedNodes(10000, 20000, 10000, 20000, CpuOnly("node1"), CpuOnly("node1"), CpuOnly("node2"), CpuAndMemory("node2")), [70, 82] },
        { "resources requested, pods scheduled with resources", CpuAndMemory(""), BalancedNodes(10000, 20000, 10000, 20000, CpuOnly("node1"), CpuAndMemory("node2")), [82, 95] },
        { "resources requested, pods scheduled with resources, differently sized nodes", CpuAndMemory(""), BalancedNodes(10000, 20000, 10000, 50000, CpuOnly("node1"), CpuAndMemory("node2")), [82, 80] },
        { "requested resources at node capacity", CpuOnly(""), BalancedNodes(6000, 10000, 6000, 10000, CpuOnly("node1"), CpuAndMemory("node2")), [50, 75] },
        { "zero node resources, pods scheduled with resources", Pod(), Cache([Node("node1"), Node("node2")], [CpuOnly("node1"), CpuAndMemory("node2")]), [100, 100] },
    };

    [Theory]
    [MemberData(nameof(BalancedCases))]
    public void BalancedAllocation(string name, Pod pod, SchedulerCache cache, long[] expected)
    {
        Assert.True(expected.SequenceEqual(Scores(new NodeResourcesBalancedAllocation(), pod, cache)), name + ": " + string.Join(",", Scores(new NodeResourcesBalancedAllocation(), pod, cache)));
    }

    [Fact]
    public void CacheCountsRequestsIncrementally()
    {
        var node = Node("n", 4000, 8000);
        var cache = Cache([node]);
        var a = Pod("a", "n", Container(1000, 2000));
        var b = Pod("b", "n", Container());
        cache.UpsertPod(a);
        cache.UpsertPod(b);
        var info = cache.GetNode("n")!;
        Assert.Equal(1000, info.RequestedMilliCpu);
        Assert.Equal(1100, info.NonZeroRequestedMilliCpu);
        Assert.Equal(2000 + (200L * 1024 * 1024), info.NonZeroRequestedMemory);
        Assert.Equal(2, info.Pods.Count);

        // finished pods stop counting; removed pods too.
        a.Status.Phase = "Succeeded";
        var events = cache.UpsertPod(a);
        Assert.Equal(ClusterEventType.AssignedPodDelete, Assert.Single(events).Type);
        Assert.Equal(0, info.RequestedMilliCpu);
        Assert.NotNull(cache.RemovePod(b));
        Assert.Empty(info.Pods);
        Assert.Equal(0, info.NonZeroRequestedMilliCpu);
        Assert.Equal(0, info.NonZeroRequestedMemory);
    }
}
