using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>
/// Zones: three zones of three nodes with one pod each. Losing one zone makes it FullDisruption while the
/// others stay Normal, and its nodes are tainted NoExecute one every 10 s (NodeEvictionRate 0.1), so their
/// pods go one every 10 s; losing every zone stops evictions altogether.
/// </summary>
public class ZoneDisruptionEndToEndTests
{
    private static readonly string[] Zones = ["a", "b", "c"];

    private static (Sim.Cluster Cluster, TestNodes Nodes) Start()
    {
        var c = new Sim.Cluster(3);
        var nodes = new TestNodes(c);
        foreach (var zone in Zones)
        {
            for (int i = 1; i <= 3; i++)
            {
                var name = $"{zone}-{i}";
                nodes.AddFakeNode(name, zone);
                var pod = new Pod { Metadata = { Name = "pod-" + name, Namespace = "default" } };
                pod.Spec.NodeName = name;
                pod.Spec.Containers.Add(new Container { Name = "c", Image = "app:v1" });
                c.Api.Create(pod);
            }
        }

        c.RunUntil(TimeSpan.FromSeconds(61));
        return (c, nodes);
    }

    private static string Key(string zone) => NodeTopology.ZoneKey("", zone);

    private static Taint? NoExecute(Sim.Cluster c, string node) =>
        c.Store.Get<Node>("", node)!.Spec.Taints.Find(t => t.Effect == "NoExecute");

    [Fact]
    public void OneZoneDownIsFullDisruptionAndEvictsOneNodeEveryTenSeconds()
    {
        var (c, nodes) = Start();
        using var _c = c;
        Assert.All(Zones, z => Assert.Equal(ZoneState.Normal, c.NodeLifecycle.Zones[Key(z)]));
        foreach (var n in new[] { "a-1", "a-2", "a-3" })
        {
            nodes.Stop(n);
        }

        c.RunUntil(TimeSpan.FromSeconds(105));
        Assert.Equal(ZoneState.FullDisruption, c.NodeLifecycle.Zones[Key("a")]);
        Assert.Equal(ZoneState.Normal, c.NodeLifecycle.Zones[Key("b")]);
        Assert.Equal(ZoneState.Normal, c.NodeLifecycle.Zones[Key("c")]);
        Assert.Equal(0.1f, c.NodeLifecycle.ZoneLimiter(Key("a"))!.Qps); // HealthyQPSFunc: full disruption of one zone keeps the normal rate

        c.RunUntil(TimeSpan.FromSeconds(200));
        var added = new[] { "a-1", "a-2", "a-3" }.Select(n => NoExecute(c, n)?.TimeAdded).Order().ToList();
        Assert.Equal([TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(130)], added);
        Assert.All(new[] { "b-1", "b-2", "b-3", "c-1", "c-2", "c-3" }, n => Assert.Null(NoExecute(c, n)));

        c.RunUntil(TimeSpan.FromSeconds(500));
        var deleted = new[] { "a-1", "a-2", "a-3" }.Select(n => c.Store.Get<Pod>("default", "pod-" + n)!.Metadata.DeletionTimestamp).Order().ToList();
        Assert.Equal([TimeSpan.FromSeconds(410), TimeSpan.FromSeconds(420), TimeSpan.FromSeconds(430)], deleted);
        Assert.All(new[] { "b-1", "b-2", "b-3", "c-1", "c-2", "c-3" }, n => Assert.Null(c.Store.Get<Pod>("default", "pod-" + n)!.Metadata.DeletionTimestamp));
    }

    [Fact]
    public void AllZonesDownStopsEvictions()
    {
        var (c, nodes) = Start();
        using var _c = c;
        foreach (var zone in Zones)
        {
            for (int i = 1; i <= 3; i++)
            {
                nodes.Stop($"{zone}-{i}");
            }
        }

        c.RunUntil(TimeSpan.FromSeconds(105));
        Assert.All(Zones, z => Assert.Equal(ZoneState.FullDisruption, c.NodeLifecycle.Zones[Key(z)]));
        Assert.All(Zones, z => Assert.IsType<NeverRateLimiter>(c.NodeLifecycle.ZoneLimiter(Key(z))));

        c.RunUntil(TimeSpan.FromMinutes(15));
        foreach (var node in c.Store.List<Node>())
        {
            Assert.Equal("Unknown", node.Status.GetCondition("Ready")!.Status);
            Assert.Equal(["node.kubernetes.io/unreachable:NoSchedule"], node.Spec.Taints.Select(t => t.ToString()));
        }

        Assert.All(c.Store.List<Pod>("default"), p =>
        {
            Assert.Null(p.Metadata.DeletionTimestamp);
            Assert.Equal("False", p.Status.GetCondition("Ready")!.Status);
        });
        Assert.DoesNotContain(c.Events.Events, e => e.Reason == "TaintManagerEviction");
    }

    [Fact]
    public void AZoneComingBackEndsMasterDisruptionAndRestartsEveryGracePeriod()
    {
        var (c, nodes) = Start();
        using var _c = c;
        foreach (var zone in Zones)
        {
            for (int i = 1; i <= 3; i++)
            {
                nodes.Stop($"{zone}-{i}");
            }
        }

        c.RunUntil(TimeSpan.FromSeconds(300));
        foreach (var n in new[] { "b-1", "b-2", "b-3" })
        {
            nodes.Resume(n);
        }

        c.RunUntil(TimeSpan.FromSeconds(305));
        Assert.Equal(ZoneState.Normal, c.NodeLifecycle.Zones[Key("b")]);
        Assert.Equal(ZoneState.FullDisruption, c.NodeLifecycle.Zones[Key("a")]);
        Assert.Equal(0.1f, c.NodeLifecycle.ZoneLimiter(Key("a"))!.Qps);

        // Zones a and c are fully disrupted but not all zones are: tainting resumes at 0.1 per second in each.
        // SwapLimiter drains the new bucket because the stopped zone's limiter had no token, so the first
        // taint waits one full period after the 305 s health check.
        c.RunUntil(TimeSpan.FromSeconds(400));
        foreach (var zone in new[] { "a", "c" })
        {
            var added = Enumerable.Range(1, 3).Select(i => NoExecute(c, $"{zone}-{i}")?.TimeAdded).Order().ToList();
            Assert.Equal([TimeSpan.FromSeconds(315), TimeSpan.FromSeconds(325), TimeSpan.FromSeconds(335)], added);
        }

        Assert.All(new[] { "b-1", "b-2", "b-3" }, n => Assert.Empty(c.Store.Get<Node>("", n)!.Spec.Taints));
    }
}
