using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// DefaultPreemption against cases ported from pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go
/// (TestPickOneNodeForPreemption, TestSelectNodesForPreemption's basic cases, TestPodEligibleToPreemptOthers) and
/// preemption.go's end-to-end behaviour (victims, events, nomination, message).
/// </summary>
public class DefaultPreemptionTests
{
    private const int Neg = -100, Low = 0, Mid = 100, High = 1000, VeryHigh = 10000;
    private const long Small = 100, Medium = 200, Large = 300, VeryLarge = 500;

    /// <summary>TestPickOneNodeForPreemption's cases on nodes of 500m (schedutil.DefaultMilliCPURequest × 5).</summary>
    public static TheoryData<string, (string Node, long Cpu, int Priority, long Start)[], long, int, string[]> PickOneNodeCases() => new()
    {
        {
            "a pod that fits on both nodes when lower priority pods are preempted",
            [("node1", Large, Mid, 0), ("node2", Large, Mid, 0)], Large, High, ["node1", "node2"]
        },
        {
            "node with min highest priority pod is picked",
            [("node1", Medium, Mid, 0), ("node1", Large, Mid, 0), ("node2", Medium, Mid, 0), ("node2", Medium, Low, 0), ("node3", Medium, Low, 0), ("node3", Medium, Low, 0)],
            VeryLarge, High, ["node3"]
        },
        {
            "when highest priorities are the same, minimum sum of priorities is picked",
            [("node1", Medium, Mid, 0), ("node1", Large, Mid, 0), ("node2", Large, Mid, 0), ("node2", Medium, Low, 0), ("node3", Medium, Mid, 0), ("node3", Medium, Mid, 0)],
            VeryLarge, High, ["node2"]
        },
        {
            "when highest priority and sum are the same, minimum number of pods is picked",
            [
                ("node1", Small, Mid, 0), ("node1", Small, Neg, 0), ("node1", Small, Mid, 0), ("node1", Small, Neg, 0),
                ("node2", Large, Mid, 0), ("node2", Medium, Neg, 0),
                ("node3", Medium, Mid, 0), ("node3", Small, Neg, 0), ("node3", Small, Low, 0),
            ],
            VeryLarge, High, ["node2"]
        },
        {
            "sum of adjusted priorities is considered",
            [
                ("node1", Small, Mid, 0), ("node1", Small, Neg, 0), ("node1", Small, Neg, 0),
                ("node2", Large, Mid, 0), ("node2", Medium, Neg, 0),
                ("node3", Medium, Mid, 0), ("node3", Small, Neg, 0), ("node3", Small, Low, 0),
            ],
            VeryLarge, High, ["node2"]
        },
        {
            "non-overlapping lowest high priority, sum priorities, and number of pods",
            [
                ("node1", Small, Mid, 0), ("node1", Small, Low, 0), ("node1", Small, Low, 0),
                ("node2", Large, High, 0),
                ("node3", Medium, Mid, 0), ("node3", Small, Low, 0), ("node3", Small, Low, 0), ("node3", Medium, Low, 0),
                ("node4", Medium, Mid, 0), ("node4", Small, Mid, 0), ("node4", Small, Mid, 0), ("node4", Small, Neg, 0),
            ],
            VeryLarge, VeryHigh, ["node1"]
        },
        {
            "same priority, same number of victims, different start time for each node's pod",
            [("node1", Medium, Mid, 3), ("node1", Medium, Mid, 3), ("node2", Medium, Mid, 4), ("node2", Medium, Mid, 4), ("node3", Medium, Mid, 2), ("node3", Medium, Mid, 2)],
            VeryLarge, High, ["node2"]
        },
        {
            "same priority, same number of victims, different start time for all pods",
            [("node1", Medium, Mid, 5), ("node1", Medium, Mid, 3), ("node2", Medium, Mid, 6), ("node2", Medium, Mid, 2), ("node3", Medium, Mid, 4), ("node3", Medium, Mid, 7)],
            VeryLarge, High, ["node3"]
        },
        {
            "different priority, same number of victims, different start time for all pods",
            [("node1", Medium, Low, 5), ("node1", Medium, Mid, 3), ("node2", Medium, Mid, 7), ("node2", Medium, Low, 2), ("node3", Medium, Low, 4), ("node3", Medium, Mid, 6)],
            VeryLarge, High, ["node2"]
        },
    };

    [Theory]
    [MemberData(nameof(PickOneNodeCases))]
    public void PickOneNodeForPreemption(string name, (string Node, long Cpu, int Priority, long Start)[] pods, long preemptorCpu, int preemptorPriority, string[] expected)
    {
        using var w = new PreemptionWorld();
        foreach (var node in pods.Select(p => p.Node).Distinct().Order(StringComparer.Ordinal))
        {
            w.AddNode(node, 500);
        }

        int i = 0;
        foreach (var (node, cpu, priority, start) in pods)
        {
            w.AddPod($"{node}-{i++}", cpu, priority, node, start);
        }

        var pick = w.Pick(w.Preemptor("preemptor", preemptorCpu, preemptorPriority));
        Assert.True(pick is not null && expected.Contains(pick.Name), $"{name}: picked {pick?.Name ?? "nothing"}");
    }

    /// <summary>TestPreempt "basic preemption logic": both low-priority pods of node1 go; node2's pod has the same priority, node3's a higher one.</summary>
    [Fact]
    public void BasicPreemptionLogic()
    {
        using var w = new PreemptionWorld();
        w.AddNode("node1", 500);
        w.AddNode("node2", 500);
        w.AddNode("node3", 500);
        var m11 = w.AddPod("m1.1", Small, Low, "node1");
        var m12 = w.AddPod("m1.2", Small, Low, "node1");
        w.AddPod("m2.1", Large, High, "node2");
        w.AddPod("m3.1", Medium, Mid, "node3");
        var pick = w.Pick(w.Preemptor("pod1", VeryLarge, High));
        Assert.NotNull(pick);
        Assert.Equal("node1", pick.Name);
        Assert.Equal(["m1.1", "m1.2"], pick.Victims.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, pick.NumPdbViolations);
        Assert.Contains(m11, pick.Victims);
        Assert.Contains(m12, pick.Victims);
    }

    /// <summary>TestSelectNodesForPreemption "a pod that fits with no preemption... lower priority pods are reprieved": only as many victims as needed, most important kept.</summary>
    [Fact]
    public void VictimsAreMinimalAndTheMostImportantAreReprieved()
    {
        using var w = new PreemptionWorld();
        w.AddNode("node1", 500);
        w.AddPod("a", Small, Low, "node1", startSeconds: 1);
        w.AddPod("b", Small, Mid, "node1", startSeconds: 2);
        w.AddPod("c", Large, Low, "node1", startSeconds: 3);
        var pick = w.Pick(w.Preemptor("p", Large, High));
        Assert.NotNull(pick);

        // 300m needed of 500m: the mid pod is reprieved first, then the earlier-started low pod; the large one goes.
        Assert.Equal(["c"], pick.Victims.Select(p => p.Metadata.Name));
    }

    /// <summary>TestSelectNodesForPreemption "a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen".</summary>
    [Fact]
    public void NoCandidateWhenOnlyEqualOrHigherPriorityPodsRun()
    {
        using var w = new PreemptionWorld();
        w.AddNode("node1", 500);
        w.AddNode("node2", 500);
        w.AddPod("m1", Large, High, "node1");
        w.AddPod("m2", Large, High, "node2");
        w.AddPod("low-elsewhere", Small, Low, "node2");
        var preemptor = w.Preemptor("p", VeryLarge, High);
        var (state, diagnosis) = w.Failed(preemptor);
        var (candidates, reasons) = w.Preemption.FindCandidates(w.Handle, state, preemptor, diagnosis);
        Assert.Empty(candidates);

        // node1 has no victims; on node2 the low pod's 100m is not enough: the filter's reason is counted.
        Assert.Equal(new Dictionary<string, int> { [DefaultPreemption.NoVictimsReason] = 1, ["Insufficient cpu"] = 1 }, reasons);
    }

    /// <summary>TestSelectNodesForPreemption "pod with PDB violation": a budget with no disruption left makes its pod a violating victim, reprieved first.</summary>
    [Fact]
    public void BudgetViolatingVictimsAreReprievedFirstAndCounted()
    {
        using var w = new PreemptionWorld();
        w.AddNode("node1", 600);
        w.AddPod("guarded", Large, Low, "node1", 1, ("app", "db"));
        w.AddPod("free", Large, Low, "node1", 2, ("app", "batch"));
        var pdb = new PodDisruptionBudget { Metadata = { Name = "db", Namespace = "default" } };
        pdb.Spec.Selector = new LabelSelector { MatchLabels = { ["app"] = "db" } };
        pdb.Spec.MinAvailable = IntOrString.FromInt(1);
        w.Api.Create(pdb);
        pdb.Status.DisruptionsAllowed = 0;
        var pick = w.Pick(w.Preemptor("p", Large, High));
        Assert.NotNull(pick);
        Assert.Equal(["free"], pick.Victims.Select(p => p.Metadata.Name));
        Assert.Equal(0, pick.NumPdbViolations);

        // When both must go, the guarded one counts as a violation.
        var both = w.Pick(w.Preemptor("q", 600, High));
        Assert.NotNull(both);
        Assert.Equal(1, both.NumPdbViolations);
        Assert.Equal(2, both.Victims.Count);
    }

    /// <summary>filterPodsWithPDBViolation: disruptedPods are not counted again; an empty selector matches nothing here.</summary>
    [Fact]
    public void FilterPodsWithPdbViolation()
    {
        var a = new Pod { Metadata = { Name = "a", Namespace = "ns", Labels = { ["app"] = "x" } } };
        var b = new Pod { Metadata = { Name = "b", Namespace = "ns", Labels = { ["app"] = "x" } } };
        var c = new Pod { Metadata = { Name = "c", Namespace = "other", Labels = { ["app"] = "x" } } };
        var pdb = new PodDisruptionBudget { Metadata = { Name = "x", Namespace = "ns" }, Spec = { Selector = new LabelSelector { MatchLabels = { ["app"] = "x" } } } };
        pdb.Status.DisruptionsAllowed = 1;
        var (violating, nonViolating) = DefaultPreemption.FilterPodsWithPdbViolation([a, b, c], [pdb]);
        Assert.Equal([b], violating);
        Assert.Equal([a, c], nonViolating);

        pdb.Status.DisruptedPods["a"] = TimeSpan.Zero;
        (violating, _) = DefaultPreemption.FilterPodsWithPdbViolation([a, b], [pdb]);
        Assert.Empty(violating);

        var everything = new PodDisruptionBudget { Metadata = { Name = "all", Namespace = "ns" }, Spec = { Selector = new LabelSelector() } };
        (violating, _) = DefaultPreemption.FilterPodsWithPdbViolation([a, b], [everything]);
        Assert.Empty(violating);
    }

    /// <summary>TestPodEligibleToPreemptOthers.</summary>
    [Fact]
    public void PodEligibleToPreemptOthers()
    {
        using var w = new PreemptionWorld();
        w.AddNode("node1", 500);
        var victim = w.AddPod("victim", Large, Low, "node1");
        var unresolvable = Status.UnschedulableAndUnresolvable("node(s) didn't match Pod's node affinity/selector");
        var unschedulable = Status.Unschedulable("Insufficient cpu");

        // "Pod with preemptionPolicy Never"
        var never = w.Preemptor("never", Large, High, PriorityClasses.PreemptNever);
        Assert.Equal("not eligible due to preemptionPolicy=Never.", DefaultPreemption.PodEligibleToPreemptOthers(w.Handle, never, unschedulable));

        // "Pod without nominated node"
        var p = w.Preemptor("p", Large, High);
        Assert.Null(DefaultPreemption.PodEligibleToPreemptOthers(w.Handle, p, unschedulable));

        // "Pod with nominated node, but without any pod terminating by preemption on it"
        p.Status.NominatedNodeName = "node1";
        Assert.Null(DefaultPreemption.PodEligibleToPreemptOthers(w.Handle, p, unschedulable));

        // "victim Pods are terminating, but not by preemption": a plain delete is not preemption.
        victim.Metadata.DeletionTimestamp = TimeSpan.FromSeconds(1);
        Assert.Null(DefaultPreemption.PodEligibleToPreemptOthers(w.Handle, p, unschedulable));

        // "Pod with nominated node and a lower priority pod terminating by preemption there"
        victim.Status.Conditions.Add(new PodCondition { Type = "DisruptionTarget", Status = "True", Reason = DefaultPreemption.PreemptionByScheduler });
        Assert.Equal("not eligible due to a terminating pod on the nominated node.", DefaultPreemption.PodEligibleToPreemptOthers(w.Handle, p, unschedulable));

        // "Pod with nominated node, but the nominated node is UnschedulableAndUnresolvable"
        Assert.Null(DefaultPreemption.PodEligibleToPreemptOthers(w.Handle, p, unresolvable));

        // A terminating victim of equal priority does not block.
        var equal = w.Preemptor("equal", Large, Low);
        equal.Status.NominatedNodeName = "node1";
        Assert.Null(DefaultPreemption.PodEligibleToPreemptOthers(w.Handle, equal, unschedulable));
    }

    /// <summary>calculateNumCandidates (TestDryRunPreemption's numCandidates): 10% of the nodes, at least 100, at most all.</summary>
    [Theory]
    [InlineData(10, 10)]
    [InlineData(100, 100)]
    [InlineData(1000, 100)]
    [InlineData(5000, 500)]
    public void NumCandidates(int nodes, int expected) => Assert.Equal(expected, new DefaultPreemption().CalculateNumCandidates(nodes));

    /// <summary>The cycle end to end: victims get DisruptionTarget and a Preempted event, the preemptor is nominated and binds there once they are gone.</summary>
    [Fact]
    public void PreemptsNominatesAndBindsOnTheNominatedNode()
    {
        using var w = new PreemptionWorld();
        w.AddNode("node1", 500);
        w.AddNode("node2", 500);
        var v1 = w.AddPod("v1", 400, Low, "node1");
        var v2 = w.AddPod("v2", 450, Mid, "node2");
        var high = w.AddPod("high", 400, High);
        w.Kernel.RunUntil(TimeSpan.FromSeconds(1));

        // node1's victim has the lower priority.
        Assert.Equal("node1", high.Status.NominatedNodeName);
        Assert.NotNull(v1.Metadata.DeletionTimestamp);
        Assert.Null(v2.Metadata.DeletionTimestamp);
        var condition = v1.Status.GetCondition("DisruptionTarget");
        Assert.Equal(("True", "PreemptionByScheduler", "default-scheduler: preempting to accommodate a higher priority pod"), (condition!.Status, condition.Reason, condition.Message));
        var preempted = Assert.Single(w.Events.For(v1.Metadata.Uid), e => e.Reason == "Preempted");
        Assert.Equal($"Preempted by pod {high.Metadata.Uid} on node node1", preempted.Message);
        var failed = Assert.Single(w.Events.For(high.Metadata.Uid));
        Assert.Equal("0/2 nodes are available: 2 Insufficient cpu.", failed.Message);

        // A pod of lower priority may not take the room kept for the nominated pod, and finds nothing to preempt.
        var low = w.AddPod("low", 100, Low);
        w.Kernel.RunUntil(TimeSpan.FromSeconds(3));
        Assert.Equal("", low.Spec.NodeName);
        Assert.Equal("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..", w.Events.For(low.Metadata.Uid)[^1].Message);

        // The victim's kubelet confirms: the preemptor binds to its nominated node.
        w.Api.Remove(v1);
        w.Kernel.RunUntil(TimeSpan.FromSeconds(20));
        Assert.Equal("node1", high.Spec.NodeName);
        Assert.Equal(0, w.Scheduler.Nominator.Count);
    }

    /// <summary>PostFilter's message when the pod may not preempt, and when the filters leave nothing preemption could fix.</summary>
    [Fact]
    public void PostFilterMessages()
    {
        using var w = new PreemptionWorld();
        w.AddNode("node1", 500);
        w.AddPod("v", 400, Low, "node1");
        var never = w.Preemptor("never", 400, High, PriorityClasses.PreemptNever);
        var (state, diagnosis) = w.Failed(never);
        var (result, status) = w.Preemption.PostFilter(w.Handle, state, never, diagnosis);
        Assert.Null(result);
        Assert.Equal((StatusCode.Unschedulable, "preemption: not eligible due to preemptionPolicy=Never."), (status.Code, status.Message));

        var p = w.Preemptor("p", 400, High);
        (state, _) = w.Failed(p);
        var unresolvable = new Diagnosis();
        unresolvable.SetNodeStatus("node1", Status.UnschedulableAndUnresolvable("node(s) didn't match Pod's node affinity/selector"));
        (result, status) = w.Preemption.PostFilter(w.Handle, state, p, unresolvable);
        Assert.Equal("", result!.NominatedNodeName);
        Assert.Equal("preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", status.Message);
    }
}
