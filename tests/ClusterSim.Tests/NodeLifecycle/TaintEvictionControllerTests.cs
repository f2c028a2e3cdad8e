using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.TaintEviction;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>
/// Ported from pkg/controller/tainteviction/taint_eviction_test.go. Go polls a fake clientset for up to
/// five seconds; here the kernel runs for five virtual seconds. "Patch" is the DisruptionTarget condition
/// the controller sets before deleting, "delete" the graceful deletion (the pod has a node, so it gets a
/// deletionTimestamp and stays).
/// </summary>
public class TaintEvictionControllerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static ControllerHarness NewHarness() => new(nodeLifecycle: false, taintEviction: true);

    private static Taint NoExecuteTaint(int index, TimeSpan now) =>
        new("testTaint" + index, "test" + index, "NoExecute", now);

    /// <summary>addToleration: a toleration of testTaint&lt;index&gt;; a negative duration tolerates forever.</summary>
    private static Toleration Tolerate(int index, long duration) =>
        new("testTaint" + index, "", "test" + index, "NoExecute", duration < 0 ? null : duration);

    private static Pod NewPod(ControllerHarness h, string name, string host, params Toleration[] tolerations)
    {
        var pod = ControllerHarness.NewPod(name, host);
        pod.Spec.Tolerations.AddRange(tolerations);
        return h.Api.Create(pod);
    }

    private static Node NewNode(ControllerHarness h, string name, params Taint[] taints)
    {
        var node = new Node { Metadata = { Name = name } };
        node.Spec.Taints.AddRange(taints);
        return h.Api.Create(node);
    }

    private static void SetTaints(ControllerHarness h, Node node, params Taint[] taints)
    {
        node.Spec.Taints = taints.ToList();
        h.Api.Update(node, specChanged: true);
    }

    private static void RunFor(ControllerHarness h, TimeSpan span) => h.At(h.Kernel.Now + span);

    private static void VerifyPodActions(ControllerHarness h, string podName, bool expectPatch, bool expectDelete)
    {
        var pod = h.Pod(podName);
        bool patched = pod?.Status.GetCondition("DisruptionTarget") is { Status: "True", Reason: "DeletionByTaintManager" };
        bool deleted = pod is null || pod.Metadata.DeletionTimestamp is not null;
        Assert.Equal(expectPatch, patched);
        Assert.Equal(expectDelete, deleted);
    }

    [Fact]
    public void TestFilterNoExecuteTaints()
    {
        var taints = NoExecuteTaints.GetNoExecuteTaints([new Taint("one", "one", "NoExecute"), new Taint("two", "two", "NoSchedule")]);
        Assert.Equal("one", Assert.Single(taints).Key);
    }

    [Theory]
    [InlineData("not scheduled - ignore", "", false, 0, false)]
    [InlineData("scheduled on untainted Node", "node1", false, 0, false)]
    [InlineData("schedule on tainted Node", "node1", true, 0, true)]
    [InlineData("schedule on tainted Node with finite toleration", "node1", true, 100, false)]
    [InlineData("schedule on tainted Node with infinite toleration", "node1", true, -1, false)]
    [InlineData("schedule on tainted Node with infinite invalid toleration", "node1", true, -2, true)]
    public void TestCreatePod(string description, string host, bool nodeTainted, long toleration, bool expectDelete)
    {
        using var h = NewHarness();
        if (nodeTainted)
        {
            h.Tec.SetTaintedNode("node1", [NoExecuteTaint(1, h.Kernel.Now)]);
        }

        // 0 = no toleration, -2 = an infinite toleration of another taint.
        var tolerations = toleration switch
        {
            0 => [],
            -2 => [Tolerate(2, -1)],
            _ => new[] { Tolerate(1, toleration) },
        };
        NewPod(h, "pod1", host, tolerations);
        RunFor(h, Wait);
        VerifyPodActions(h, "pod1", expectDelete, expectDelete);
        Assert.NotNull(description);
    }

    [Fact]
    public void TestDeletePod()
    {
        using var h = NewHarness();
        h.Tec.SetTaintedNode("node1", [NoExecuteTaint(1, h.Kernel.Now)]);
        h.Tec.PodUpdated("default", "pod1", ("node1", []), null);
        RunFor(h, Wait); // nothing to cancel, nothing breaks
        Assert.Equal(0, h.Tec.Evictions.Count);
        Assert.Empty(h.Events.Events);
    }

    [Theory]
    [InlineData("scheduling onto tainted Node", "", 0, "node1", 0, false, true)]
    [InlineData("scheduling onto tainted Node with toleration", "", -1, "node1", -1, false, false)]
    [InlineData("removing toleration", "node1", 100, "node1", 0, true, true)]
    [InlineData("lengthening toleration shouldn't work", "node1", 1, "node1", 100, true, true)]
    public void TestUpdatePod(string description, string prevHost, long prevToleration, string newHost, long newToleration, bool awaitForScheduledEviction, bool expectDelete)
    {
        using var h = NewHarness();
        h.Tec.SetTaintedNode("node1", [NoExecuteTaint(1, h.Kernel.Now)]);
        var pod = NewPod(h, "pod1", prevHost, prevToleration == 0 ? [] : [Tolerate(1, prevToleration)]);
        RunFor(h, TimeSpan.FromMilliseconds(10));
        if (awaitForScheduledEviction)
        {
            Assert.NotNull(h.Tec.Evictions.GetWorkerUnsafe("default/pod1"));
        }

        // The new pod (no admission on update: the tolerations are exactly these).
        pod.Spec.NodeName = newHost;
        pod.Spec.Tolerations = newToleration == 0 ? [] : [Tolerate(1, newToleration)];
        h.Api.Update(pod, specChanged: true);
        RunFor(h, Wait);
        VerifyPodActions(h, "pod1", expectDelete, expectDelete);
        Assert.NotNull(description);
    }

    [Theory]
    [InlineData("Creating Node matching already assigned Pod", false, 0, false)]
    [InlineData("Creating tainted Node matching already assigned Pod", true, 0, true)]
    [InlineData("Creating tainted Node matching already assigned tolerating Pod", true, -1, false)]
    public void TestCreateNode(string description, bool tainted, long toleration, bool expectDelete)
    {
        using var h = NewHarness();
        NewPod(h, "pod1", "node1", toleration == 0 ? [] : [Tolerate(1, toleration)]);
        RunFor(h, TimeSpan.FromMilliseconds(10));
        NewNode(h, "node1", tainted ? [NoExecuteTaint(1, h.Kernel.Now)] : []);
        RunFor(h, Wait);
        VerifyPodActions(h, "pod1", expectDelete, expectDelete);
        Assert.NotNull(description);
    }

    [Fact]
    public void TestDeleteNode()
    {
        using var h = NewHarness();
        h.Tec.SetTaintedNode("node1", [NoExecuteTaint(1, h.Kernel.Now)]);
        h.Tec.NodeUpdated("node1", [], null);
        RunFor(h, TimeSpan.FromMilliseconds(10));
        Assert.Null(h.Tec.TaintsOf("node1"));
    }

    [Theory]
    [InlineData("Added taint, expect node patched and deleted", "", new[] { 1 }, true)]
    [InlineData("Added tolerated taint", "1:100", new[] { 1 }, false)]
    [InlineData("Only one added taint tolerated", "1:100", new[] { 1, 2 }, true)]
    [InlineData("Pod with multiple tolerations are evicted when first one runs out", "1:1,2:100", new[] { 1, 2 }, true)]
    public void TestUpdateNode(string description, string tolerations, int[] newTaints, bool expectDelete)
    {
        using var h = NewHarness();
        var tols = tolerations.Length == 0
            ? []
            : tolerations.Split(',').Select(t => t.Split(':')).Select(p => Tolerate(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        NewPod(h, "pod1", "node1", tols);
        var node = NewNode(h, "node1");
        RunFor(h, TimeSpan.FromMilliseconds(10));
        SetTaints(h, node, newTaints.Select(i => NoExecuteTaint(i, h.Kernel.Now)).ToArray());
        RunFor(h, Wait);
        VerifyPodActions(h, "pod1", expectDelete, expectDelete);
        Assert.NotNull(description);
    }

    [Fact]
    public void TestUpdateNode_TaintRemoved()
    {
        // "Taint removed": the taint is gone before the controller handles the node, so nothing is scheduled.
        using var h = NewHarness();
        NewPod(h, "pod1", "node1", Tolerate(1, 1));
        RunFor(h, TimeSpan.FromMilliseconds(10));
        var node = NewNode(h, "node1", NoExecuteTaint(1, h.Kernel.Now));
        SetTaints(h, node);
        RunFor(h, TimeSpan.FromMilliseconds(1500));
        VerifyPodActions(h, "pod1", false, false);
    }

    [Fact]
    public void RemovingTheTaintCancelsTheEvictionWithAnEvent()
    {
        using var h = NewHarness();
        NewPod(h, "pod1", "node1", Tolerate(1, 10));
        var node = NewNode(h, "node1", NoExecuteTaint(1, h.Kernel.Now));
        RunFor(h, TimeSpan.FromSeconds(5));
        Assert.NotNull(h.Tec.Evictions.GetWorkerUnsafe("default/pod1"));
        SetTaints(h, node);
        RunFor(h, TimeSpan.FromSeconds(20));
        VerifyPodActions(h, "pod1", false, false);
        var e = Assert.Single(h.Events.Events);
        Assert.Equal(("Normal", "TaintManagerEviction", "Cancelling deletion of Pod default/pod1", "taint-eviction-controller"), (e.Type, e.Reason, e.Message, e.Source));
    }

    [Fact]
    public void TestUpdateNodeWithMultipleTaints()
    {
        using var h = NewHarness();
        var taint1 = NoExecuteTaint(1, h.Kernel.Now);
        var taint2 = NoExecuteTaint(2, h.Kernel.Now);
        var pod = ControllerHarness.NewPod("pod1", "node1");
        pod.Spec.Tolerations = [new Toleration(taint1.Key, "Exists", null, "NoExecute", null), new Toleration(taint2.Key, "Exists", null, "NoExecute", 60)];
        h.Api.Create(pod);
        var node = NewNode(h, "node1");
        RunFor(h, TimeSpan.FromMilliseconds(10));

        // no taint
        Assert.Null(h.Tec.Evictions.GetWorkerUnsafe("default/pod1"));

        // no taint -> infinitely tolerated taint
        SetTaints(h, node, taint1);
        RunFor(h, TimeSpan.FromMilliseconds(10));
        Assert.Null(h.Tec.Evictions.GetWorkerUnsafe("default/pod1"));

        // infinitely tolerated taint -> temporarily tolerated taint
        SetTaints(h, node, taint1, taint2);
        RunFor(h, TimeSpan.FromMilliseconds(10));
        Assert.NotNull(h.Tec.Evictions.GetWorkerUnsafe("default/pod1"));

        // temporarily tolerated taint -> infinitely tolerated taint
        SetTaints(h, node, taint1);
        RunFor(h, TimeSpan.FromMilliseconds(10));
        Assert.Null(h.Tec.Evictions.GetWorkerUnsafe("default/pod1"));

        // verify pod is not deleted
        RunFor(h, TimeSpan.FromMinutes(5));
        VerifyPodActions(h, "pod1", false, false);
    }

    [Theory]
    [InlineData("Pods with different toleration times are evicted appropriately", new[] { 1 }, "pod1=0,pod2=1")]
    [InlineData("Evict all pods not matching all taints instantly", new[] { 1, 2 }, "pod1=0,pod2=0,pod3=0")]
    public void TestUpdateNodeWithMultiplePods(string description, int[] taints, string expectedDeleteTimes)
    {
        using var h = NewHarness();
        NewPod(h, "pod1", "node1");
        NewPod(h, "pod2", "node1", Tolerate(1, 1));
        NewPod(h, "pod3", "node1", Tolerate(1, -1));
        var node = NewNode(h, "node1");
        RunFor(h, TimeSpan.FromMilliseconds(10));
        var tainted = h.Kernel.Now;
        SetTaints(h, node, taints.Select(i => NoExecuteTaint(i, tainted)).ToArray());
        RunFor(h, TimeSpan.FromMinutes(1));

        var expected = expectedDeleteTimes.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => TimeSpan.FromSeconds(int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var name in new[] { "pod1", "pod2", "pod3" })
        {
            var deletedAt = h.Pod(name)!.Metadata.DeletionTimestamp;
            if (expected.TryGetValue(name, out var after))
            {
                Assert.Equal(tainted + after, deletedAt);
            }
            else
            {
                Assert.Null(deletedAt);
            }
        }

        Assert.NotNull(description);
    }

    public static TheoryData<long?[], TimeSpan?> MinTolerationTimeCases => new()
    {
        { [], TimeSpan.Zero },
        { [null], null },
        { [1, 2], TimeSpan.FromSeconds(1) },
        { [1, null], TimeSpan.FromSeconds(1) },
        { [null, 1], TimeSpan.FromSeconds(1) },
        { [0, 5], TimeSpan.Zero },
        { [-3], TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(MinTolerationTimeCases))]
    public void TestGetMinTolerationTime(long?[] tolerationSeconds, TimeSpan? expected)
    {
        // null expected is Go's -1: tolerated forever.
        var tolerations = tolerationSeconds.Select(s => new Toleration(null, "Exists", null, null, s)).ToList();
        Assert.Equal(expected, NoExecuteTaints.GetMinTolerationTime(tolerations));
    }

    [Fact]
    public void GetMatchingTolerationsPicksTheFirstTolerationOfEachTaint()
    {
        var t1 = new Taint("a", "x", "NoExecute");
        var t2 = new Taint("b", null, "NoExecute");
        var forever = new Toleration("a", "Exists", null, "NoExecute", null);
        var shortA = new Toleration("a", "Equal", "x", "NoExecute", 5);
        var b = new Toleration("b", "Exists", null, null, 30);
        var (all, used) = NoExecuteTaints.GetMatchingTolerations([t1, t2], [forever, shortA, b]);
        Assert.True(all);
        Assert.Equal([forever, b], used);
        Assert.False(NoExecuteTaints.GetMatchingTolerations([t1, t2], [forever]).AllTolerated);
        Assert.True(NoExecuteTaints.GetMatchingTolerations([], []).AllTolerated);
        Assert.False(NoExecuteTaints.GetMatchingTolerations([t1], []).AllTolerated);
    }

    [Theory]
    [InlineData("existing pod2 scheduled onto tainted Node", true, 0, true)]
    [InlineData("existing pod2 with taint toleration scheduled onto tainted Node", true, 100, false)]
    [InlineData("new pod2 created on tainted Node", false, 0, true)]
    [InlineData("new pod2 with tait toleration created on tainted Node", false, 100, false)]
    public void TestEventualConsistency(string description, bool pod2Existed, long toleration, bool pod2DeletedAtOnce)
    {
        using var h = NewHarness();
        NewPod(h, "pod1", "node1");
        var node = NewNode(h, "node1");
        Pod? pod2 = pod2Existed ? NewPod(h, "pod2", "", toleration == 0 ? [] : [Tolerate(1, toleration)]) : null;
        RunFor(h, TimeSpan.FromMilliseconds(10));

        // First we simulate NodeUpdate that should delete 'pod1'. It doesn't know about 'pod2' yet.
        SetTaints(h, node, NoExecuteTaint(1, h.Kernel.Now));
        RunFor(h, Wait);
        VerifyPodActions(h, "pod1", true, true);

        // And now the delayed update of 'pod2' comes to the TaintManager. We should delete it as well.
        if (pod2 is null)
        {
            NewPod(h, "pod2", "node1", toleration == 0 ? [] : [Tolerate(1, toleration)]);
        }
        else
        {
            pod2.Spec.NodeName = "node1";
            h.Api.Update(pod2, specChanged: true);
        }

        RunFor(h, TimeSpan.FromMilliseconds(10));
        VerifyPodActions(h, "pod2", pod2DeletedAtOnce, pod2DeletedAtOnce);
        Assert.Equal(!pod2DeletedAtOnce, h.Tec.Evictions.GetWorkerUnsafe("default/pod2") is not null);
        Assert.NotNull(description);
    }

    [Fact]
    public void TestPodDeletionEvent()
    {
        using var h = NewHarness();
        NewPod(h, "pod1", "node1");
        NewNode(h, "node1", NoExecuteTaint(1, TimeSpan.Zero));
        RunFor(h, TimeSpan.FromMilliseconds(10));
        var e = Assert.Single(h.Events.Events);
        Assert.Equal(("Pod", "default", "pod1"), (e.InvolvedKind, e.InvolvedNamespace, e.InvolvedName));
        Assert.Equal(("Normal", "TaintManagerEviction", "Marking for deletion Pod default/pod1", "taint-eviction-controller"), (e.Type, e.Reason, e.Message, e.Source));
    }

    [Fact]
    public void EvictionTimeCountsFromWhenTheTaintWasSeen()
    {
        // A pod tolerating for 300 s (the DefaultTolerationSeconds admission) goes 300 s after the taint appears.
        using var h = NewHarness();
        var pod = NewPod(h, "pod1", "node1");
        var node = NewNode(h, "node1");
        Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unreachable" && t.TolerationSeconds == 300);
        RunFor(h, TimeSpan.FromSeconds(7));
        var tainted = h.Kernel.Now;
        SetTaints(h, node, new Taint("node.kubernetes.io/unreachable", null, "NoExecute", tainted));
        RunFor(h, TimeSpan.FromSeconds(299));
        VerifyPodActions(h, "pod1", false, false);
        RunFor(h, TimeSpan.FromSeconds(2));
        Assert.Equal(tainted + TimeSpan.FromSeconds(300), h.Pod("pod1")!.Metadata.DeletionTimestamp);
        Assert.Equal(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(h.Pod("pod1")!.Metadata.DeletionGracePeriodSeconds!.Value));
    }
}
