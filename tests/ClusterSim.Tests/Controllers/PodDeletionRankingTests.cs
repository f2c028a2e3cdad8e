using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Replication;

namespace ClusterSim.Tests.Controllers;

/// <summary>Ported from pkg/controller/controller_utils_test.go TestSortingActivePodsWithRanks (PodDeletionCost and LogarithmicScaleDown on).</summary>
public class PodDeletionRankingTests
{
    private static readonly TimeSpan Now = TimeSpan.FromDays(400);
    private static readonly TimeSpan Then1Month = Now - TimeSpan.FromDays(31);
    private static readonly TimeSpan Then2Hours = Now - TimeSpan.FromHours(2);
    private static readonly TimeSpan Then5Hours = Now - TimeSpan.FromHours(5);
    private static readonly TimeSpan Then8Hours = Now - TimeSpan.FromHours(8);
    private static readonly TimeSpan Zero = PodDeletionRanking.ZeroTime;

    private static readonly Dictionary<string, Pod> Pods = new()
    {
        ["unscheduled"] = MakePod("unscheduled", "", "Pending", false, 0, Zero, Zero, null),
        ["pending"] = MakePod("pending", "node", "Pending", false, 0, Zero, Zero, null),
        ["unknown-phase"] = MakePod("unknown-phase", "node", "Unknown", false, 0, Zero, Zero, null),
        ["not-ready"] = MakePod("not-ready", "node", "Running", false, 0, Zero, Zero, null),
        ["ready-no-last-transition-time"] = MakePod("ready-no-last-transition-time", "node", "Running", true, 0, Zero, Zero, null),
        ["ready-now"] = MakePod("ready-now", "node", "Running", true, 0, Now, Now, null),
        ["ready-then"] = MakePod("ready-then", "node", "Running", true, 0, Then1Month, Then1Month, null),
        ["ready-high-restarts"] = MakePod("ready-high-restarts", "node", "Running", true, 9001, Now, Now, null),
        ["ready-now-created-then"] = MakePod("ready-now-created-then", "node", "Running", true, 0, Now, Then1Month, null),
        ["low-deletion-cost"] = MakePod("low-deletion-cost", "node", "Running", true, 0, Now, Then1Month, "10"),
        ["high-deletion-cost"] = MakePod("high-deletion-cost", "node", "Running", true, 0, Now, Then1Month, "100"),
        ["unscheduled-5-hours"] = MakePod("unscheduled-5-hours", "", "Pending", false, 0, Then5Hours, Then5Hours, null),
        ["unscheduled-10-hours"] = MakePod("unscheduled-10-hours", "", "Pending", false, 0, Then8Hours, Then8Hours, null),
        ["ready-2-hours"] = MakePod("ready-2-hours", "", "Running", true, 0, Then2Hours, Then1Month, null),
        ["ready-5-hours"] = MakePod("ready-5-hours", "", "Running", true, 0, Then5Hours, Then1Month, null),
        ["ready-10-hours"] = MakePod("ready-10-hours", "", "Running", true, 0, Then8Hours, Then1Month, null),
    };

    [Theory]
    [InlineData("unscheduled", null)]
    [InlineData("pending", null)]
    [InlineData("unknown-phase", null)]
    [InlineData("not-ready", null)]
    [InlineData("ready-now-created-then", null)]
    [InlineData("ready-now", null)]
    [InlineData("ready-then", null)]
    [InlineData("ready-high-restarts", null)]
    [InlineData("unscheduled-5-hours", "unscheduled-10-hours")]
    [InlineData("ready-5-hours", "ready-10-hours")]
    public void EquivalentPods(string p1, string? p2)
    {
        var a = Pods[p1];
        var b = Pods[p2 ?? p1];
        Assert.False(PodDeletionRanking.Less(a, 1, b, 1, Now));
        Assert.False(PodDeletionRanking.Less(b, 1, a, 1, Now));
    }

    [Theory]
    [InlineData("unscheduled", 1, "pending", 2)]
    [InlineData("unscheduled", 2, "pending", 1)]
    [InlineData("pending", 1, "unknown-phase", 2)]
    [InlineData("unknown-phase", 1, "not-ready", 2)]
    [InlineData("not-ready", 1, "ready-no-last-transition-time", 1)]
    [InlineData("ready-no-last-transition-time", 1, "ready-now", 1)]
    [InlineData("ready-now", 2, "ready-no-last-transition-time", 1)]
    [InlineData("ready-now", 1, "ready-then", 1)]
    [InlineData("ready-now", 2, "ready-then", 1)]
    [InlineData("ready-high-restarts", 1, "ready-now", 1)]
    [InlineData("ready-now", 2, "ready-high-restarts", 1)]
    [InlineData("ready-now", 1, "ready-now-created-then", 1)]
    [InlineData("ready-now-created-then", 2, "ready-now", 1)]
    [InlineData("low-deletion-cost", 2, "high-deletion-cost", 1)]
    [InlineData("ready-2-hours", 1, "ready-5-hours", 1)]
    public void LesserPodIsDeletedFirst(string lesser, int lesserRank, string greater, int greaterRank)
    {
        Assert.True(PodDeletionRanking.Less(Pods[lesser], lesserRank, Pods[greater], greaterRank, Now));
        Assert.False(PodDeletionRanking.Less(Pods[greater], greaterRank, Pods[lesser], lesserRank, Now));
    }

    [Fact]
    public void PodsToDeleteTakesUnscheduledFirstThenDoubledUp()
    {
        var a = MakePod("a", "n1", "Running", true, 0, Then2Hours, Then2Hours, null);
        var b = MakePod("b", "n1", "Running", true, 0, Then2Hours, Then2Hours, null);
        var c = MakePod("c", "n2", "Running", true, 0, Then2Hours, Then2Hours, null);
        var d = MakePod("d", "", "Pending", false, 0, Then2Hours, Then2Hours, null);
        var all = new List<Pod> { a, b, c, d };
        var chosen = PodDeletionRanking.PodsToDelete(all, all, 2, Now);
        Assert.Equal("d", chosen[0].Metadata.Name);
        Assert.Equal("n1", chosen[1].Spec.NodeName);
    }

    private static Pod MakePod(string name, string node, string phase, bool ready, int restarts, TimeSpan readySince, TimeSpan created, string? cost)
    {
        var pod = new Pod { Metadata = { Name = name, CreationTimestamp = created }, Spec = { NodeName = node }, Status = { Phase = phase } };
        if (cost is not null)
        {
            pod.Metadata.Annotations[PodDeletionRanking.DeletionCostAnnotation] = cost;
        }

        if (ready)
        {
            pod.Status.Conditions.Add(new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = readySince });
            pod.Status.ContainerStatuses.Add(new ContainerStatus { RestartCount = restarts });
        }

        return pod;
    }
}
