using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.AffinityTestUtil;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// Ported from plugins/interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode and
/// TestRequiredAffinityMultipleNodes, with their anti-affinity symmetry cases). The Go pods without a namespace are in
/// one namespace, "default" here.
/// </summary>
public sealed class InterPodAffinityFilteringTests
{
    private const string Aff = InterPodAffinity.ErrReasonAffinityRulesNotMatch;
    private const string Anti = InterPodAffinity.ErrReasonAntiAffinityRulesNotMatch;
    private const string Existing = InterPodAffinity.ErrReasonExistingAntiAffinityRulesNotMatch;

    /// <summary>A test case: the pod, the pods and nodes of the snapshot, and the expected PreFilter and Filter outcomes ("" is success, per node).</summary>
    private sealed record Case(Pod Pod, Pod[] Pods, Node[] Nodes, string[] Want, string? WantPreFilter = null);

    private static readonly (string, string)[] PodLabel = [("service", "securityscan")];
    private static readonly (string, string)[] PodLabel2 = [("security", "S1")];

    private static Node Node1 => LabeledNode("node1", ("region", "r1"), ("zone", "z11"));

    private static Pod Existing1 => Pod("existing", "node1").WithLabels(PodLabel);

    private static Pod P(string node = "") => Pod("incoming", node);

    private static readonly Dictionary<string, Case> SingleNode = new()
    {
        ["A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods"] =
            new(P(), [], [Node1], [""], WantPreFilter: "Skip"),
        ["satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod"] =
            new(P().WithLabels(PodLabel2).Affinity(Term("region", In("service", "securityscan", "value2"))), [Existing1], [Node1], [""]),
        ["satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod"] =
            new(P().WithLabels(PodLabel2).Affinity(Term("region", NotIn("service", "securityscan3", "value3"))), [Existing1], [Node1], [""]),
        ["Does not satisfy the PodAffinity with labelSelector because of diff Namespace"] =
            new(
                P().WithLabels(PodLabel2).Affinity(Term("", In("service", "securityscan", "value2")) with { Namespaces = ["DiffNameSpace"] }),
                [Pod("existing", "node1").InNamespace("ns").WithLabels(PodLabel)],
                [Node1],
                [Aff]),
        ["Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod"] =
            new(P().WithLabels(PodLabel).Affinity(Term("", In("service", "antivirusscan", "value2"))), [Existing1], [Node1], [Aff]),
        ["satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution"] =
            new(
                P().WithLabels(PodLabel2).Affinity(
                    Term("region", Exists("service"), DoesNotExist("wrongkey")),
                    Term("region", In("service", "securityscan"), NotIn("service", "WrongValue"))),
                [Existing1],
                [Node1],
                [""]),
        ["The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match."] =
            new(
                P().WithLabels(PodLabel2).Affinity(
                    Term("region", Exists("service"), DoesNotExist("wrongkey")),
                    Term("region", In("service", "securityscan2"), NotIn("service", "WrongValue"))),
                [Existing1],
                [Node1],
                [Aff]),
        ["satisfies the PodAffinity and PodAntiAffinity with the existing pod"] =
            new(
                P().WithLabels(PodLabel2).Affinity(Term("region", In("service", "securityscan", "value2"))).AntiAffinity(Term("node", In("service", "antivirusscan", "value2"))),
                [Existing1],
                [Node1],
                [""]),
        ["satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod"] =
            new(
                P().WithLabels(PodLabel2).Affinity(Term("region", In("service", "securityscan", "value2"))).AntiAffinity(Term("node", In("service", "antivirusscan", "value2"))),
                [Pod("existing", "node1").WithLabels(PodLabel).AntiAffinity(Term("node", In("service", "antivirusscan", "value2")))],
                [Node1],
                [""]),
        ["satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod"] =
            new(
                P().WithLabels(PodLabel2).Affinity(Term("region", In("service", "securityscan", "value2"))).AntiAffinity(Term("zone", In("service", "securityscan", "value2"))),
                [Existing1],
                [Node1],
                [Anti]),
        ["satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod"] =
            new(
                P().WithLabels(PodLabel).Affinity(Term("region", In("service", "securityscan", "value2"))).AntiAffinity(Term("node", In("service", "antivirusscan", "value2"))),
                [Pod("existing", "node1").WithLabels(PodLabel).AntiAffinity(Term("zone", In("service", "securityscan", "value2")))],
                [Node1],
                [Existing]),
        ["pod matches its own Label in PodAffinity and that matches the existing pod Labels"] =
            new(P().WithLabels(PodLabel).Affinity(Term("region", NotIn("service", "securityscan", "value2"))), [Pod("existing", "node2").WithLabels(PodLabel)], [Node1], [Aff]),
        ["verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod"] =
            new(P().WithLabels(PodLabel), [Pod("existing", "node1").WithLabels(PodLabel).AntiAffinity(Term("zone", In("service", "securityscan", "value2")))], [Node1], [Existing]),
        ["verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod"] =
            new(P().WithLabels(PodLabel), [Pod("existing", "node1").WithLabels(PodLabel).AntiAffinity(Term("zone", NotIn("service", "securityscan", "value2")))], [Node1], [""], WantPreFilter: "Skip"),
        ["satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod"] =
            new(
                P().WithLabels(PodLabel).AntiAffinity(Term("region", Exists("service")), Term("region", Exists("security"))),
                [Pod("existing", "node1").WithLabels(PodLabel2).AntiAffinity(Term("zone", Exists("security")))],
                [Node1],
                [Anti]),
        ["PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms"] =
            new(
                P().WithLabels(PodLabel).AntiAffinity(Term("zone", Exists("service")), Term("zone", Exists("security"))),
                [Pod("existing", "node1").WithLabels(PodLabel2).AntiAffinity(Term("zone", Exists("security")))],
                [Node1],
                [Anti]),
        ["PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms"] =
            new(
                P().WithLabels(PodLabel2).AntiAffinity(Term("zone", Exists("security"))),
                [Pod("existing", "node1").WithLabels(PodLabel).AntiAffinity(Term("zone", Exists("service")), Term("zone", Exists("security")))],
                [Node1],
                [Existing]),
        ["PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms"] =
            new(
                P().WithLabels(("abc", ""), ("xyz", "")).AntiAffinity(Term("zone", Exists("abc")), Term("zone", Exists("def"))),
                [Pod("existing", "node1").WithLabels(("def", ""), ("xyz", "")).AntiAffinity(Term("zone", Exists("abc")), Term("zone", Exists("def")))],
                [Node1],
                [Anti]),
        ["PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms"] =
            new(
                P().WithLabels(("def", ""), ("xyz", "")).AntiAffinity(Term("zone", Exists("abc")), Term("zone", Exists("def"))),
                [Pod("existing", "node1").WithLabels(("abc", ""), ("xyz", "")).AntiAffinity(Term("zone", Exists("abc")), Term("zone", Exists("def")))],
                [Node1],
                [Anti]),
        ["PodAffinity fails PreFilter with an invalid affinity label syntax"] =
            new(
                P().WithLabels(PodLabel).Affinity(Term("region", In("service", "{{.bad-value.}}")), Term("node", In("service", "antivirusscan", "value2"))),
                [],
                [Node1],
                [],
                WantPreFilter: BadValue),
        ["PodAntiAffinity fails PreFilter with an invalid antiaffinity label syntax"] =
            new(
                P().WithLabels(PodLabel).Affinity(Term("region", In("service", "foo")), Term("node", In("service", "{{.bad-value.}}"))),
                [],
                [Node1],
                [],
                WantPreFilter: BadValue),
        ["affinity with NamespaceSelector"] =
            new(
                P().WithLabels(PodLabel2).Affinity(Term("region", In("service", "securityscan", "value2")) with { NamespaceSelector = Expressions(In("team", "team1")) }),
                [Pod("existing", "node1").InNamespace("subteam1.team1").WithLabels(PodLabel)],
                [Node1],
                [""]),
        ["affinity with non-matching NamespaceSelector"] =
            new(
                P().WithLabels(PodLabel2).Affinity(Term("region", In("service", "securityscan", "value2")) with { NamespaceSelector = Expressions(In("team", "team1")) }),
                [Pod("existing", "node1").InNamespace("subteam1.team2").WithLabels(PodLabel)],
                [Node1],
                [Aff]),
        ["anti-affinity with matching NamespaceSelector"] =
            new(
                P().InNamespace("subteam1.team1").WithLabels(PodLabel2).AntiAffinity(Term("zone", In("service", "securityscan", "value2")) with { NamespaceSelector = Expressions(In("team", "team1")) }),
                [Pod("existing", "node1").InNamespace("subteam2.team1").WithLabels(PodLabel)],
                [Node1],
                [Anti]),
        ["anti-affinity with matching all NamespaceSelector"] =
            new(
                P().InNamespace("subteam1.team1").WithLabels(PodLabel2).AntiAffinity(Term("zone", In("service", "securityscan", "value2")) with { NamespaceSelector = new LabelSelector() }),
                [Pod("existing", "node1").InNamespace("subteam2.team1").WithLabels(PodLabel)],
                [Node1],
                [Anti]),
        ["anti-affinity with non-matching NamespaceSelector"] =
            new(
                P().InNamespace("subteam1.team1").WithLabels(PodLabel2).AntiAffinity(Term("zone", In("service", "securityscan", "value2")) with { NamespaceSelector = Expressions(In("team", "team1")) }),
                [Pod("existing", "node1").InNamespace("subteam1.team2").WithLabels(PodLabel)],
                [Node1],
                [""]),
    };

    private const string BadValue = "parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: \"{{.bad-value.}}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static Node Rg(string name, params (string, string)[] labels) => LabeledNode(name, labels);

    private static readonly (string, string) China = ("region", "China");
    private static readonly (string, string) India = ("region", "India");
    private static readonly (string, string) Az1 = ("az", "az1");

    private static Node[] AB(string zoneA = "z1", string zoneB = "z2") =>
        [Rg("nodeA", ("region", "r1"), ("zone", zoneA), ("hostname", "nodeA")), Rg("nodeB", ("region", "r1"), ("zone", zoneB), ("hostname", "nodeB"))];

    private static readonly Dictionary<string, Case> MultipleNodes = new()
    {
        ["A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules"] =
            new(P().Affinity(Term("region", In("foo", "bar"))), [Pod("p1", "node1").WithLabels(("foo", "bar"))], [Rg("node1", China), Rg("node2", China, Az1), Rg("node3", India)], ["", "", Aff]),
        ["The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere."] =
            new(
                P().WithLabels(("foo", "bar"), ("service", "securityscan")).Affinity(Term("zone", In("foo", "bar")), Term("zone", In("service", "securityscan"))),
                [Pod("p1", "nodeA").WithLabels(("foo", "bar"))],
                [Rg("nodeA", ("zone", "az1"), ("hostname", "h1")), Rg("nodeB", ("zone", "az2"), ("hostname", "h2"))],
                ["", ""]),
        ["The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys"] =
            new(
                P().WithLabels(("foo", "bar"), ("service", "securityscan")).Affinity(Term("zone", In("foo", "bar")), Term("zone", In("service", "securityscan"))),
                [Pod("p1", "nodeA").WithLabels(("foo", "bar"))],
                [Rg("nodeA", ("zoneLabel", "az1"), ("hostname", "h1")), Rg("nodeB", ("zoneLabel", "az2"), ("hostname", "h2"))],
                [Aff, Aff]),
        ["NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB."] =
            new(
                P().AntiAffinity(Term("region", In("foo", "abc"))),
                [Pod("p1", "nodeA").WithLabels(("foo", "abc"))],
                [Rg("nodeA", ("region", "r1"), ("hostname", "nodeA")), Rg("nodeB", ("region", "r1"), ("hostname", "nodeB"))],
                [Anti, Anti]),
        ["This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod."] =
            new(P().AntiAffinity(Term("region", In("foo", "abc")), Term("zone", In("service", "securityscan"))), [Pod("p1", "nodeA").WithLabels(("foo", "abc"), ("service", "securityscan"))], AB(), [Anti, Anti]),
        ["NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC"] =
            new(P().AntiAffinity(Term("region", In("foo", "abc"))), [Pod("p1", "nodeA").WithLabels(("foo", "abc"))], [Rg("nodeA", China), Rg("nodeB", China, Az1), Rg("nodeC", India)], [Anti, Anti, ""]),
        ["NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)"] =
            new(
                P().InNamespace("NS1").WithLabels(("foo", "123")).AntiAffinity(Term("region", In("foo", "bar"))),
                [Pod("p1", "nodeA").InNamespace("NS1").WithLabels(("foo", "bar")), Pod("p2", "nodeC").InNamespace("NS2").AntiAffinity(Term("region", In("foo", "123")))],
                [Rg("nodeA", China), Rg("nodeB", China, Az1), Rg("nodeC", India)],
                [Anti, Anti, ""]),
        ["Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked"] =
            new(P().WithLabels(("foo", "")), [Pod("p1", "nodeA").AntiAffinity(Term("invalid-node-label", Exists("foo")))], AB("z1", "z1"), ["", ""], WantPreFilter: "Skip"),
        ["Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches"] =
            new(P("nodeA").AntiAffinity(Term("invalid-node-label", Exists("foo"))), [Pod("p1", "nodeA").WithLabels(("foo", ""))], AB("z1", "z1"), ["", ""]),
        ["Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes"] =
            new(
                P().WithLabels(("foo", ""), ("bar", "")),
                [Pod("p1", "nodeA").AntiAffinity(Term("zone", Exists("foo"))), Pod("p2", "nodeA").AntiAffinity(Term("region", Exists("bar")))],
                AB(),
                [Existing, Existing]),
        ["Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod"] =
            new(P().AntiAffinity(Term("zone", Exists("foo")), Term("region", Exists("bar"))), [Pod("p1", "nodeA").WithLabels(("foo", "")), Pod("p2", "nodeB").WithLabels(("bar", ""))], AB(), [Anti, Anti]),
        ["Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey"] =
            new(P().WithLabels(("foo", ""), ("bar", "")), [Pod("p1", "nodeA").AntiAffinity(Term("invalid-node-label", Exists("foo")), Term("zone", Exists("bar")))], AB(), [Existing, ""]),
        ["Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey"] =
            new(P().AntiAffinity(Term("invalid-node-label", Exists("foo")), Term("zone", Exists("bar"))), [Pod("podA", "nodeA").WithLabels(("foo", ""), ("bar", ""))], AB(), [Anti, ""]),
        ["Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey"] =
            new(P().WithLabels(("foo", ""), ("bar", "")), [Pod("p1", "nodeA").AntiAffinity(Term("region", Exists("foo")), Term("zone", Exists("bar")))], AB(), [Existing, Existing]),
        ["Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey"] =
            new(P().AntiAffinity(Term("region", Exists("foo")), Term("zone", Exists("bar"))), [Pod("p1", "nodeA").WithLabels(("foo", ""), ("bar", ""))], AB(), [Anti, Anti]),
        ["Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC"] =
            new(
                P().WithLabels(("foo", ""), ("bar", "")),
                [Pod("p1", "nodeA").AntiAffinity(Term("zone", Exists("foo")), Term("zone", Exists("labelA"))), Pod("p2", "nodeB").AntiAffinity(Term("zone", Exists("bar")), Term("zone", Exists("labelB")))],
                [.. AB(), Rg("nodeC", ("region", "r1"), ("zone", "z3"), ("hostname", "nodeC"))],
                [Existing, Existing, ""]),
        ["Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match"] =
            new(P().Affinity(Term("region", Exists("foo")), Term("zone", Exists("bar"))), [Pod("pod1", "nodeA").WithLabels(("foo", ""), ("bar", ""))], AB("z1", "z1"), ["", ""]),
        ["Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod"] =
            new(P().Affinity(Term("region", Exists("foo")), Term("zone", Exists("bar"))), [Pod("pod1", "nodeA").WithLabels(("foo", "")), Pod("pod2", "nodeB").WithLabels(("bar", ""))], AB(), [Aff, Aff]),
    };

    public static TheoryData<string> SingleNodeCases => [.. SingleNode.Keys];

    public static TheoryData<string> MultipleNodesCases => [.. MultipleNodes.Keys];

    [Theory]
    [MemberData(nameof(SingleNodeCases))]
    public void RequiredAffinitySingleNode(string name) => Run(SingleNode[name], Namespaces());

    [Theory]
    [MemberData(nameof(MultipleNodesCases))]
    public void RequiredAffinityMultipleNodes(string name) => Run(MultipleNodes[name], null);

    /// <summary>filtering_test.go TestPreFilterDisabled: Filter without PreFilter state is an error.</summary>
    [Fact]
    public void FilterWithoutPreFilterStateIsAnError()
    {
        var status = new InterPodAffinity().Filter(new CycleState(new SchedulerCache()), new Pod(), NodeInfo.Create(new Node()));
        Assert.Equal(StatusCode.Error, status.Code);
        Assert.Equal("error reading \"PreFilterInterPodAffinity\" from cycleState: not found", status.Message);
    }

    private static void Run(Case c, ObjectStore? store)
    {
        var cache = Cache(c.Nodes, c.Pods);
        var plugin = new InterPodAffinity();
        var state = new CycleState(cache, store);
        var (_, pre) = plugin.PreFilter(state, c.Pod);
        if (c.WantPreFilter == "Skip")
        {
            Assert.True(pre.IsSkip, pre.ToString());
            return;
        }

        if (c.WantPreFilter is { } message)
        {
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, pre.Code);
            Assert.Equal(message, pre.Message);
            return;
        }

        Assert.True(pre.IsSuccess, pre.ToString());
        for (int i = 0; i < c.Nodes.Length; i++)
        {
            var status = plugin.Filter(state, c.Pod, cache.GetNode(c.Nodes[i].Metadata.Name)!);
            var want = c.Want[i];
            if (want.Length == 0)
            {
                Assert.True(status.IsSuccess, $"{c.Nodes[i].Metadata.Name}: {status}");
                continue;
            }

            var code = want == Aff ? StatusCode.UnschedulableAndUnresolvable : StatusCode.Unschedulable;
            Assert.Equal((code, want, "InterPodAffinity"), (status.Code, status.Message, status.Plugin));
        }
    }
}
