using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Controllers.Disruption;

/// <summary>
/// The disruption controller's status arithmetic, ported from pkg/controller/disruption/disruption_test.go (the
/// test named in each method's comment; VerifyPdbStatus's arguments are disruptionsAllowed, currentHealthy,
/// desiredHealthy, expectedPods).
/// </summary>
public class DisruptionControllerTests
{
    private static IntOrString Int(int v) => IntOrString.FromInt(v);

    private static IntOrString Percent(string v) => IntOrString.FromString(v);

    [Fact]
    public void AnEmptySelectorSelectsEveryPodOfTheNamespace()
    {
        // TestNoSelector: policy/v1's empty selector matches all pods.
        using var h = new DisruptionHarness();
        var pdb = h.Budget(minAvailable: Int(3));
        pdb.Spec.Selector = new LabelSelector();
        h.Api.Create(pdb);
        h.Sync(pdb);
        h.Verify(pdb, 0, 0, 3, 0);

        var pod = h.Pod("yo-yo-yo");
        pod.Metadata.Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["other"] = "x" };
        h.Api.Create(pod);
        h.Sync(pdb);
        h.Verify(pdb, 0, 1, 3, 1);
    }

    [Fact]
    public void CountsGoUpPodByPodAndAnUnreadyPodIsNotHealthy()
    {
        // TestUnavailable.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(minAvailable: Int(3)));
        h.Sync(pdb);
        var pods = new List<Pod>();
        for (int i = 0; i < 4; i++)
        {
            h.Verify(pdb, 0, i, 3, i);
            pods.Add(h.Api.Create(h.Pod($"yo-yo-yo-{i}")));
            h.Sync(pdb);
        }

        h.Verify(pdb, 1, 4, 3, 4);
        pods[0].Status.Conditions.Clear();
        h.Api.Update(pods[0]);
        h.Sync(pdb);
        h.Verify(pdb, 0, 3, 3, 4);
    }

    [Fact]
    public void AnIntegerMaxUnavailableAllowsNothingForPodsWithoutAController()
    {
        // TestIntegerMaxUnavailable.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(maxUnavailable: Int(1)));
        h.Sync(pdb);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        h.Api.Create(h.Pod("naked"));
        h.Sync(pdb);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.True(h.EventEmitted("UnmanagedPods"));
    }

    [Fact]
    public void AnIntegerMaxUnavailableFollowsTheControllersScale()
    {
        // TestIntegerMaxUnavailableWithScaling.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(maxUnavailable: Int(2)));
        var rs = h.Api.Create(h.ReplicaSet(7));
        h.Api.Create(h.Pod("pod", rs));
        h.Sync(pdb);
        h.Verify(pdb, 0, 1, 5, 7);

        rs.Replicas = 5;
        h.Api.Update(rs, specChanged: true);
        h.Sync(pdb);
        h.Verify(pdb, 0, 1, 3, 5);
    }

    [Fact]
    public void APercentageMaxUnavailableRoundsUpOfTheControllersScale()
    {
        // TestPercentageMaxUnavailableWithScaling: 30% of 7 rounds up to 3, of 3 to 1.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(maxUnavailable: Percent("30%")));
        var rs = h.Api.Create(h.ReplicaSet(7));
        h.Api.Create(h.Pod("pod", rs));
        h.Sync(pdb);
        h.Verify(pdb, 0, 1, 4, 7);

        rs.Replicas = 3;
        h.Api.Update(rs, specChanged: true);
        h.Sync(pdb);
        h.Verify(pdb, 0, 1, 2, 3);
    }

    [Fact]
    public void APercentageAllowsNothingForANakedPod()
    {
        // TestNakedPod and TestStatusForUnmanagedPod: no error status, an UnmanagedPods event.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(minAvailable: Percent("28%")));
        h.Sync(pdb);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        h.Api.Create(h.Pod("naked"));
        h.Sync(pdb);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.True(h.EventEmitted("UnmanagedPods"));
        Assert.DoesNotContain(pdb.Status.Conditions, c => c.Reason == "SyncFailed");
    }

    [Fact]
    public void APodOfAnUnknownControllerFailsTheSyncSafely()
    {
        // TestUnsupportedControllerPod: CalculateExpectedPodCountFailed, and failSafe's SyncFailed condition.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(minAvailable: Percent("28%")));
        h.Sync(pdb);
        var pod = h.Pod("naked");
        pod.Metadata.OwnerReferences.Add(new OwnerReference("apps.test.io/v1", "TestWorkload", "fake-controller", "b7329742-8daa-493a-8881-6ca07139172b"));
        h.Api.Create(pod);
        h.Sync(pdb);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.True(h.EventEmitted("CalculateExpectedPodCountFailed"));
        var condition = Assert.Single(pdb.Status.Conditions);
        Assert.Equal(("False", "SyncFailed", "found no controllers for pod \"naked\""), (condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public void AReplicaSetWithoutADeploymentCountsItsOwnScale()
    {
        // TestReplicaSet: 20% of 10 is 2.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(minAvailable: Percent("20%")));
        var rs = h.Api.Create(h.ReplicaSet(10));
        h.Api.Create(h.Pod("pod", rs));
        h.Sync(pdb);
        h.Verify(pdb, 0, 1, 2, 10);
    }

    [Fact]
    public void AReplicaSetOfADeploymentCountsTheDeploymentsScale()
    {
        // getPodDeployment: the pod's ReplicaSet is controlled by a Deployment, whose spec.replicas is the scale.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(minAvailable: Percent("50%")));
        var d = h.Api.Create(new Sim.Api.Deployment
        {
            Metadata = { Name = "web", Namespace = "default" },
            Replicas = 4,
            Selector = new LabelSelector { MatchLabels = DisruptionHarness.FooBar },
            Template = DisruptionHarness.Template(),
        });
        var rs = h.ReplicaSet(9);
        rs.Metadata.OwnerReferences.Add(new OwnerReference("apps/v1", "Deployment", d.Metadata.Name, d.Metadata.Uid));
        rs = h.Api.Create(rs);
        h.Api.Create(h.Pod("pod-1", rs));
        h.Api.Create(h.Pod("pod-2", rs));
        h.Sync(pdb);
        h.Verify(pdb, 0, 2, 2, 4);
    }

    [Fact]
    public void AReplicationControllerAndARoguePod()
    {
        // TestReplicationController: 34% of 3 rounds up to 2; a rogue pod without a controller is healthy but adds no scale.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(minAvailable: Percent("34%")));
        var rc = h.ReplicationController(3);
        rc.Selector["foo"] = "bar";
        rc.Selector["baz"] = "quux";
        rc = h.Api.Create(rc);
        h.Sync(pdb);
        h.Verify(pdb, 0, 0, 0, 0);
        for (int i = 0; i < 3; i++)
        {
            var pod = h.Pod($"foobar-{i}", rc);
            pod.Metadata.Labels["baz"] = "quux";
            h.Api.Create(pod);
            h.Sync(pdb);
            if (i < 2)
            {
                h.Verify(pdb, 0, i + 1, 2, 3);
            }
            else
            {
                h.Verify(pdb, 1, 3, 2, 3);
            }
        }

        h.Api.Create(h.Pod("rogue"));
        h.Sync(pdb);
        Assert.Equal(2, pdb.Status.DisruptionsAllowed);
    }

    [Fact]
    public void DisruptedPodsExpireOrLeaveWithTheirPods()
    {
        // TestUpdateDisruptedPods: p1 is being deleted, p2's entry expired, p3's stays, "notthere" has no pod.
        using var h = new DisruptionHarness();
        var now = h.Kernel.Now;
        var pdb = h.Budget(minAvailable: Int(1));
        pdb.Status.DisruptedPods["p1"] = now;
        pdb.Status.DisruptedPods["p2"] = now - TimeSpan.FromMinutes(3);
        pdb.Status.DisruptedPods["p3"] = now - TimeSpan.FromMinutes(1);
        pdb.Status.DisruptedPods["notthere"] = now;
        pdb = h.Api.Create(pdb);
        var p1 = h.Api.Create(h.Pod("p1"));
        h.Api.Create(h.Pod("p2"));
        h.Api.Create(h.Pod("p3"));
        p1.Metadata.DeletionTimestamp = now;
        h.Api.Update(p1);
        h.Sync(pdb);
        h.Verify(pdb, 0, 1, 1, 3, ("p3", now - TimeSpan.FromMinutes(1)));
        Assert.True(h.EventEmitted("NotDeleted"));
    }

    [Fact]
    public void ARecheckComesWhenTheEarliestDisruptedPodExpires()
    {
        // enqueuePdbForRecheck: p3's entry expires 1 minute from now; the budget is synced again then (plus the
        // rate limiter's 5 ms) and p3 counts as healthy again.
        using var h = new DisruptionHarness();
        var now = h.Kernel.Now;
        var pdb = h.Budget(minAvailable: Int(1));
        pdb.Status.DisruptedPods["p3"] = now - TimeSpan.FromMinutes(1);
        pdb = h.Api.Create(pdb);
        h.Api.Create(h.Pod("p3"));
        h.Settle();
        h.Verify(pdb, 0, 0, 1, 1, ("p3", now - TimeSpan.FromMinutes(1)));
        h.Kernel.RunUntil(now + TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(5));
        h.Verify(pdb, 0, 1, 1, 1);
    }

    [Fact]
    public void WatchesEnqueueTheBudgetOfAChangedPod()
    {
        // addPod/updatePod: no direct sync here, only the watch.
        using var h = new DisruptionHarness();
        var pdb = h.Api.Create(h.Budget(minAvailable: Int(1)));
        h.Settle();
        h.Api.Create(h.Pod("a"));
        h.Api.Create(h.Pod("b"));
        h.Settle();
        h.Verify(pdb, 1, 2, 1, 2);
    }

    [Fact]
    public void APodUnderTwoBudgetsGetsAWarning()
    {
        // getPdbForPod: "matches multiple PodDisruptionBudgets.  Chose ... arbitrarily" (ours: the first by name).
        using var h = new DisruptionHarness();
        h.Api.Create(h.Budget(minAvailable: Int(1), name: "a"));
        h.Api.Create(h.Budget(minAvailable: Int(1), name: "b"));
        h.Api.Create(h.Pod("p"));
        var warning = Assert.Single(h.Events.Events, e => e.Reason == "MultiplePodDisruptionBudgets");
        Assert.Equal("Pod \"default\"/\"p\" matches multiple PodDisruptionBudgets.  Chose \"a\" arbitrarily.", warning.Message);
    }

    [Fact]
    public void TheUnmanagedPodsEventPrintsTheSelectorAsGoDoes()
    {
        var selector = new LabelSelector { MatchLabels = DisruptionHarness.FooBar };
        selector.MatchExpressions.Add(new LabelSelectorRequirement("tier", "In", ["a", "b"]));
        Assert.Equal(
            "&LabelSelector{MatchLabels:map[string]string{foo: bar,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},},}",
            Sim.Controllers.Disruption.DisruptionController.SelectorText(selector));
    }
}
