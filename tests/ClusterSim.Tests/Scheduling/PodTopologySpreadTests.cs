using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// Ported from plugins/podtopologyspread/scoring_test.go (TestPodTopologySpreadScore) and filtering_test.go.
/// The Go tests' fooSelector is `foo Exists`; the pods carry foo="", so the equivalent matchLabels {foo: ""} is used.
/// </summary>
public sealed class PodTopologySpreadTests
{
    private const string Hostname = "kubernetes.io/hostname";

    private static LabelSelector Foo() => new() { MatchLabels = { ["foo"] = "" } };

    private static Pod SpreadPod(int maxSkew, string key, string when, LabelSelector? selector)
    {
        var pod = Pod("p").WithLabels(("foo", ""));
        pod.Spec.TopologySpreadConstraints.Add(new TopologySpreadConstraint(maxSkew, key, when, selector));
        return pod;
    }

    private static Node HostNode(string name) => Node(name).WithLabels((Hostname, name));

    private static IEnumerable<Pod> Matching(string node, int count) =>
        Enumerable.Range(1, count).Select(i => Pod($"p-{node}{i}", node).WithLabels(("foo", "")));

    private static SchedulerCache FourNodes(params int[] counts)
    {
        var names = new[] { "node-a", "node-b", "node-c", "node-d" };
        return Cache(names.Select(HostNode), names.SelectMany((n, i) => Matching(n, counts[i])));
    }

    [Fact]
    public void OneConstraintOnNodeNoExistingPods()
    {
        var cache = Cache([HostNode("node-a"), HostNode("node-b")]);
        Assert.Equal([100, 100], Scores(new PodTopologySpread(), SpreadPod(1, Hostname, "ScheduleAnyway", Foo()), cache));
    }

    [Fact]
    public void OneConstraintOnNodeAllFourNodesAreCandidates()
    {
        // matching pods spread as 2/1/0/3.
        Assert.Equal([20, 60, 100, 0], Scores(new PodTopologySpread(), SpreadPod(1, Hostname, "ScheduleAnyway", Foo()), FourNodes(2, 1, 0, 3)));
    }

    [Fact]
    public void OneConstraintOnNodeNullSelector()
    {
        Assert.Equal([100, 100, 100, 100], Scores(new PodTopologySpread(), SpreadPod(1, Hostname, "ScheduleAnyway", null), FourNodes(2, 1, 0, 3)));
    }

    [Fact]
    public void OneConstraintOnNodeMaxSkew2()
    {
        Assert.Equal([33, 66, 100, 16], Scores(new PodTopologySpread(), SpreadPod(2, Hostname, "ScheduleAnyway", Foo()), FourNodes(2, 1, 0, 3)));
    }

    [Fact]
    public void OnlyOneCandidateNodeScores100()
    {
        var cache = Cache([HostNode("node-a"), HostNode("node-b")], [.. Matching("node-a", 2), .. Matching("node-b", 1)]);
        var plugin = new PodTopologySpread();
        var pod = SpreadPod(1, Hostname, "ScheduleAnyway", Foo());
        var state = new CycleState(cache);
        var feasible = new[] { cache.GetNode("node-a")! };
        Assert.True(plugin.PreScore(state, pod, feasible).IsSuccess);
        var scores = new[] { new NodeScore("node-a", plugin.Score(state, pod, feasible[0])) };
        plugin.NormalizeScore(state, pod, scores);
        Assert.Equal(100, scores[0].Score);
    }

    [Fact]
    public void HardZoneConstraintFiltersSkewedDomains()
    {
        // zone1: 2 matching pods, zone2: 0. maxSkew 1: zone1 nodes would make the skew 3.
        var nodes = new[]
        {
            Node("node-a").WithLabels(("zone", "zone1")),
            Node("node-b").WithLabels(("zone", "zone1")),
            Node("node-x").WithLabels(("zone", "zone2")),
            Node("node-y"),
        };
        var cache = Cache(nodes, [.. Matching("node-a", 1), .. Matching("node-b", 1)]);
        var plugin = new PodTopologySpread();
        var pod = SpreadPod(1, "zone", "DoNotSchedule", Foo());
        var state = new CycleState(cache);
        Assert.True(plugin.PreFilter(state, pod).Status.IsSuccess);
        var a = plugin.Filter(state, pod, cache.GetNode("node-a")!);
        Assert.Equal(StatusCode.Unschedulable, a.Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints"], a.Reasons);
        Assert.True(plugin.Filter(state, pod, cache.GetNode("node-x")!).IsSuccess);
        var y = plugin.Filter(state, pod, cache.GetNode("node-y")!);
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, y.Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints (missing required label)"], y.Reasons);
    }

    [Fact]
    public void HardConstraintIgnoresOtherNamespacesAndTerminatingPods()
    {
        var nodes = new[] { HostNode("node-a"), HostNode("node-b") };
        var other = Pod("other", "node-a").WithLabels(("foo", ""));
        other.Metadata.Namespace = "kube-system";
        var terminating = Pod("gone", "node-a").WithLabels(("foo", ""));
        terminating.Metadata.DeletionTimestamp = TimeSpan.Zero;
        var cache = Cache(nodes, [other, terminating]);
        var plugin = new PodTopologySpread();
        var pod = SpreadPod(1, Hostname, "DoNotSchedule", Foo());
        var state = new CycleState(cache);
        plugin.PreFilter(state, pod);
        Assert.True(plugin.Filter(state, pod, cache.GetNode("node-a")!).IsSuccess);
    }

    [Fact]
    public void NoConstraintsAndNoOwnerSkips()
    {
        // system defaults need a selector from services/controllers; a bare pod has none.
        var cache = Cache([HostNode("node-a")]);
        var state = new CycleState(cache);
        Assert.True(new PodTopologySpread().PreFilter(state, Pod()).Status.IsSkip);
        Assert.True(new PodTopologySpread().PreScore(state, Pod(), cache.Nodes).IsSkip);
    }

    [Fact]
    public void ScoreForCountAndWeight()
    {
        // scoring.go: log(size+2) weight, maxSkew-1 added, Go math.Round (half away from zero).
        Assert.Equal(Math.Log(4), PodTopologySpread.TopologyNormalizingWeight(2));
        Assert.Equal((3 * Math.Log(6)) + 2, PodTopologySpread.ScoreForCount(3, 3, Math.Log(6)));
    }
}
