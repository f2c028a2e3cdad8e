using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using static ClusterSim.Tests.Scheduling.AffinityTestUtil;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// Ported from plugins/interpodaffinity/scoring_test.go (TestPreferredAffinity with hardPodAffinityWeight 1, and
/// TestPreferredAffinityWithHardPodAffinitySymmetricWeight). The Go pods without a namespace are in "default" here.
/// </summary>
public sealed class InterPodAffinityScoringTests
{
    /// <summary>A case: the pod, the snapshot, the expected normalized scores per node (null: PreScore skips) or PreScore error.</summary>
    private sealed record Case(Pod Pod, Pod[] Pods, Node[] Nodes, long[]? Want, bool IgnorePreferredTermsOfExistingPods = false, string? WantError = null);

    private static readonly (string, string) China = ("region", "China");
    private static readonly (string, string) India = ("region", "India");
    private static readonly (string, string) Az1 = ("az", "az1");
    private static readonly (string, string) Az2 = ("az", "az2");
    private static readonly (string, string) S1 = ("security", "S1");
    private static readonly (string, string) S2 = ("security", "S2");

    private static Pod P(string node = "") => Pod("p", node);

    private static PodAffinityTerm NamespaceSelectorTerm => Term("region", In("security", "S1")) with { Namespaces = ["subteam2.team2"], NamespaceSelector = Expressions(In("team", "team1")) };

    private static Node N(string name, params (string, string)[] labels) => LabeledNode(name, labels);

    private static Node[] ChinaIndiaAz1 => [N("node1", China), N("node2", India), N("node3", Az1)];

    private static readonly Dictionary<string, Case> Preferred = new()
    {
        ["all nodes are same priority as Affinity is nil"] = new(P().WithLabels(S1), [], ChinaIndiaAz1, null),
        ["Affinity: pod that matches topology key & pods in nodes will get high score comparing to others which doesn't match either pods in nodes or in topology key"] =
            new(P().WithLabels(S1).StayWithS1InRegion(), [Pod("a", "node1").WithLabels(S1), Pod("b", "node2").WithLabels(S2), Pod("c", "node3").WithLabels(S1)], ChinaIndiaAz1, [100, 0, 0]),
        ["All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score"] =
            new(P().StayWithS1InRegion(), [Pod("a", "node1").WithLabels(S1)], [N("node1", China), N("node2", China, Az1), N("node3", India)], [100, 100, 0]),
        ["Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score"] =
            new(
                P().WithLabels(S1).StayWithS2InRegion(),
                [Pod("a", "node1").WithLabels(S2), Pod("b", "node1").WithLabels(S2), Pod("c", "node2").WithLabels(S2), Pod("d", "node3").WithLabels(S2), Pod("e", "node4").WithLabels(S2), Pod("f", "node5").WithLabels(S2)],
                [N("node1", China), N("node2", India), N("node3", China), N("node4", China), N("node5", India)],
                [100, 0, 100, 100, 0]),
        ["Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures"] =
            new(P().WithLabels(S1).Affinity3(), [Pod("a", "node1").WithLabels(S1), Pod("b", "node2").WithLabels(S2), Pod("c", "node3").WithLabels(S1)], ChinaIndiaAz1, [20, 100, 0]),
        ["Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry"] =
            new(P().WithLabels(S2), [Pod("a", "node1").WithLabels(S1).StayWithS1InRegion(), Pod("b", "node2").WithLabels(S2).StayWithS2InRegion()], ChinaIndiaAz1, [0, 100, 0]),
        ["Affinity symmetry with namespace selector"] =
            new(P().InNamespace("subteam1.team1").WithLabels(S1), [Pod("a", "node1").WithLabels(S1).PreferredAffinity(5, NamespaceSelectorTerm), Pod("b", "node2").WithLabels(S2).StayWithS2InRegion()], ChinaIndiaAz1, [100, 0, 0]),
        ["AntiAffinity symmetry with namespace selector"] =
            new(P().InNamespace("subteam1.team1").WithLabels(S1), [Pod("a", "node1").WithLabels(S1).PreferredAntiAffinity(5, NamespaceSelectorTerm), Pod("b", "node2").WithLabels(S2).StayWithS2InRegion()], ChinaIndiaAz1, [0, 100, 100]),
        ["Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry"] =
            new(P().WithLabels(S1), [Pod("a", "node1").WithLabels(S1).HardAffinity(), Pod("b", "node2").WithLabels(S2).HardAffinity()], ChinaIndiaAz1, [100, 100, 0]),
        ["Anti Affinity: pod that does not match existing pods in node will get high score"] =
            new(P().WithLabels(S1).AwayFromS1InAz(), [Pod("a", "node1").WithLabels(S1), Pod("b", "node2").WithLabels(S2)], [N("node1", Az1), N("node2", China)], [0, 100]),
        ["Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others"] =
            new(P().WithLabels(S1).AwayFromS1InAz(), [Pod("a", "node1").WithLabels(S1), Pod("b", "node2").WithLabels(S1)], [N("node1", Az1), N("node2", China)], [0, 100]),
        ["Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score"] =
            new(P().WithLabels(S1).AwayFromS1InAz(), [Pod("a", "node1").WithLabels(S1), Pod("b", "node1").WithLabels(S1), Pod("c", "node2").WithLabels(S2)], [N("node1", Az1), N("node2", India)], [0, 100]),
        ["Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score"] =
            new(P().WithLabels(S2), [Pod("a", "node1").WithLabels(S1).AwayFromS2InAz(), Pod("b", "node2").WithLabels(S2).AwayFromS1InAz()], [N("node1", Az1), N("node2", Az2)], [0, 100]),
        ["Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity"] =
            new(P().WithLabels(S1).StayWithS1InRegionAwayFromS2InAz(), [Pod("a", "node1").WithLabels(S1), Pod("b", "node2").WithLabels(S1)], [N("node1", China), N("node2", Az1)], [100, 0]),
        ["Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels"] =
            new(
                P().WithLabels(S1).StayWithS1InRegionAwayFromS2InAz(),
                [Pod("a", "node1").WithLabels(S1), Pod("b", "node1").WithLabels(S1), Pod("c", "node2").WithLabels(S1), Pod("d", "node3").WithLabels(S1), Pod("e", "node3").WithLabels(S1), Pod("f", "node4").WithLabels(S1), Pod("g", "node5").WithLabels(S1)],
                [N("node1", China, Az1), N("node2", India), N("node3", China), N("node4", China), N("node5", India)],
                [100, 0, 100, 100, 0]),
        ["Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry"] =
            new(
                P().WithLabels(S1).StayWithS1InRegionAwayFromS2InAz(),
                [Pod("a", "node1").WithLabels(S1), Pod("b", "node2").WithLabels(S2), Pod("c", "node3").StayWithS1InRegionAwayFromS2InAz(), Pod("d", "node4").AwayFromS1InAz()],
                [N("node1", China), N("node2", Az1), N("node3", India), N("node4", Az2)],
                [100, 0, 100, 0]),
        ["Avoid panic when partial nodes in a topology don't have pods with affinity"] =
            new(P().WithLabels(S1), [Pod("a", "node1").WithLabels(S1), Pod("b", "node2").StayWithS1InRegionAwayFromS2InAz()], [N("node1", China), N("node2", China)], [0, 0]),
        ["invalid Affinity fails PreScore"] =
            new(P().PreferredAffinity(8, Term("region", In("security", "{{.bad-value.}}"))), [], [N("node1", China), N("node2", China)], null, WantError: "Invalid value: \"{{.bad-value.}}\""),
        ["invalid AntiAffinity fails PreScore"] =
            new(P().PreferredAntiAffinity(5, Term("az", In("security", "{{.bad-value.}}"))), [], [N("node1", China), N("node2", China)], null, WantError: "Invalid value: \"{{.bad-value.}}\""),
        ["Affinity with pods matching NamespaceSelector"] =
            new(
                P().InNamespace("subteam1.team1").WithLabels(S1).PreferredAffinity(5, NamespaceSelectorTerm),
                [Pod("a", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("b", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("c", "node1").InNamespace("subteam1.team2").WithLabels(S1), Pod("d", "node2").InNamespace("subteam2.team1").WithLabels(S1)],
                [N("node1", China), N("node2", India)],
                [100, 0]),
        ["Affinity with pods matching both NamespaceSelector and Namespaces fields"] =
            new(
                P().InNamespace("subteam1.team1").WithLabels(S1).PreferredAffinity(5, NamespaceSelectorTerm),
                [Pod("a", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("b", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("c", "node1").InNamespace("subteam2.team2").WithLabels(S1), Pod("d", "node2").InNamespace("subteam2.team1").WithLabels(S1)],
                [N("node1", China), N("node2", India)],
                [100, 0]),
        ["Anti-affinity with pods matching NamespaceSelector"] =
            new(
                P().InNamespace("subteam1.team1").WithLabels(S1).PreferredAntiAffinity(5, NamespaceSelectorTerm),
                [Pod("a", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("b", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("c", "node1").InNamespace("subteam1.team2").WithLabels(S1), Pod("d", "node2").InNamespace("subteam2.team1").WithLabels(S1)],
                [N("node1", China), N("node2", India)],
                [0, 100]),
        ["Anti-affinity with pods matching both NamespaceSelector and Namespaces fields"] =
            new(
                P().InNamespace("subteam1.team1").WithLabels(S1).PreferredAntiAffinity(5, NamespaceSelectorTerm),
                [Pod("a", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("b", "node1").InNamespace("subteam1.team1").WithLabels(S1), Pod("c", "node1").InNamespace("subteam2.team2").WithLabels(S1), Pod("d", "node2").InNamespace("subteam2.team1").WithLabels(S1)],
                [N("node1", China), N("node2", India)],
                [0, 100]),
        ["Ignore preferred terms of existing pods"] =
            new(P().WithLabels(S2), [Pod("a", "node1").WithLabels(S1).StayWithS1InRegionAwayFromS2InAz(), Pod("b", "node2").WithLabels(S2).StayWithS2InRegion()], [N("node1", China), N("node2", India)], null, IgnorePreferredTermsOfExistingPods: true),
        ["Do not ignore preferred terms of existing pods"] =
            new(P().WithLabels(S2), [Pod("a", "node1").WithLabels(S1).StayWithS1InRegionAwayFromS2InAz(), Pod("b", "node2").WithLabels(S2).StayWithS2InRegion()], [N("node1", China), N("node2", India)], [0, 100]),
        ["No nodes to score"] = new(P().WithLabels(S2), [], [], null),
    };

    public static TheoryData<string> PreferredCases => [.. Preferred.Keys];

    [Theory]
    [MemberData(nameof(PreferredCases))]
    public void PreferredAffinity(string name)
    {
        var c = Preferred[name];
        Run(c, new InterPodAffinity(ignorePreferredTermsOfExistingPods: c.IgnorePreferredTermsOfExistingPods));
    }

    /// <summary>scoring_test.go TestPreferredAffinityWithHardPodAffinitySymmetricWeight (its namespace "" is "default" here).</summary>
    [Theory]
    [InlineData("with default weight", "default", 1, new long[] { 100, 100, 0 })]
    [InlineData("with zero weight", "default", 0, null)]
    [InlineData("with no matching namespace", "subteam1.team2", 1, null)]
    [InlineData("with matching NamespaceSelector", "subteam1.team1", 1, new long[] { 100, 100, 0 })]
    [InlineData("with matching Namespaces", "subteam2.team2", 1, new long[] { 100, 100, 0 })]
    public void PreferredAffinityWithHardPodAffinitySymmetricWeight(string name, string ns, int hardPodAffinityWeight, long[]? want)
    {
        Assert.NotEmpty(name);
        var hard = Term("region", In("service", "S1")) with { Namespaces = ["default", "subteam2.team2"], NamespaceSelector = Expressions(In("team", "team1")) };
        var c = new Case(
            P().InNamespace(ns).WithLabels(("service", "S1")),
            [Pod("a", "node1").Affinity(hard), Pod("b", "node2").Affinity(hard)],
            ChinaIndiaAz1,
            want);
        Run(c, new InterPodAffinity(hardPodAffinityWeight: hardPodAffinityWeight));
    }

    /// <summary>The scores ScoreNodes gives are those of Score, node by node.</summary>
    [Fact]
    public void ScoreNodesGivesScoresOfScore()
    {
        var c = Preferred["Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures"];
        var cache = Cache(c.Nodes, c.Pods);
        var plugin = new InterPodAffinity();
        var state = new CycleState(cache, Namespaces());
        Assert.True(plugin.PreScore(state, c.Pod, cache.Nodes).IsSuccess);
        var scores = new NodeScore[cache.Nodes.Count];
        ((IScorePlugin)plugin).ScoreNodes(state, c.Pod, cache.Nodes, scores);
        Assert.Equal(cache.Nodes.Select(n => plugin.Score(state, c.Pod, n)), scores.Select(s => s.Score));
        Assert.Equal([2L, 10, 0], scores.Select(s => s.Score));
    }

    private static void Run(Case c, InterPodAffinity plugin)
    {
        var cache = Cache(c.Nodes, c.Pods);
        var state = new CycleState(cache, Namespaces());
        var nodes = c.Nodes.Select(n => cache.GetNode(n.Metadata.Name)!).ToList();
        var status = plugin.PreScore(state, c.Pod, nodes);
        if (c.WantError is { } error)
        {
            Assert.Equal(StatusCode.Error, status.Code);
            Assert.Contains(error, status.Message, StringComparison.Ordinal);
            return;
        }

        if (c.Want is null)
        {
            Assert.True(status.IsSkip, status.ToString());
            return;
        }

        Assert.True(status.IsSuccess, status.ToString());
        var scores = nodes.Select(n => new NodeScore(n.Name, plugin.Score(state, c.Pod, n))).ToArray();
        plugin.NormalizeScore(state, c.Pod, scores);
        Assert.Equal(c.Want, scores.Select(s => s.Score));
    }
}

/// <summary>scoring_test.go's affinities, as builders.</summary>
internal static class ScoringAffinities
{
    public static Pod StayWithS1InRegion(this Pod p) => p.PreferredAffinity(5, Term("region", In("security", "S1")));

    public static Pod StayWithS2InRegion(this Pod p) => p.PreferredAffinity(6, Term("region", In("security", "S2")));

    public static Pod Affinity3(this Pod p) => p
        .PreferredAffinity(8, Term("region", NotIn("security", "S1"), In("security", "S2")))
        .PreferredAffinity(2, Term("region", Exists("security"), DoesNotExist("wrongkey")));

    public static Pod HardAffinity(this Pod p) => p.Affinity(Term("region", In("security", "S1", "value2")), Term("region", Exists("security"), DoesNotExist("wrongkey")));

    public static Pod AwayFromS1InAz(this Pod p) => p.PreferredAntiAffinity(5, Term("az", In("security", "S1")));

    public static Pod AwayFromS2InAz(this Pod p) => p.PreferredAntiAffinity(5, Term("az", In("security", "S2")));

    public static Pod StayWithS1InRegionAwayFromS2InAz(this Pod p) => p.PreferredAffinity(8, Term("region", In("security", "S1"))).PreferredAntiAffinity(5, Term("az", In("security", "S2")));
}
