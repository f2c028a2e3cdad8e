using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>Ported from plugins/tainttoleration/taint_toleration_test.go and nodeunschedulable tests.</summary>
public sealed class TaintTolerationTests
{
    private static Toleration Tol(string key, string op, string? value, string? effect) => new(key, op, value, effect, null);

    private static Taint T(string key, string? value, string effect) => new(key, value, effect);

    private static Pod PodWith(params Toleration[] tolerations)
    {
        var pod = Pod();
        pod.Spec.Tolerations.AddRange(tolerations);
        return pod;
    }

    [Fact]
    public void ScoreTolerableTaintsGetHigherScore()
    {
        var pod = PodWith(Tol("foo", "Equal", "bar", "PreferNoSchedule"));
        var cache = Cache([Node("nodeA").WithTaints(T("foo", "bar", "PreferNoSchedule")), Node("nodeB").WithTaints(T("foo", "blah", "PreferNoSchedule"))]);
        Assert.Equal([100, 0], Scores(new TaintToleration(), pod, cache));
    }

    [Fact]
    public void ScoreCountOfToleratedTaintsDoesNotMatter()
    {
        var pod = PodWith(Tol("cpu-type", "Equal", "arm64", "PreferNoSchedule"), Tol("disk-type", "Equal", "ssd", "PreferNoSchedule"));
        var cache = Cache(
        [
            Node("nodeA"),
            Node("nodeB").WithTaints(T("cpu-type", "arm64", "PreferNoSchedule")),
            Node("nodeC").WithTaints(T("cpu-type", "arm64", "PreferNoSchedule"), T("disk-type", "ssd", "PreferNoSchedule")),
        ]);
        Assert.Equal([100, 100, 100], Scores(new TaintToleration(), pod, cache));
    }

    [Fact]
    public void ScoreMoreIntolerableTaintsLowerScore()
    {
        var pod = PodWith(Tol("foo", "Equal", "bar", "PreferNoSchedule"));
        var cache = Cache(
        [
            Node("nodeA"),
            Node("nodeB").WithTaints(T("cpu-type", "arm64", "PreferNoSchedule")),
            Node("nodeC").WithTaints(T("cpu-type", "arm64", "PreferNoSchedule"), T("disk-type", "ssd", "PreferNoSchedule")),
        ]);
        Assert.Equal([100, 50, 0], Scores(new TaintToleration(), pod, cache));
    }

    [Fact]
    public void ScoreOnlyPreferNoScheduleCounts()
    {
        var pod = PodWith(Tol("cpu-type", "Equal", "arm64", "NoSchedule"), Tol("disk-type", "Equal", "ssd", "NoSchedule"));
        var cache = Cache(
        [
            Node("nodeA"),
            Node("nodeB").WithTaints(T("cpu-type", "arm64", "NoSchedule")),
            Node("nodeC").WithTaints(T("cpu-type", "arm64", "PreferNoSchedule"), T("disk-type", "ssd", "PreferNoSchedule")),
        ]);
        Assert.Equal([100, 100, 0], Scores(new TaintToleration(), pod, cache));
    }

    [Fact]
    public void ScoreDefaultBehaviourLandsOnUntaintedNode()
    {
        var cache = Cache([Node("nodeA"), Node("nodeB").WithTaints(T("cpu-type", "arm64", "PreferNoSchedule"))]);
        Assert.Equal([100, 0], Scores(new TaintToleration(), PodWith(), cache));
    }

    public static TheoryData<string, Toleration[], Taint[], string?> FilterCases() => new()
    {
        { "A pod having no tolerations can't be scheduled onto a node with nonempty taints", [], [T("dedicated", "user1", "NoSchedule")], "node(s) had untolerated taint {dedicated: user1}" },
        { "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule", [Tol("dedicated", "", "user1", "NoSchedule")], [T("dedicated", "user1", "NoSchedule")], null },
        { "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", [Tol("dedicated", "Equal", "user2", "NoSchedule")], [T("dedicated", "user1", "NoSchedule")], "node(s) had untolerated taint {dedicated: user1}" },
        { "A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node", [Tol("foo", "Exists", null, "NoSchedule")], [T("foo", "bar", "NoSchedule")], null },
        { "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated", [Tol("dedicated", "Equal", "user2", "NoSchedule"), Tol("foo", "Exists", null, "NoSchedule")], [T("dedicated", "user2", "NoSchedule"), T("foo", "bar", "NoSchedule")], null },
        { "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match", [Tol("foo", "Equal", "bar", "PreferNoSchedule")], [T("foo", "bar", "NoSchedule")], "node(s) had untolerated taint {foo: bar}" },
        { "The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty", [Tol("foo", "Equal", "bar", null)], [T("foo", "bar", "NoSchedule")], null },
        { "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule", [Tol("dedicated", "Equal", "user2", "NoSchedule")], [T("dedicated", "user1", "PreferNoSchedule")], null },
        { "The pod has no toleration, but the effect of taint on node is PreferNoSchedule", [], [T("dedicated", "user1", "PreferNoSchedule")], null },
        { "NoExecute taints are filtered too", [], [T("node.kubernetes.io/not-ready", null, "NoExecute")], "node(s) had untolerated taint {node.kubernetes.io/not-ready: }" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter(string name, Toleration[] tolerations, Taint[] taints, string? wantReason)
    {
        var status = SchedTestUtil.Filter(new TaintToleration(), PodWith(tolerations), NodeInfo.Create(Node("nodeA").WithTaints(taints)));
        if (wantReason is null)
        {
            Assert.True(status.IsSuccess, name);
        }
        else
        {
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
            Assert.Equal([wantReason], status.Reasons);
        }
    }

    [Fact]
    public void QueueingHintOnNodeChange()
    {
        var plugin = new TaintToleration();
        var pod = PodWith(Tol("dedicated", "Equal", "user2", "NoSchedule"));
        NodeState State(params Taint[] taints) => NodeState.From(Node("nodeA").WithTaints(taints));

        // skip-queue-on-untoleratedtaint-node-added / queue-on-toleratedtaint-node-added
        Assert.Equal(QueueingHint.QueueSkip, plugin.IsSchedulableAfter(new ClusterEvent(ClusterEventType.NodeAdd, null, State(T("dedicated", "user1", "NoSchedule"))), pod));
        Assert.Equal(QueueingHint.Queue, plugin.IsSchedulableAfter(new ClusterEvent(ClusterEventType.NodeAdd, null, State(T("dedicated", "user2", "NoSchedule"))), pod));

        // skip-unrelated-change / queue-on-taint-change
        Assert.Equal(QueueingHint.QueueSkip, plugin.IsSchedulableAfter(new ClusterEvent(ClusterEventType.NodeTaintChange, State(T("dedicated", "user1", "NoSchedule")), State(T("dedicated", "user1", "NoSchedule"), T("dedicated", "user3", "NoSchedule"))), pod));
        Assert.Equal(QueueingHint.Queue, plugin.IsSchedulableAfter(new ClusterEvent(ClusterEventType.NodeTaintChange, State(T("dedicated", "user1", "NoSchedule")), State(T("dedicated", "user2", "NoSchedule"))), pod));
    }

    [Fact]
    public void NodeUnschedulableFilter()
    {
        // node_unschedulable_test.go TestNodeUnschedulable
        var cordoned = Node("n");
        cordoned.Spec.Unschedulable = true;
        var plugin = new NodeUnschedulable();
        var status = SchedTestUtil.Filter(plugin, Pod(), NodeInfo.Create(cordoned));
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) were unschedulable"], status.Reasons);
        Assert.True(SchedTestUtil.Filter(plugin, Pod(), NodeInfo.Create(Node("m"))).IsSuccess);
        Assert.True(SchedTestUtil.Filter(plugin, PodWith(Tol("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")), NodeInfo.Create(cordoned)).IsSuccess);
    }
}
