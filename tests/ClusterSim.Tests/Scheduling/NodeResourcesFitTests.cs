using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>Ported from pkg/scheduler/framework/plugins/noderesources/fit_test.go (TestEnoughRequests, TestNotEnoughRequests, TestStorageRequests).</summary>
public sealed class NodeResourcesFitTests
{
    // newResourcePod(framework.Resource{...}): one container per resource vector, cpu/memory/ephemeral present.
    private static Pod ResourcePod(params (long Cpu, long Mem)[] usage) =>
        Pod("p", "", usage.Select(u => Container(u.Cpu, u.Mem, 0)).ToArray());

    private static Pod ResourceInitPod(Pod pod, params (long Cpu, long Mem)[] usage) =>
        pod.WithInit(usage.Select(u => Container(u.Cpu, u.Mem, 0)).ToArray());

    // node: makeAllocatableResources(10, 20, 32, 5, 20, 5) -> 10m cpu, 20 bytes memory, 32 pods, 20 bytes ephemeral storage.
    private static NodeInfo NodeInfoWith(Pod existing, long pods = 32)
    {
        var node = Node("n", milliCpu: 10, memory: 20, pods: pods, ephemeral: 20);
        existing.Spec.NodeName = "n";
        return NodeInfo.Create(node, existing);
    }

    public static TheoryData<string, Pod, Pod, string[], (string Resource, long Requested, long Used, long Capacity)[]> EnoughRequestsCases()
    {
        var data = new TheoryData<string, Pod, Pod, string[], (string, long, long, long)[]>
        {
            { "no resources requested always fits", Pod(), ResourcePod((10, 20)), [], [] },
            { "too many resources fails", ResourcePod((1, 1)), ResourcePod((10, 20)), ["Insufficient cpu", "Insufficient memory"], [("cpu", 1, 10, 10), ("memory", 1, 20, 20)] },
            { "too many resources fails due to init container cpu", ResourceInitPod(ResourcePod((1, 1)), (3, 1)), ResourcePod((8, 19)), ["Insufficient cpu"], [("cpu", 3, 8, 10)] },
            { "too many resources fails due to highest init container cpu", ResourceInitPod(ResourcePod((1, 1)), (3, 1), (2, 1)), ResourcePod((8, 19)), ["Insufficient cpu"], [("cpu", 3, 8, 10)] },
            { "too many resources fails due to init container memory", ResourceInitPod(ResourcePod((1, 1)), (1, 3)), ResourcePod((9, 19)), ["Insufficient memory"], [("memory", 3, 19, 20)] },
            { "too many resources fails due to highest init container memory", ResourceInitPod(ResourcePod((1, 1)), (1, 3), (1, 2)), ResourcePod((9, 19)), ["Insufficient memory"], [("memory", 3, 19, 20)] },
            { "init container fits because it's the max, not sum, of containers and init containers", ResourceInitPod(ResourcePod((1, 1)), (1, 1)), ResourcePod((9, 19)), [], [] },
            { "multiple init containers fit because it's the max, not sum, of containers and init containers", ResourceInitPod(ResourcePod((1, 1)), (1, 1), (1, 1)), ResourcePod((9, 19)), [], [] },
            { "both resources fit", ResourcePod((1, 1)), ResourcePod((5, 5)), [], [] },
            { "one resource memory fits", ResourcePod((2, 1)), ResourcePod((9, 5)), ["Insufficient cpu"], [("cpu", 2, 9, 10)] },
            { "one resource cpu fits", ResourcePod((1, 2)), ResourcePod((5, 19)), ["Insufficient memory"], [("memory", 2, 19, 20)] },
            { "equal edge case", ResourcePod((5, 1)), ResourcePod((5, 19)), [], [] },
            { "equal edge case for init container", ResourceInitPod(ResourcePod((4, 1)), (5, 1)), ResourcePod((5, 19)), [], [] },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(EnoughRequestsCases))]
    public void EnoughRequests(string name, Pod pod, Pod existing, string[] wantReasons, (string Resource, long Requested, long Used, long Capacity)[] wantInsufficient)
    {
        var nodeInfo = NodeInfoWith(existing);
        var status = Filter(new NodeResourcesFit(), pod, nodeInfo);
        if (wantReasons.Length == 0)
        {
            Assert.True(status.IsSuccess, name + ": " + status);
        }
        else
        {
            Assert.Equal(StatusCode.Unschedulable, status.Code);
            Assert.Equal(wantReasons, status.Reasons);
        }

        var insufficient = NodeResourcesFit.Fits(pod, nodeInfo);
        Assert.Equal(wantInsufficient, insufficient.Select(r => (r.ResourceName, r.Requested, r.Used, r.Capacity)).ToArray());
    }

    public static TheoryData<string, Pod, Pod> NotEnoughRequestsCases() => new()
    {
        { "even without specified resources, predicate fails when there's no space for additional pod", Pod(), ResourcePod((10, 20)) },
        { "even if both resources fit, predicate fails when there's no space for additional pod", ResourcePod((1, 1)), ResourcePod((5, 5)) },
        { "even for equal edge case, predicate fails when there's no space for additional pod", ResourcePod((5, 1)), ResourcePod((5, 19)) },
        { "even for equal edge case, predicate fails when there's no space for additional pod due to init container", ResourceInitPod(ResourcePod((5, 1)), (5, 1)), ResourcePod((5, 19)) },
    };

    [Theory]
    [MemberData(nameof(NotEnoughRequestsCases))]
    public void NotEnoughRequests(string name, Pod pod, Pod existing)
    {
        // makeAllocatableResources(10, 20, 1, 0, 0, 0): room for one pod only.
        var node = Node("n", milliCpu: 10, memory: 20, pods: 1);
        existing.Spec.NodeName = "n";
        var status = Filter(new NodeResourcesFit(), pod, NodeInfo.Create(node, existing));
        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal(["Too many pods"], status.Reasons);
        Assert.NotNull(name);
    }

    [Fact]
    public void StorageRequests()
    {
        // empty storage requested, and pod fits
        Assert.True(Filter(new NodeResourcesFit(), ResourcePod((1, 1)), NodeInfoWith(ResourcePod((2, 10)))).IsSuccess);

        // storage ephemeral local storage request exceeds allocatable
        var status = Filter(new NodeResourcesFit(), Pod("p", "", Container(0, 0, 25)), NodeInfoWith(ResourcePod((2, 2))));
        Assert.Equal(["Insufficient ephemeral-storage"], status.Reasons);

        // ephemeral local storage is sufficient
        Assert.True(Filter(new NodeResourcesFit(), Pod("p", "", Container(0, 0, 5)), NodeInfoWith(Pod("e", "", Container(2, 2, 10)))).IsSuccess);

        // pod fits
        Assert.True(Filter(new NodeResourcesFit(), Pod("p", "", Container(0, 0, 10)), NodeInfoWith(ResourcePod((2, 2)))).IsSuccess);
    }

    [Fact]
    public void NonZeroRequestsUseSchedulingDefaultsOnlyForMissingValues()
    {
        // pod_resources.go GetNonzeroRequests: 100m / 200Mi when absent, explicit zero kept.
        var missing = PodRequests.Of(Pod("p", "", Container()), nonMissingDefaults: true);
        Assert.Equal(new PodRequests(100, 200L * 1024 * 1024, 0), missing);
        var explicitZero = PodRequests.Of(Pod("p", "", Container(0, 0)), nonMissingDefaults: true);
        Assert.Equal(new PodRequests(0, 0, 0), explicitZero);
        Assert.Equal(new PodRequests(0, 0, 0), PodRequests.Of(Pod("p", "", Container())));
    }
}
