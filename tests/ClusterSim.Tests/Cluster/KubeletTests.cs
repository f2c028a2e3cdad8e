using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Cluster;

public class KubeletTests
{
    private static readonly TimeSpan Pull = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(1);

    [Fact]
    public void FirstPullThenCachedImage()
    {
        var images = new Dictionary<string, ImageBehavior> { ["app:v1"] = new() { PullTime = Pull, StartTime = Start, ReadyAfter = TimeSpan.FromSeconds(2) } };
        using var c = NewCluster(nodes: 1, images: images);
        c.Api.Create(Rc("web", 2));
        c.RunUntil(TimeSpan.FromSeconds(30));
        // Both pods pull (serialized): the second finds the layers there and only checks the registry.
        Assert.Equal(2, c.Events.Events.Count(e => e.Reason == "Pulling"));
        Assert.Contains(c.Events.Events, e => e.Reason == "Pulled" && e.Message.StartsWith("Successfully pulled image \"app:v1\" in 4s (4s including waiting)", StringComparison.Ordinal));
        Assert.Contains(c.Events.Events, e => e.Reason == "Pulled" && e.Message.StartsWith("Successfully pulled image \"app:v1\" in 1s (5s including waiting)", StringComparison.Ordinal));

        // A third pod on the node, later, finds the image present (imagePullPolicy IfNotPresent).
        var rc = c.Store.Get<ReplicationController>("default", "web")!;
        rc.Replicas = 3;
        c.Api.Update(rc, specChanged: true);
        c.RunUntil(TimeSpan.FromSeconds(60));
        Assert.Contains(c.Events.Events, e => e.Reason == "Pulled" && e.Message == "Container image \"app:v1\" already present on machine");
    }

    [Fact]
    public void ReadinessFollowsTheProbeTiming()
    {
        var images = new Dictionary<string, ImageBehavior> { ["app:v1"] = new() { PullTime = Pull, StartTime = Start, ReadyAfter = TimeSpan.FromSeconds(1) } };
        using var c = NewCluster(nodes: 1, images: images);
        var rc = Rc("web", 1);
        rc.Template.Spec.Containers[0].ReadinessProbe = new Probe("httpGet", InitialDelaySeconds: 15, PeriodSeconds: 10);
        c.Api.Create(rc);
        // Running at 5s (4s pull + 1s start); first probe at or after 15s past start is at 20s past start.
        c.RunUntil(TimeSpan.FromSeconds(24));
        var pod = PodsOf(c, "web").Single();
        Assert.Equal("Running", pod.Status.Phase);
        Assert.False(PodUtil.IsReady(pod));
        c.RunUntil(TimeSpan.FromSeconds(25));
        Assert.True(PodUtil.IsReady(pod));
    }

    [Fact]
    public void CrashingContainerBacksOffTenSecondsDoubling()
    {
        var images = new Dictionary<string, ImageBehavior> { ["app:v1"] = new() { PullTime = Pull, StartTime = Start, CrashAfter = TimeSpan.FromSeconds(5) } };
        using var c = NewCluster(nodes: 1, images: images);
        var rc = Rc("web", 1);
        rc.Template.Spec.Containers[0].ImagePullPolicy = "IfNotPresent";
        c.Api.Create(rc);
        // start 5s, crash 10s, restarted at once (no back-off yet): start 11s, crash 16s,
        // back-off 10s: restart 26s, start 27s, crash 32s, back-off 20s: restart 52s ...
        c.RunUntil(TimeSpan.FromSeconds(20));
        var pod = PodsOf(c, "web").Single();
        var cs = pod.Status.ContainerStatuses.Single();
        Assert.Equal(1, cs.RestartCount);
        Assert.Equal("CrashLoopBackOff", cs.State.Reason);
        Assert.StartsWith("back-off 10s restarting failed container=web pod=" + pod.Metadata.Name, cs.State.Message, StringComparison.Ordinal);
        Assert.Equal("Error", cs.LastTerminationState!.Reason);
        Assert.Equal("Running", pod.Status.Phase);
        c.RunUntil(TimeSpan.FromSeconds(40));
        Assert.Equal(2, cs.RestartCount);
        Assert.StartsWith("back-off 20s", cs.State.Message, StringComparison.Ordinal);
        Assert.Contains(c.Events.Events, e => e.Reason == "BackOff" && e.Type == "Warning");
    }

    [Fact]
    public void ContainerOverItsMemoryLimitIsOomKilled()
    {
        var images = new Dictionary<string, ImageBehavior> { ["app:v1"] = new() { PullTime = Pull, StartTime = Start, Memory = Quantity.Parse("300Mi") } };
        using var c = NewCluster(nodes: 1, images: images);
        c.Api.Create(Rc("web", 1, memoryLimit: "256Mi"));
        c.RunUntil(TimeSpan.FromSeconds(7));
        var cs = PodsOf(c, "web").Single().Status.ContainerStatuses.Single();
        Assert.True(cs.State.IsTerminated || cs.LastTerminationState is not null);
        var terminated = cs.State.IsTerminated ? cs.State : cs.LastTerminationState!;
        Assert.Equal("OOMKilled", terminated.Reason);
        Assert.Equal(137, terminated.ExitCode);
    }

    [Fact]
    public void ContainerBackoffMatchesFlowcontrol()
    {
        var b = new ContainerBackoff();
        var t = TimeSpan.FromSeconds(100);
        Assert.False(b.IsInBackOffSince(t, t));
        b.Next(t);
        Assert.Equal(TimeSpan.FromSeconds(10), b.Current);
        Assert.True(b.IsInBackOffSince(t, t + TimeSpan.FromSeconds(9)));
        Assert.False(b.IsInBackOffSince(t, t + TimeSpan.FromSeconds(10)));
        for (int i = 0; i < 10; i++)
        {
            b.Next(t);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), b.Current);
        // Untouched for more than 10 minutes: the entry expires and back-off starts again from 10s.
        var later = t + TimeSpan.FromMinutes(11);
        Assert.False(b.IsInBackOffSince(later - TimeSpan.FromSeconds(1), later));
        b.Next(later);
        Assert.Equal(TimeSpan.FromSeconds(10), b.Current);
    }

    [Fact]
    public void StatusLoopWakesOnlyWhenItCanPostAndChangesNothing()
    {
        // The same cluster with and without fast paths: crashes, a partition, and the node lifecycle controller
        // marking nodes Unknown. The fast status loop runs far fewer events; the trace (every post, at the same
        // instants and in the same order) and the literal event count are the same.
        (string Trace, long Literal, long Run, long Heartbeats) Run(bool fastPaths)
        {
            using var c = NewCluster(nodes: 4, seed: 4, fastPaths: fastPaths);

            c.Api.Create(Rc("web", 6));
            c.RunUntil(TimeSpan.FromMinutes(3));
            c.Kubelets["node-1"].Crash();
            c.Kubelets["node-2"].Disconnect();
            c.RunUntil(TimeSpan.FromMinutes(5));
            c.Kubelets["node-1"].Recover();
            c.RunUntil(TimeSpan.FromMinutes(7.5));
            c.Kubelets["node-2"].Reconnect();
            c.RunUntil(TimeSpan.FromMinutes(30));
            return (c.Trace.HashHex(), c.Kernel.LiteralEvents, c.Kernel.ProcessedEvents, c.Kubelets.Values.Sum(k => k.Heartbeats));
        }

        var literal = Run(fastPaths: false);
        var fast = Run(fastPaths: true);
        Assert.Equal(literal.Trace, fast.Trace);
        Assert.Equal(literal.Heartbeats, fast.Heartbeats);
        Assert.Equal(literal.Run, literal.Literal);
        Assert.Equal(literal.Literal, fast.Literal);

        // 4 kubelets x 180 status ticks in 30 minutes, of which only the posts (every 5 minutes, and after the
        // faults) and the ticks before them need an event.
        Assert.True(fast.Run < literal.Run - 500, $"{fast.Run} events run, literal {literal.Run}");
    }

    [Fact]
    public void LoopsSharingAPhaseTickLiterally()
    {
        using var c = NewCluster(nodes: 4);
        var (a, b, d) = (c.Kubelets["node-1"], c.Kubelets["node-2"], c.Kubelets["node-3"]);
        var own = c.Kubelets["node-4"];
        var grids = new HeartbeatGrids();
        grids.Register(a, 100, statusFirstTick: 5, leaseFirstTick: 7);
        grids.Register(d, 100, statusFirstTick: 9, leaseFirstTick: null);
        Assert.False(a.StatusTicksLiterally);

        // b's lease ticks with a's status loop (phase 5): both switch; d, alone at 9, does not.
        grids.Register(b, 100, statusFirstTick: 40, leaseFirstTick: 205);
        Assert.True(a.StatusTicksLiterally);
        Assert.True(b.StatusTicksLiterally);
        Assert.False(d.StatusTicksLiterally);

        // A kubelet whose own lease and status loops share a phase.
        grids.Register(own, 100, statusFirstTick: 60, leaseFirstTick: 160);
        Assert.True(own.StatusTicksLiterally);
    }

    [Fact]
    public void AStatusLoopSwitchedToLiteralTickingMidRunChangesNothing()
    {
        (string Trace, long Literal) Run(bool fastPaths)
        {
            using var c = NewCluster(nodes: 3, seed: 9, fastPaths: fastPaths);

            c.Api.Create(Rc("web", 4));
            c.RunUntil(TimeSpan.FromMinutes(2));
            c.Kubelets["node-1"].TickStatusLiterally();
            c.Kubelets["node-2"].Crash();
            c.RunUntil(TimeSpan.FromMinutes(3));
            c.Kubelets["node-2"].TickStatusLiterally();
            c.RunUntil(TimeSpan.FromMinutes(4));
            c.Kubelets["node-2"].Recover();
            c.RunUntil(TimeSpan.FromMinutes(16));
            return (c.Trace.HashHex(), c.Kernel.LiteralEvents);
        }

        Assert.Equal(Run(fastPaths: false), Run(fastPaths: true));
    }
}
