using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Disruption;

namespace ClusterSim.Tests.Controllers.Disruption;

/// <summary>
/// The pods/eviction subresource, after pkg/registry/core/pod/storage/eviction_test.go (TestEviction,
/// TestEvictionIgnorePDB, TestEvictionUnhealthyPodEvictionPolicy): budgets' statuses are set by hand, as there.
/// </summary>
public class EvictionTests
{
    private static (DisruptionHarness H, Pod Pod) RunningPod(bool ready = true, string phase = "Running")
    {
        var h = new DisruptionHarness();
        var pod = h.Pod("foo", ready: ready);
        pod.Spec.NodeName = "worker-1";
        pod.Status.Phase = phase;
        return (h, h.Api.Create(pod));
    }

    private static PodDisruptionBudget Budget(DisruptionHarness h, int allowed, int current = 0, int desired = 0, string name = "foo", string? policy = null, bool matching = true)
    {
        var pdb = h.Budget(minAvailable: IntOrString.FromInt(1), name: name);
        if (!matching)
        {
            pdb.Spec.Selector = new LabelSelector { MatchLabels = new(StringComparer.Ordinal) { ["a"] = "false" } };
        }

        pdb.Spec.UnhealthyPodEvictionPolicy = policy;
        pdb = h.Api.Create(pdb);
        pdb.Status.ObservedGeneration = pdb.Metadata.Generation;
        pdb.Status.DisruptionsAllowed = allowed;
        pdb.Status.CurrentHealthy = current;
        pdb.Status.DesiredHealthy = desired;
        return pdb;
    }

    [Fact]
    public void ABudgetWithNoDisruptionsAllowedRefusesWith429()
    {
        var (h, pod) = RunningPod();
        using var _ = h;
        Budget(h, allowed: 0);
        var result = h.Eviction.Evict("default", "foo");
        Assert.Equal(new EvictionResult(429, "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget foo needs 0 healthy pods and has 0 currently"), result);
        Assert.Null(pod.Metadata.DeletionTimestamp);
        Assert.Null(pod.Status.GetCondition("DisruptionTarget"));
    }

    [Fact]
    public void AnAllowedEvictionTakesOneDisruptionAndDeletesThePodGracefully()
    {
        var (h, pod) = RunningPod();
        using var _ = h;
        var pdb = Budget(h, allowed: 1, current: 2, desired: 1);
        Assert.True(h.Eviction.Evict("default", "foo").Succeeded);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.Equal([("foo", h.Kernel.Now)], pdb.Status.DisruptedPods.Select(kv => (kv.Key, kv.Value)).ToList());
        Assert.Equal(("False", "InsufficientPods"), (pdb.Status.Conditions.Single().Status, pdb.Status.Conditions.Single().Reason));
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
        var target = pod.Status.GetCondition("DisruptionTarget");
        Assert.Equal(("True", "EvictionByEvictionAPI", "Eviction API: evicting"), (target?.Status, target?.Reason, target?.Message));
    }

    [Fact]
    public void ABudgetThatDoesNotSelectThePodDoesNotMatter()
    {
        var (h, pod) = RunningPod();
        using var _ = h;
        Budget(h, allowed: 0, matching: false);
        Assert.True(h.Eviction.Evict("default", "foo").Succeeded);
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void PendingAndTerminalPodsIgnoreBudgets(string phase)
    {
        // TestEvictionIgnorePDB (canIgnorePDB).
        var (h, _) = RunningPod(phase: phase);
        using var __ = h;
        var pdb = Budget(h, allowed: 0);
        Assert.True(h.Eviction.Evict("default", "foo").Succeeded);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.Empty(pdb.Status.DisruptedPods);
    }

    [Fact]
    public void APodUnderTwoBudgetsIsRefusedWith500()
    {
        var (h, pod) = RunningPod();
        using var _ = h;
        Budget(h, allowed: 1, name: "a");
        Budget(h, allowed: 1, name: "b");
        Assert.Equal(new EvictionResult(500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."), h.Eviction.Evict("default", "foo"));
        Assert.Null(pod.Metadata.DeletionTimestamp);
    }

    [Fact]
    public void ABudgetNotYetObservedAtItsGenerationIsRefused()
    {
        var (h, _) = RunningPod();
        using var __ = h;
        var pdb = Budget(h, allowed: 1);
        pdb.Status.ObservedGeneration = pdb.Metadata.Generation - 1;
        Assert.Equal(new EvictionResult(429, Eviction.ViolatesBudgetMessage, "The disruption budget foo is still being processed by the server."), h.Eviction.Evict("default", "foo"));
    }

    [Theory]
    // TestEvictionUnhealthyPodEvictionPolicy: an unready pod goes without taking a disruption when the budget is
    // met (IfHealthyBudget, the default) or always (AlwaysAllow); otherwise checkAndDecrement decides.
    [InlineData(null, 2, 2, 0, true)]
    [InlineData("IfHealthyBudget", 2, 2, 0, true)]
    [InlineData(null, 1, 2, 0, false)]
    [InlineData("IfHealthyBudget", 1, 2, 0, false)]
    [InlineData("AlwaysAllow", 1, 2, 0, true)]
    [InlineData(null, 0, 0, 0, false)]
    public void UnreadyPodsAndTheUnhealthyPodEvictionPolicy(string? policy, int current, int desired, int allowed, bool evicted)
    {
        var (h, pod) = RunningPod(ready: false);
        using var _ = h;
        var pdb = Budget(h, allowed, current, desired, policy: policy);
        var result = h.Eviction.Evict("default", "foo");
        Assert.Equal(evicted, result.Succeeded);
        Assert.Equal(evicted, pod.Metadata.DeletionTimestamp is not null);
        Assert.Equal(allowed, pdb.Status.DisruptionsAllowed);
        Assert.Empty(pdb.Status.DisruptedPods);
    }

    [Fact]
    public void AMissingPodIs404()
    {
        using var h = new DisruptionHarness();
        Assert.True(h.Eviction.Evict("default", "nope").NotFound);
    }
}
