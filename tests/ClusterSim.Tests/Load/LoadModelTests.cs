using ClusterSim.Sim.Api;
using ClusterSim.Sim.Load;
using static ClusterSim.Tests.Load.LoadFixture;

namespace ClusterSim.Tests.Load;

/// <summary>How offered load reaches pods, what their CPU costs and how much of it is served.</summary>
public class LoadModelTests
{
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(30);

    [Fact]
    public void ServiceLoadIsSplitEvenlyOverReadyEndpoints()
    {
        using var c = NewCluster();
        c.Api.Create(Pod("web-1", "web", "node-1"));
        c.Api.Create(Pod("web-2", "web", "node-2"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), _ => 40);
        c.RunUntil(Settled);

        var target = c.Load.TargetOf(Svc("web"))!;
        Assert.Equal((40.0, 40.0, 2), (target.OfferedRps, target.ServedRps, target.Endpoints));
        foreach (var name in new[] { "web-1", "web-2" })
        {
            var u = Usage(c, name);
            // 10m idle + 20 rps x 10m per request.
            Assert.Equal((20.0, 20.0, 210.0, 64L * 1024 * 1024), (u.OfferedRps, u.ServedRps, u.CpuMilli, u.MemoryBytes));
        }

        Assert.Equal(new NodeResourceUsage(210, 64L * 1024 * 1024), c.Load.NodeUsage("node-1"));
    }

    [Fact]
    public void RequestsAreCountedOverTime()
    {
        using var c = NewCluster();
        c.Api.Create(Pod("web-1", "web", "node-1"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), _ => 10);
        c.RunUntil(TimeSpan.FromSeconds(60));
        var target = c.Load.TargetOf(Svc("web"))!;
        // Offered from the first step (t=0); served from the first step with the pod an endpoint (15s).
        Assert.Equal(600, target.OfferedRequestsUntil(c.Now), 6);
        Assert.Equal(450, target.ServedRequestsUntil(c.Now), 6);
        Assert.Equal(10, target.PeakUnservedRps);
        Assert.Equal(TimeSpan.Zero, target.PeakUnservedAt);
        Assert.Equal(600, c.Load.TotalOfferedRequests, 6);
        Assert.Equal(450, c.Load.TotalServedRequests, 6);
    }

    [Fact]
    public void NotReadyPodsOfAWorkloadGetNone()
    {
        using var c = NewCluster();
        var rc = Cluster.SimClusterFixture.Rc("web", 2, image: "app:v1");
        c.Api.Create(rc);
        c.AddLoad(new LoadTargetRef("default", "ReplicationController", "web"), _ => 40);
        c.RunUntil(Settled);
        var pods = Cluster.SimClusterFixture.PodsOf(c, "web");
        Assert.All(pods, p => Assert.Equal(20, Usage(c, p.Metadata.Name).OfferedRps));

        var unready = pods[0];
        unready.Status.SetCondition("Ready", "False", c.Now, "ContainersNotReady");
        c.Api.Update(unready);
        c.Load.StepNow();
        Assert.Equal(0, Usage(c, unready.Metadata.Name).OfferedRps);
        Assert.Equal(40, Usage(c, pods[1].Metadata.Name).OfferedRps);
        Assert.Equal(1, c.Load.TargetOf(new LoadTargetRef("default", "ReplicationController", "web"))!.Endpoints);
    }

    [Fact]
    public void PodsOnANotReadyNodeGetNone()
    {
        using var c = NewCluster();
        c.Api.Create(Pod("web-1", "web", "node-1"));
        c.Api.Create(Pod("web-2", "web", "node-2"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), _ => 40);
        c.RunUntil(Settled);

        var node = c.Store.Get<Node>("", "node-2")!;
        node.Status.GetCondition("Ready")!.Status = "False";
        c.Api.Update(node);
        c.Load.StepNow();
        Assert.Equal(40, Usage(c, "web-1").OfferedRps);
        Assert.Equal(0, Usage(c, "web-2").OfferedRps);
    }

    [Fact]
    public void ACrashedNodesPodsServeNothingUntilTheyLeaveTheEndpoints()
    {
        using var c = NewCluster();
        c.Api.Create(Pod("web-1", "web", "node-1"));
        c.Api.Create(Pod("web-2", "web", "node-2"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), _ => 40);
        c.RunUntil(TimeSpan.FromSeconds(60));
        c.Kubelets["node-2"].Crash();
        c.RunUntil(TimeSpan.FromSeconds(75));

        // The API still shows web-2 Ready, so it keeps its share, but nothing runs to serve it.
        var target = c.Load.TargetOf(Svc("web"))!;
        Assert.Equal((40.0, 20.0, 2), (target.OfferedRps, target.ServedRps, target.Endpoints));
        Assert.False(c.Load.TryGetPod("default/web-2", out var gone) && gone.CpuMilli > 0);

        // After the grace period the node is NotReady and its pods leave the endpoints.
        c.RunUntil(TimeSpan.FromSeconds(150));
        Assert.Equal((40.0, 40.0, 1), (target.OfferedRps, target.ServedRps, target.Endpoints));
    }

    [Fact]
    public void TheCpuLimitCapsUsageAndServedLoad()
    {
        using var c = NewCluster();
        c.Api.Create(Pod("web-1", "web", "node-1", request: "100m", limit: "100m"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), _ => 40);
        c.RunUntil(Settled);
        var u = Usage(c, "web-1");
        // Wants 10 + 40 x 10 = 410m; gets 100m, of which 90m serve requests at 10m each.
        Assert.Equal(100, u.CpuMilli, 9);
        Assert.Equal(9, u.ServedRps, 9);
        Assert.Equal(9, c.Load.TargetOf(Svc("web"))!.ServedRps, 9);
    }

    [Fact]
    public void ContainersWithoutLimitsShareTheNodeByRequests()
    {
        using var c = NewCluster(nodes: 1, cpu: "1");
        c.Api.Create(Pod("a-1", "a", "node-1", request: "100m"));
        c.Api.Create(Pod("b-1", "b", "node-1", request: "300m"));
        c.Api.Create(Service("a", "a"));
        c.Api.Create(Service("b", "b"));
        c.AddLoad(Svc("a"), _ => 100);
        c.AddLoad(Svc("b"), _ => 100);
        c.RunUntil(Settled);
        // Each wants 10 + 100 x 10 = 1010m of 1000m: shares 1:3 give 250m and 750m.
        Assert.Equal(250, Usage(c, "a-1").CpuMilli, 9);
        Assert.Equal(750, Usage(c, "b-1").CpuMilli, 9);
        Assert.Equal(24, Usage(c, "a-1").ServedRps, 9);
        Assert.Equal(74, Usage(c, "b-1").ServedRps, 9);
    }

    [Fact]
    public void ALimitedContainerLeavesTheRestOfTheNodeToTheOthers()
    {
        using var c = NewCluster(nodes: 1, cpu: "1");
        c.Api.Create(Pod("a-1", "a", "node-1", request: "100m", limit: "200m"));
        c.Api.Create(Pod("b-1", "b", "node-1", request: "300m"));
        c.Api.Create(Service("a", "a"));
        c.Api.Create(Service("b", "b"));
        c.AddLoad(Svc("a"), _ => 100);
        c.AddLoad(Svc("b"), _ => 100);
        c.RunUntil(Settled);
        // a is capped at 200m, under its 250m share; b takes the remaining 800m.
        Assert.Equal(200, Usage(c, "a-1").CpuMilli, 9);
        Assert.Equal(800, Usage(c, "b-1").CpuMilli, 9);
        Assert.Equal(19, Usage(c, "a-1").ServedRps, 9);
        Assert.Equal(79, Usage(c, "b-1").ServedRps, 9);
        var a = c.Load.TargetOf(Svc("a"))!;
        Assert.Equal(81, a.UnservedRps, 9);
    }

    [Fact]
    public void LoadStepsAreInTheTrace()
    {
        using var c = NewCluster();
        c.Api.Create(Service("web", "web"));
        var lines = new List<string>();
        c.Trace.Observer = (_, category, text) =>
        {
            if (category == "load")
            {
                lines.Add(text);
            }
        };
        c.AddLoad(Svc("web"), _ => 5);
        c.RunUntil(TimeSpan.FromSeconds(15));
        Assert.Equal(["service/web offered=5 served=0 endpoints=0", "service/web offered=5 served=0 endpoints=0"], lines);
    }
}
