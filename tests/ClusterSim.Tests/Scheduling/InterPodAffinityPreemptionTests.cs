using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using static ClusterSim.Tests.Scheduling.AffinityTestUtil;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// InterPodAffinity's PreFilter extensions (filtering.go AddPod / RemovePod / preFilterState.Clone): filtering_test.go
/// TestPreFilterStateAddRemovePod and TestPreFilterStateClone, default_preemption_test.go's "pod with anti-affinity is
/// preempted", and preemption and nominated pods end to end with (anti-)affinity.
/// </summary>
public sealed class InterPodAffinityPreemptionTests
{
    private const string Hostname = "kubernetes.io/hostname";
    private const int Low = 0, Mid = 100, High = 1000;

    private static readonly (string, string)[] Label1 = [("region", "r1"), ("zone", "z11")];
    private static readonly (string, string)[] Label2 = [("region", "r1"), ("zone", "z12")];
    private static readonly (string, string)[] Label3 = [("region", "r2"), ("zone", "z21")];

    private static Pod AntiAffinityFooBar(Pod pod) => pod.AntiAffinity(Term("region", In("foo", "bar")));

    private static Pod AntiAffinityComplex(Pod pod) => pod.AntiAffinity(Term("region", In("foo", "bar", "buzz")), Term("zone", NotIn("service", "bar", "security", "test")));

    private static Pod AffinityComplex(Pod pod) => pod.Affinity(Term("region", In("foo", "bar", "buzz")), Term("zone", NotIn("service", "bar", "security", "test")));

    /// <summary>A TestPreFilterStateAddRemovePod case: the pending pod, the existing pods, the added pod, and the expected anti-affinity and affinity counts after AddPod.</summary>
    private sealed record AddRemoveCase(Func<Pod> Pending, Func<Pod[]> Existing, Func<Pod> Added, (string, string, long)[] WantAntiAffinity, (string, string, long)[] WantAffinity);

    private static readonly AddRemoveCase[] AddRemoveCases =
    [
        // "preFilterState anti-affinity terms are updated correctly after adding and removing a pod"
        new(
            () => AntiAffinityFooBar(Pod("pending").WithLabels(("foo", "bar"))),
            () => [Pod("p1", "nodeA").WithLabels(("foo", "bar")), AntiAffinityFooBar(Pod("p2", "nodeC"))],
            () => AntiAffinityFooBar(Pod("addedPod", "nodeB").WithLabels(("foo", "bar"))),
            [("region", "r1", 2)],
            []),

        // "preFilterState anti-affinity terms are updated correctly after adding and removing a pod" (complex terms)
        new(
            () => AntiAffinityComplex(Pod("pending").WithLabels(("foo", "bar"))),
            () => [Pod("p1", "nodeA").WithLabels(("foo", "bar")), AntiAffinityFooBar(Pod("p2", "nodeC"))],
            () => AntiAffinityComplex(Pod("addedPod", "nodeA").WithLabels(("foo", "bar"))),
            [("region", "r1", 2), ("zone", "z11", 2), ("zone", "z21", 1)],
            []),

        // "preFilterState matching pod affinity and anti-affinity are updated correctly after adding and removing a pod"
        new(
            () => AffinityComplex(Pod("pending").WithLabels(("foo", "bar"))),
            () => [Pod("p1", "nodeA").WithLabels(("foo", "bar")), AffinityComplex(AntiAffinityFooBar(Pod("p2", "nodeC")))],
            () => AntiAffinityComplex(Pod("addedPod", "nodeA").WithLabels(("foo", "bar"))),
            [],
            [("region", "r1", 2), ("zone", "z11", 2)]),
    ];

    public static TheoryData<int> AddRemoveCaseIndexes => [.. Enumerable.Range(0, AddRemoveCases.Length)];

    /// <summary>
    /// filtering_test.go TestPreFilterStateAddRemovePod: AddPod brings the counts to those PreFilter computes with the
    /// pod in the cluster, RemovePod back to the original ones; the clone taken before is unchanged by both.
    /// </summary>
    [Theory]
    [MemberData(nameof(AddRemoveCaseIndexes))]
    public void PreFilterStateAddRemovePod(int index)
    {
        var c = AddRemoveCases[index];
        Node[] nodes = [LabeledNode("nodeA", Label1), LabeledNode("nodeB", Label2), LabeledNode("nodeC", Label3)];
        var pending = c.Pending();
        var added = c.Added();
        var plugin = new InterPodAffinity();

        (CycleState State, SchedulerCache Cache) GetState(Pod[] pods)
        {
            var cache = Cache(nodes, pods);
            var state = new CycleState(cache);
            var (_, status) = plugin.PreFilter(state, pending);
            Assert.True(status.IsSuccess, status.ToString());
            return (state, cache);
        }

        // allPodsState is the state produced when all pods, including the added pod, are given to PreFilter.
        var (allPodsState, _) = GetState([.. c.Existing(), added]);
        var (state, cache) = GetState(c.Existing());
        var originalState = state.Clone();
        var nodeInfo = cache.GetNode(added.Spec.NodeName)!;

        Assert.True(plugin.AddPod(state, pending, added, nodeInfo).IsSuccess);
        var counts = InterPodAffinity.PreFilterCounts(state)!.Value;
        Assert.Equal(c.WantAntiAffinity, counts.AntiAffinity.Pairs());
        Assert.Equal(c.WantAffinity, counts.Affinity.Pairs());
        Assert.Equal(Counts(allPodsState), Counts(state));

        Assert.True(plugin.RemovePod(state, pending, added, nodeInfo).IsSuccess);
        Assert.Equal(Counts(originalState), Counts(state));
        Assert.Equal(Counts(GetState(c.Existing()).State), Counts(originalState));
    }

    /// <summary>filtering_test.go TestPreFilterStateClone: the copy has the same counts, and changing it leaves the source alone.</summary>
    [Fact]
    public void PreFilterStateClone()
    {
        var pending = Pod("pending").WithLabels(("foo", "bar")).AntiAffinity(Term("region", Exists("foo")));
        var existing = Pod("e", "nodeA").WithLabels(("foo", "bar")).AntiAffinity(Term("zone", Exists("foo")));
        var cache = Cache([LabeledNode("nodeA", Label1), LabeledNode("nodeB", Label2)], [existing]);
        var plugin = new InterPodAffinity();
        var source = new CycleState(cache);
        Assert.True(plugin.PreFilter(source, pending).Status.IsSuccess);
        var before = Counts(source);

        var clone = source.Clone();
        Assert.Equal(before, Counts(clone));
        Assert.NotSame(InterPodAffinity.PreFilterCounts(source)!.Value.AntiAffinity, InterPodAffinity.PreFilterCounts(clone)!.Value.AntiAffinity);

        Assert.True(plugin.RemovePod(clone, pending, existing, cache.GetNode("nodeA")!).IsSuccess);
        Assert.Equal((string.Empty, string.Empty, string.Empty), Counts(clone));
        Assert.Equal(before, Counts(source));
        Assert.Equal(("zone=z11:1", "", "region=r1:1"), before);
    }

    /// <summary>filtering.go getPreFilterState: AddPod / RemovePod without PreFilter state are errors.</summary>
    [Fact]
    public void AddRemovePodWithoutPreFilterStateIsAnError()
    {
        var state = new CycleState(new SchedulerCache());
        var nodeInfo = NodeInfo.Create(new Node());
        foreach (var status in new[] { new InterPodAffinity().AddPod(state, new Pod(), new Pod(), nodeInfo), new InterPodAffinity().RemovePod(state, new Pod(), new Pod(), nodeInfo) })
        {
            Assert.Equal(StatusCode.Error, status.Code);
            Assert.Equal("error reading \"PreFilterInterPodAffinity\" from cycleState: not found", status.Message);
        }
    }

    /// <summary>
    /// default_preemption_test.go TestDryRunPreemption "pod with anti-affinity is preempted": the low-priority pod whose
    /// required anti-affinity rejects the preemptor is its only victim (the mid one is reprieved); node2's pod has the
    /// preemptor's priority. Without RemovePod the victim's term would still count and node1 would never pass.
    /// </summary>
    [Fact]
    public void PodWithAntiAffinityIsPreempted()
    {
        using var w = new PreemptionWorld([new NodeResourcesFit(), new InterPodAffinity()]);
        w.AddNode("node1", 500);
        w.AddNode("node2", 500);
        w.AddPod(p => p.AntiAffinity(Term(Hostname, Exists("foo"))), "p1.1", 100, Low, "node1", 0, ("foo", ""));
        w.AddPod("p1.2", 100, Mid, "node1");
        w.AddPod("p1.3", 100, High, "node1");
        w.AddPod("p2", 100, High, "node2");
        var preemptor = w.AddPod(p => p, "p", 100, High, "", 0, ("foo", ""));

        var (state, diagnosis) = w.Failed(preemptor);
        var (candidates, _) = w.Preemption.FindCandidates(w.Handle, state, preemptor, diagnosis);
        var candidate = Assert.Single(candidates);
        Assert.Equal("node1", candidate.Name);
        Assert.Equal(["p1.1"], candidate.Victims.Select(p => p.Metadata.Name));
        Assert.Equal(0, candidate.NumPdbViolations);

        // The dry run ran on a copy of the cycle state: the cycle's own counts still see p1.1.
        Assert.Equal([("kubernetes.io/hostname", "node1", 1L)], InterPodAffinity.PreFilterCounts(state)!.Value.ExistingAntiAffinity.Pairs());
    }

    /// <summary>
    /// A high-priority pod whose required anti-affinity matches a low-priority pod's label preempts that pod (RemovePod
    /// takes it out of the anti-affinity counts of the dry run), is nominated, and binds once the victim is gone; the
    /// same label on a pod of its own priority elsewhere is no victim.
    /// </summary>
    [Fact]
    public void PreemptorAntiAffinityPreemptsTheMatchingLowerPriorityPod()
    {
        using var w = new PreemptionWorld([new NodeResourcesFit(), new InterPodAffinity()]);
        w.AddNode("node1", 500);
        w.AddNode("node2", 500);
        var low = w.AddPod("web-low", 10, Low, "node1", 0, ("app", "web"));
        var high = w.AddPod("web-high", 10, High, "node2", 0, ("app", "web"));
        var preemptor = w.AddPod(p => p.AntiAffinity(Term(Hostname, In("app", "web"))), "h", 10, High);

        var pick = w.Pick(preemptor);
        Assert.NotNull(pick);
        Assert.Equal("node1", pick.Name);
        Assert.Equal(["web-low"], pick.Victims.Select(p => p.Metadata.Name));

        w.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal("node1", preemptor.Status.NominatedNodeName);
        Assert.NotNull(low.Metadata.DeletionTimestamp);
        Assert.Null(high.Metadata.DeletionTimestamp);
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.", Assert.Single(w.Events.For(preemptor.Metadata.Uid)).Message);

        w.Api.Remove(low);
        w.Kernel.RunUntil(TimeSpan.FromSeconds(20));
        Assert.Equal("node1", preemptor.Spec.NodeName);
    }

    /// <summary>
    /// A nominated pod with required anti-affinity keeps a lower-priority pod it matches off its nominated node: the
    /// nominated-pods filter pass adds it to the cycle state's copy (AddPod) and the existing-pods anti-affinity check
    /// rejects the node. As in Kubernetes, only when the pod's InterPodAffinity PreFilter did not Skip: a pod without
    /// (anti-)affinity terms in a cluster with no bound pod whose required anti-affinity matches it never reaches AddPod.
    /// </summary>
    [Fact]
    public void NominatedPodAntiAffinityKeepsMatchingLowerPriorityPodOffItsNode()
    {
        using var w = new PreemptionWorld([new NodeResourcesFit(), new InterPodAffinity()]);
        w.AddNode("node1", 500);
        w.AddNode("node2", 500);
        var victim = w.AddPod("batch", 10, Low, "node1", 0, ("app", "batch"));
        w.AddPod("big", 450, High, "node2", 0, ("app", "batch"));
        var nominated = w.AddPod(p => p.AntiAffinity(Term(Hostname, In("app", "batch", "web"))), "h", 10, High);
        w.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal("node1", nominated.Status.NominatedNodeName);
        Assert.NotNull(victim.Metadata.DeletionTimestamp);
        Assert.Equal("", nominated.Spec.NodeName);

        // The web pod fits node1 alone (node2 lacks the cpu), but the nominated pod's anti-affinity rejects it there.
        var web = w.AddPod(p => p.AntiAffinity(Term(Hostname, In("app", "nothing"))), "web", 100, Low, "", 0, ("app", "web"));
        w.Kernel.RunUntil(TimeSpan.FromSeconds(3));
        Assert.Equal("", web.Spec.NodeName);
        Assert.StartsWith(
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't satisfy existing pods anti-affinity rules.",
            w.Events.For(web.Metadata.Uid)[^1].Message);

        // The same pod without a term of its own: InterPodAffinity's PreFilter skips, so the nominated pod is not seen.
        var plain = w.AddPod("plain", 100, Low, "", 0, ("app", "web"));
        w.Kernel.RunUntil(TimeSpan.FromSeconds(5));
        Assert.Equal("node1", plain.Spec.NodeName);
    }

    /// <summary>
    /// A nominated pod with required affinity to a label counts for a lower-priority pod with required affinity to the
    /// nominated pod's label (AddPod raises affinityCounts), and its removal in a dry run takes the count away again.
    /// </summary>
    [Fact]
    public void AddPodAndRemovePodUpdateTheIncomingPodsAffinityCounts()
    {
        var cache = Cache([LabeledNode("nodeA", Label1), LabeledNode("nodeB", Label3)], []);
        var framework = new SchedulingFramework([new InterPodAffinity()]);
        var pod = Pod("pod").Affinity(Term("region", In("app", "db")));
        var db = Pod("db", "nodeA").WithLabels(("app", "db"));
        var state = new CycleState(cache);
        Assert.True(framework.RunPreFilterPlugins(state, pod).Status.IsSuccess);

        // No pod matches and the pod does not match its own terms: no node passes.
        Assert.False(framework.RunFilterPlugins(state, pod, cache.GetNode("nodeA")!).IsSuccess);

        var copy = state.Clone();
        var nodeInfo = cache.GetNode("nodeA")!.Snapshot();
        nodeInfo.AddPod(db);
        Assert.True(framework.RunPreFilterExtensionAddPod(copy, pod, db, nodeInfo).IsSuccess);
        Assert.Equal([("region", "r1", 1L)], InterPodAffinity.PreFilterCounts(copy)!.Value.Affinity.Pairs());
        Assert.True(framework.RunFilterPlugins(copy, pod, cache.GetNode("nodeA")!).IsSuccess);
        Assert.False(framework.RunFilterPlugins(copy, pod, cache.GetNode("nodeB")!).IsSuccess);
        Assert.Empty(InterPodAffinity.PreFilterCounts(state)!.Value.Affinity.Pairs());

        nodeInfo.RemovePod(db);
        Assert.True(framework.RunPreFilterExtensionRemovePod(copy, pod, db, nodeInfo).IsSuccess);
        Assert.Empty(InterPodAffinity.PreFilterCounts(copy)!.Value.Affinity.Pairs());
    }

    /// <summary>The three counts of a cycle state, each as "key=value:count" pairs joined by commas (existing anti-affinity, affinity, anti-affinity).</summary>
    private static (string Existing, string Affinity, string AntiAffinity) Counts(CycleState state)
    {
        var c = InterPodAffinity.PreFilterCounts(state)!.Value;
        static string Join(TopologyCounts counts) => string.Join(",", counts.Pairs().Select(p => $"{p.Key}={p.Value}:{p.Count}"));
        return (Join(c.ExistingAntiAffinity), Join(c.Affinity), Join(c.AntiAffinity));
    }
}
