using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Metrics;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>replica_calculator_test.go TestGroupPods and TestCalculatePodRequests, with their cases.</summary>
public class GroupPodsTests
{
    private static readonly TimeSpan Now = ReplicaCalcCase.Now;

    private static Pod MakePod(string name, string phase, TimeSpan? startTime = null, PodCondition? ready = null, TimeSpan? deletion = null)
    {
        var pod = new Pod { Metadata = { Name = name, DeletionTimestamp = deletion }, Status = { Phase = phase, StartTime = startTime } };
        if (ready is not null)
        {
            pod.Status.Conditions.Add(ready);
        }

        return pod;
    }

    private static PodCondition Ready(string status, TimeSpan lastTransition) => new() { Type = "Ready", Status = status, LastTransitionTime = lastTransition };

    private static PodMetric Metric(long value, TimeSpan? timestamp = null, TimeSpan? window = null) => new(timestamp ?? TimeSpan.Zero, window ?? TimeSpan.Zero, value);

    private sealed record GroupCase(Pod[] Pods, Dictionary<string, PodMetric> Metrics, string Resource, int ExpectReadyPodCount, string[] ExpectUnreadyPods, string[] ExpectMissingPods, string[] ExpectIgnoredPods);

    private static readonly Dictionary<string, GroupCase> Cases = new(StringComparer.Ordinal)
    {
        ["void"] = new([], new(), "cpu", 0, [], [], []),
        ["count in a ready pod - memory"] = new(
            [MakePod("bentham", "Succeeded")],
            new() { ["bentham"] = Metric(1, Now, TimeSpan.FromMinutes(1)) },
            "memory", 1, [], [], []),
        ["unready a pod without ready condition - CPU"] = new(
            [MakePod("lucretius", "Succeeded", Now)],
            new() { ["lucretius"] = Metric(1) },
            "cpu", 0, ["lucretius"], [], []),
        ["count in a ready pod with fresh metrics during initialization period - CPU"] = new(
            [MakePod("bentham", "Succeeded", Now - TimeSpan.FromMinutes(1), Ready("True", Now - TimeSpan.FromSeconds(30)))],
            new() { ["bentham"] = Metric(1, Now, TimeSpan.FromSeconds(30)) },
            "cpu", 1, [], [], []),
        ["unready a ready pod without fresh metrics during initialization period - CPU"] = new(
            [MakePod("bentham", "Succeeded", Now - TimeSpan.FromMinutes(1), Ready("True", Now - TimeSpan.FromSeconds(30)))],
            new() { ["bentham"] = Metric(1, Now, TimeSpan.FromSeconds(60)) },
            "cpu", 0, ["bentham"], [], []),
        ["unready an unready pod during initialization period - CPU"] = new(
            [MakePod("lucretius", "Succeeded", Now - TimeSpan.FromMinutes(10), Ready("False", Now - TimeSpan.FromMinutes(9) - TimeSpan.FromSeconds(54)))],
            new() { ["lucretius"] = Metric(1) },
            "cpu", 0, ["lucretius"], [], []),
        ["count in a ready pod without fresh metrics after initialization period - CPU"] = new(
            [MakePod("bentham", "Succeeded", Now - TimeSpan.FromMinutes(3), Ready("True", Now - TimeSpan.FromMinutes(3)))],
            new() { ["bentham"] = Metric(1, Now - TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)) },
            "cpu", 1, [], [], []),
        ["count in an unready pod that was ready after initialization period - CPU"] = new(
            [MakePod("lucretius", "Succeeded", Now - TimeSpan.FromMinutes(10), Ready("False", Now - TimeSpan.FromMinutes(9)))],
            new() { ["lucretius"] = Metric(1) },
            "cpu", 1, [], [], []),
        ["unready pod that has never been ready after initialization period - CPU"] = new(
            [MakePod("lucretius", "Succeeded", Now - TimeSpan.FromMinutes(10), Ready("False", Now - TimeSpan.FromMinutes(9) - TimeSpan.FromSeconds(50)))],
            new() { ["lucretius"] = Metric(1) },
            "cpu", 1, [], [], []),
        ["a missing pod"] = new(
            [MakePod("epicurus", "Succeeded", Now - TimeSpan.FromMinutes(3))],
            new(),
            "cpu", 0, [], ["epicurus"], []),
        ["several pods"] = new(
            [
                MakePod("lucretius", "Succeeded", Now),
                MakePod("niccolo", "Succeeded", Now - TimeSpan.FromMinutes(3), Ready("True", Now - TimeSpan.FromMinutes(3))),
                MakePod("epicurus", "Succeeded", Now - TimeSpan.FromMinutes(3)),
            ],
            new() { ["lucretius"] = Metric(1), ["niccolo"] = Metric(1) },
            "cpu", 1, ["lucretius"], ["epicurus"], []),
        ["pending pods are unreadied"] = new(
            [MakePod("unscheduled", "Pending")],
            new(),
            "cpu", 0, ["unscheduled"], [], []),
        ["ignore pods with deletion timestamps"] = new(
            [MakePod("deleted", "Pending", deletion: TimeSpan.FromSeconds(1))],
            new() { ["deleted"] = Metric(1) },
            "cpu", 0, [], [], ["deleted"]),
        ["ignore pods in a failed state"] = new(
            [MakePod("failed", "Failed")],
            new() { ["failed"] = Metric(1) },
            "cpu", 0, [], [], ["failed"]),
    };

    public static TheoryData<string> Names => new(Cases.Keys.Order(StringComparer.Ordinal));

    /// <summary>TestGroupPods, with the default testing periods (2 minutes cpu initialization, 10 seconds initial readiness delay).</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void TestGroupPods(string name)
    {
        var tc = Cases[name];
        var groups = ReplicaCalculator.GroupPods(tc.Pods, tc.Metrics, tc.Resource, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), Now);
        Assert.Equal(tc.ExpectReadyPodCount, groups.ReadyPodCount);
        Assert.Equal(tc.ExpectUnreadyPods.Order(StringComparer.Ordinal), groups.UnreadyPods);
        Assert.Equal(tc.ExpectMissingPods.Order(StringComparer.Ordinal), groups.MissingPods);
        Assert.Equal(tc.ExpectIgnoredPods.Order(StringComparer.Ordinal), groups.IgnoredPods);
    }

    private static Pod PodWithRequests(params (string Name, string? Cpu)[] containers)
    {
        var pod = new Pod { Metadata = { Name = "test-pod", Namespace = "test-namespace" } };
        foreach (var (name, cpu) in containers)
        {
            var c = new Container { Name = name };
            if (cpu is not null)
            {
                c.Resources.Requests["cpu"] = Quantity.Parse(cpu);
            }

            pod.Spec.Containers.Add(c);
        }

        return pod;
    }

    /// <summary>TestCalculatePodRequests "void".</summary>
    [Fact]
    public void CalculatePodRequestsVoid()
    {
        var (requests, error) = ReplicaCalculator.CalculatePodRequests([], "", "cpu");
        Assert.Null(error);
        Assert.Empty(requests!);
    }

    /// <summary>TestCalculatePodRequests "pod with regular containers".</summary>
    [Fact]
    public void CalculatePodRequestsPodWithRegularContainers()
    {
        var (requests, error) = ReplicaCalculator.CalculatePodRequests([PodWithRequests(("container1", "100m"), ("container2", "50m"))], "", "cpu");
        Assert.Null(error);
        Assert.Equal(150, requests!["test-pod"]);
    }

    /// <summary>TestCalculatePodRequests "calculate requests with special container".</summary>
    [Fact]
    public void CalculatePodRequestsWithSpecialContainer()
    {
        var (requests, error) = ReplicaCalculator.CalculatePodRequests([PodWithRequests(("container1", "100m"), ("container2", "50m"))], "container1", "cpu");
        Assert.Null(error);
        Assert.Equal(100, requests!["test-pod"]);
    }

    /// <summary>TestCalculatePodRequests "container missing requests".</summary>
    [Fact]
    public void CalculatePodRequestsContainerMissingRequests()
    {
        var (requests, error) = ReplicaCalculator.CalculatePodRequests([PodWithRequests(("container1", null))], "", "cpu");
        Assert.Null(requests);
        Assert.Equal("missing request for cpu in container container1 of Pod test-pod", error);
    }
}
