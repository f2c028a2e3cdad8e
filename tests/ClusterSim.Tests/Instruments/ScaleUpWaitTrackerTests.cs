using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Kubelet;

namespace ClusterSim.Tests.Instruments;

/// <summary>
/// The time from pending to Running of each Cluster Autoscaler scale-up, on a small cluster worked by hand: a node
/// group with no nodes, pods that each need a node of their own, and the provisioning delay of 3 minutes.
/// </summary>
public class ScaleUpWaitTrackerTests
{
    private static readonly Dictionary<string, ImageBehavior> Images = new(StringComparer.Ordinal)
    {
        ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(5), StartTime = TimeSpan.FromSeconds(1) },
    };

    private static NodeGroupSpec Group(string name) => new()
    {
        Name = name,
        MinSize = 0,
        MaxSize = 5,
        InitialSize = 0,
        ProvisioningDelay = TimeSpan.FromMinutes(3),
        NewNode = i =>
        {
            var node = new Node { Metadata = { Name = name + "-" + (i + 1).ToString(CultureInfo.InvariantCulture) } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("1");
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("4Gi");
            return node;
        },
    };

    private static Pod BarePod(string name)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "default" } };
        var c = new Container { Name = "app", Image = "app:v1" };
        c.Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("800m");
        pod.Spec.Containers.Add(c);
        return pod;
    }

    /// <summary>A cluster with the empty group "worker", the tracker, "early" created at 0 s and "late" at <paramref name="late"/>.</summary>
    private static (Sim.Cluster Cluster, ScaleUpWaitTracker Tracker) Start(TimeSpan late)
    {
        var c = new Sim.Cluster(1, new ControlPlaneConfig(), new ImageCatalog(Images));
        c.AddNodeGroup(Group("worker"));
        var tracker = new ScaleUpWaitTracker(c.Kernel, c.Store, c.Autoscaler!);
        c.Api.Create(BarePod("early"));
        c.Kernel.ScheduleAt(late, () => c.Api.Create(BarePod("late")));
        return (c, tracker);
    }

    [Fact]
    public void AScaleUpIsMeasuredFromItsFirstCreatedPodToThatPodRunning()
    {
        // The loops at 0 s and 1 s (a pod just became unschedulable) find only pods younger than CA's 2 s buffer; the
        // scan 10 s after the last loop (11 s) asks for two nodes for both pods. The nodes register at 11 s + 3m = 3m11s;
        // the node lifecycle controller's next pass (every 5 s) lifts their not-ready taint at 3m15s, when "early" binds;
        // it pulls for 5 s and starts in 1 s: Running at 3m21s, 201 s after it was created at 0 s.
        var (c, tracker) = Start(late: TimeSpan.FromSeconds(1));
        using var _ = c;
        c.RunUntil(TimeSpan.FromMinutes(5));

        var wait = Assert.Single(tracker.Waits());
        Assert.Equal(new ScaleUpWait("worker", TimeSpan.FromSeconds(11), "default", "early", TimeSpan.Zero, TimeSpan.FromSeconds(201), Deleted: false), wait);
        Assert.Equal(TimeSpan.FromSeconds(201), wait.ToRunning);
        Assert.Equal(["pod triggered scale-up: [{worker 0->2 (max: 5)}]"], c.Events.Events.Where(e => e.Reason == "TriggeredScaleUp").Select(e => e.Message).Distinct());
    }

    [Fact]
    public void EachScaleUpFollowsItsOwnFirstPod()
    {
        // "late" (created at 5 s) makes a loop run at once: "early" is 5 s old and gets a node (0->1); "late" is too new
        // (not older than newPodScaleUpDelay 0s) and gets its own at the scan at 15 s (1->2). "early": its node registers
        // at 5 s + 3m = 3m5s, when the node lifecycle controller's pass lifts the not-ready taint at once; 5 s pull and
        // 1 s start: Running at 3m11s.
        var (c, tracker) = Start(late: TimeSpan.FromSeconds(5));
        using var _ = c;
        c.RunUntil(TimeSpan.FromMinutes(5));

        var waits = tracker.Waits();
        Assert.Equal(2, waits.Count);
        Assert.Equal(("early", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(191)), (waits[0].Pod, waits[0].At, waits[0].ToRunning));
        Assert.Equal(("late", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5)), (waits[1].Pod, waits[1].At, waits[1].PodCreated));

        // The same as the pod's own Started event says.
        var started = c.Events.Events.Single(e => e.Reason == "Started" && e.InvolvedName == "late").FirstTimestamp;
        Assert.Equal(started - TimeSpan.FromSeconds(5), waits[1].ToRunning);
    }

    [Fact]
    public void APodDeletedBeforeItRanEndsItsScaleUpUnmeasured()
    {
        var (c, tracker) = Start(late: TimeSpan.FromSeconds(1));
        using var _ = c;
        c.Kernel.ScheduleAt(TimeSpan.FromMinutes(1), () => c.Api.Delete(c.Store.Get<Pod>("default", "early")!));
        c.RunUntil(TimeSpan.FromMinutes(5));

        var wait = Assert.Single(tracker.Waits());
        Assert.Equal(("early", true, (TimeSpan?)null), (wait.Pod, wait.Deleted, wait.RunningAt));
    }

    [Fact]
    public void APodStillPendingAtTheEndHasNoTimeToRunning()
    {
        // The group is out of capacity: its nodes never register (CA gives up only after 15 minutes).
        var (c, tracker) = Start(late: TimeSpan.FromSeconds(1));
        using var _ = c;
        c.Cloud!.SetNoCapacity("worker", until: null);
        c.RunUntil(TimeSpan.FromMinutes(5));

        var wait = Assert.Single(tracker.Waits());
        Assert.Equal(("early", false, (TimeSpan?)null), (wait.Pod, wait.Deleted, wait.RunningAt));
        Assert.Null(wait.ToRunning);
    }
}
