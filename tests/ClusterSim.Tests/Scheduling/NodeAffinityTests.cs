using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;
using NodeAffinityPlugin = ClusterSim.Sim.Scheduling.Plugins.NodeAffinity;

namespace ClusterSim.Tests.Scheduling;

/// <summary>Ported from plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinity, TestNodeAffinityPriority).</summary>
public sealed class NodeAffinityTests
{
    private const string Reason = "node(s) didn't match Pod's node affinity/selector";

    private static NodeSelectorRequirement R(string key, string op, params string[] values) => new(key, op, values);

    private static NodeSelectorTerm Term(NodeSelectorRequirement[]? exprs = null, NodeSelectorRequirement[]? fields = null) => new(exprs ?? [], fields ?? []);

    private static Pod Required(params NodeSelectorTerm[] terms)
    {
        var pod = Pod();
        pod.Spec.Affinity = new Affinity(new ClusterSim.Sim.Api.NodeAffinity(new NodeSelector(terms), []));
        return pod;
    }

    private static Pod Selector(params (string, string)[] labels)
    {
        var pod = Pod();
        foreach (var (k, v) in labels)
        {
            pod.Spec.NodeSelector[k] = v;
        }

        return pod;
    }

    private static Status Run(Pod pod, string nodeName, params (string, string)[] labels) =>
        SchedTestUtil.Filter(new NodeAffinityPlugin(), pod, NodeInfo.Create(Node(nodeName).WithLabels(labels)));

    private static void Fails(Status s)
    {
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, s.Code);
        Assert.Equal([Reason], s.Reasons);
    }

    [Fact]
    public void NodeSelector()
    {
        Fails(Run(Selector(("foo", "bar")), "n"));                                         // missing labels
        Assert.True(Run(Selector(("foo", "bar")), "n", ("foo", "bar")).IsSuccess);           // same labels
        Assert.True(Run(Selector(("foo", "bar")), "n", ("foo", "bar"), ("baz", "blah")).IsSuccess); // node labels are superset
        Fails(Run(Selector(("foo", "bar"), ("baz", "blah")), "n", ("foo", "bar")));        // node labels are subset
    }

    [Fact]
    public void MatchExpressionOperators()
    {
        Assert.True(Run(Required(Term([R("foo", "In", "bar", "value2")])), "n", ("foo", "bar")).IsSuccess);
        Assert.True(Run(Required(Term([R("kernel-version", "Gt", "0204")])), "n", ("kernel-version", "0206")).IsSuccess);
        Assert.True(Run(Required(Term([R("mem-type", "NotIn", "DDR", "DDR2")])), "n", ("mem-type", "DDR3")).IsSuccess);
        Assert.True(Run(Required(Term([R("GPU", "Exists")])), "n", ("GPU", "NVIDIA-GRID-K1")).IsSuccess);
        Fails(Run(Required(Term([R("foo", "In", "value1", "value2")])), "n", ("foo", "bar")));
        Assert.True(Run(Required(Term([R("GPU", "DoesNotExist")])), "n", ("foo", "bar")).IsSuccess);
        Fails(Run(Required(Term([R("kernel-version", "Lt", "0204")])), "n", ("kernel-version", "0206")));
        Fails(Run(Required(Term([R("kernel-version", "Gt", "0204")])), "n", ("kernel-version", "abc")));
    }

    [Fact]
    public void TermsAndRequirements()
    {
        // Pod with empty MatchExpressions is not a valid value will match no objects
        Fails(Run(Required(Term([])), "n", ("foo", "bar")));

        // Pod with no Affinity / nil required: PreFilter skips
        var noAffinity = Pod();
        Assert.True(new NodeAffinityPlugin().PreFilter(new CycleState(new SchedulerCache()), noAffinity).Status.IsSkip);

        // multiple matchExpressions ANDed
        Assert.True(Run(Required(Term([R("GPU", "Exists"), R("GPU", "NotIn", "AMD", "INTER")])), "n", ("GPU", "NVIDIA-GRID-K1")).IsSuccess);
        Fails(Run(Required(Term([R("GPU", "Exists"), R("GPU", "In", "AMD", "INTER")])), "n", ("GPU", "NVIDIA-GRID-K1")));

        // multiple NodeSelectorTerms ORed
        Assert.True(Run(Required(Term([R("foo", "In", "bar", "value2")]), Term([R("diffkey", "In", "wrong", "value2")])), "n", ("foo", "bar")).IsSuccess);

        // Affinity and nodeSelector both satisfied / nodeSelector not satisfied
        var both = Required(Term([R("foo", "Exists")]));
        both.Spec.NodeSelector["foo"] = "bar";
        Assert.True(Run(both, "n", ("foo", "bar")).IsSuccess);
        Fails(Run(both, "n", ("foo", "barrrrrr")));

        // an invalid value in Affinity term won't be scheduled onto the node
        Fails(Run(Required(Term([R("foo", "NotIn", "invalid value: ___@#$%^")])), "n", ("foo", "bar")));
    }

    [Fact]
    public void MatchFieldsAndPreFilterResult()
    {
        var plugin = new NodeAffinityPlugin();
        var state = new CycleState(new SchedulerCache());

        // matchFields In matches node1, PreFilterResult {node1}
        var pod = Required(Term(fields: [R("metadata.name", "In", "node1")]));
        var (result, status) = plugin.PreFilter(state, pod);
        Assert.True(status.IsSuccess);
        Assert.Equal(["node1"], result!.NodeNames!);
        Assert.True(Run(pod, "node1").IsSuccess);
        Fails(Run(pod, "node2"));

        // two terms: matchFields does not match, but matchExpressions matches
        var orTerms = Required(Term(fields: [R("metadata.name", "In", "node1")]), Term([R("foo", "In", "bar")]));
        Assert.Null(plugin.PreFilter(state, orTerms).Result);
        Assert.True(Run(orTerms, "node2", ("foo", "bar")).IsSuccess);

        // one term: matchFields does not match, but matchExpressions matches
        Fails(Run(Required(Term([R("foo", "In", "bar")], [R("metadata.name", "In", "node1")])), "node2", ("foo", "bar")));

        // two terms of node.Name affinity: union
        var union = plugin.PreFilter(state, Required(Term(fields: [R("metadata.name", "In", "node1")]), Term(fields: [R("metadata.name", "In", "node2")])));
        Assert.Equal(["node1", "node2"], union.Result!.NodeNames!);

        // two conflicting match field requirements
        var conflict = plugin.PreFilter(state, Required(Term(fields: [R("metadata.name", "In", "node1"), R("metadata.name", "In", "node2")])));
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, conflict.Status.Code);
        Assert.Equal(["pod affinity terms conflict"], conflict.Status.Reasons);
    }

    private static Pod Preferred(params PreferredSchedulingTerm[] terms)
    {
        var pod = Pod();
        pod.Spec.Affinity = new Affinity(new ClusterSim.Sim.Api.NodeAffinity(null, terms));
        return pod;
    }

    [Fact]
    public void Priority()
    {
        var affinity1 = Preferred(new PreferredSchedulingTerm(2, Term([R("foo", "In", "bar")])));
        var affinity2 = Preferred(
            new PreferredSchedulingTerm(2, Term([R("foo", "In", "bar")])),
            new PreferredSchedulingTerm(4, Term([R("key", "In", "value")])),
            new PreferredSchedulingTerm(5, Term([R("foo", "In", "bar"), R("key", "In", "value"), R("az", "In", "az1")])));
        var label1 = ("foo", "bar");
        var label2 = ("key", "value");
        var label3 = ("az", "az1");

        // all nodes are same priority as NodeAffinity is nil
        Assert.Equal([0, 0, 0], Scores(new NodeAffinityPlugin(), Pod(), Cache([Node("node1").WithLabels(label1), Node("node2").WithLabels(label2), Node("node3").WithLabels(label3)])));

        // no node matches preferred scheduling requirements so all nodes' priority is zero
        Assert.Equal([0, 0, 0], Scores(new NodeAffinityPlugin(), affinity1, Cache([Node("node1").WithLabels(("abc", "az11"), ("def", "az22")), Node("node2").WithLabels(label2), Node("node3").WithLabels(label3)])));

        // only node1 matches the preferred scheduling requirements of pod
        Assert.Equal([100, 0, 0], Scores(new NodeAffinityPlugin(), affinity1, Cache([Node("node1").WithLabels(label1), Node("node2").WithLabels(label2), Node("node3").WithLabels(label3)])));

        // all nodes matches the preferred scheduling requirements of pod but with different priorities
        Assert.Equal([18, 100, 36], Scores(new NodeAffinityPlugin(), affinity2, Cache([Node("node1").WithLabels(label1), Node("node5").WithLabels(label1, label2, label3), Node("node2").WithLabels(label2)])));
    }

    [Fact]
    public void PreScoreRejectsBrokenPreferredAffinity()
    {
        var pod = Preferred(new PreferredSchedulingTerm(2, Term([R("invalid key", "In", "bar")])));
        var status = new NodeAffinityPlugin().PreScore(new CycleState(new SchedulerCache()), pod, []);
        Assert.Equal(StatusCode.Error, status.Code);
        Assert.StartsWith("[0].matchExpressions[0].key: Invalid value: \"invalid key\": name part must consist of alphanumeric characters", status.Message, StringComparison.Ordinal);
    }
}
