using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Cluster;

public class ReplicationTests
{
    [Fact]
    public void RcCreatesItsReplicasAndReportsThemReady()
    {
        using var c = NewCluster();
        var rc = c.Api.Create(Rc("web", 3));
        c.RunUntil(TimeSpan.FromMinutes(1));
        var pods = PodsOf(c, "web");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Running", p.Status.Phase);
            Assert.True(PodUtil.IsReady(p));
            Assert.StartsWith("web-", p.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal(9, p.Metadata.Name.Length); // "web-" + 5 random characters, as generateName does
            Assert.Equal(rc.Metadata.Uid, p.Metadata.ControllerRef!.Uid);
            Assert.StartsWith("10.244.", p.Status.PodIP, StringComparison.Ordinal);
        });
        Assert.Equal(3, rc.Status.Replicas);
        Assert.Equal(3, rc.Status.ReadyReplicas);
        Assert.Equal(3, rc.Status.AvailableReplicas);
        Assert.Equal(3, rc.Status.FullyLabeledReplicas);
        Assert.Equal(3, c.Events.Events.Count(e => e.Reason == "SuccessfulCreate" && e.InvolvedName == "web"));
    }

    [Fact]
    public void ScaleDownDeletesPendingPodsFirst()
    {
        using var c = NewCluster(nodes: 1, cpu: "1");
        var rc = c.Api.Create(Rc("hungry", 3, cpu: "400m"));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var pending = PodsOf(c, "hungry").Single(p => p.Spec.NodeName.Length == 0);
        Assert.Equal("Pending", pending.Status.Phase);
        Assert.Contains(c.Events.Events, e => e.Reason == "FailedScheduling" && e.Message == "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..");

        rc.Replicas = 2;
        c.Api.Update(rc, specChanged: true);
        c.RunUntil(TimeSpan.FromSeconds(31));
        Assert.Null(c.Store.Get<Pod>("default", pending.Metadata.Name));
        Assert.Equal(2, PodsOf(c, "hungry").Count(p => p.Metadata.DeletionTimestamp is null));
    }

    [Fact]
    public void OrphanPodMatchingTheSelectorIsAdopted()
    {
        using var c = NewCluster();
        var orphan = new Pod { Metadata = { Name = "stray", Labels = { ["app"] = "web" } } };
        orphan.Spec.Containers.Add(new Container { Name = "web", Image = "app:v1" });
        c.Api.Create(orphan);
        var rc = c.Api.Create(Rc("web", 2));
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.Equal(rc.Metadata.Uid, orphan.Metadata.ControllerRef?.Uid);
        Assert.Equal(2, PodsOf(c, "web").Count);
    }

    [Fact]
    public void DeletingTheRcDeletesItsPodsGracefully()
    {
        using var c = NewCluster();
        var rc = c.Api.Create(Rc("web", 2));
        c.RunUntil(TimeSpan.FromSeconds(30));
        c.Api.Delete(rc);
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.All(PodsOf(c, "web"), p => Assert.NotNull(p.Metadata.DeletionTimestamp)); // Terminating
        c.RunUntil(TimeSpan.FromSeconds(35));
        Assert.Empty(PodsOf(c, "web"));
        Assert.Contains(c.Events.Events, e => e.Reason == "Killing");
    }

    [Fact]
    public void EndpointsListReadyPodsOnly()
    {
        var images = new Dictionary<string, ImageBehavior> { ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(2), StartTime = TimeSpan.FromSeconds(1), ReadyAfter = TimeSpan.FromSeconds(10) } };
        using var c = NewCluster(images: images);
        c.Api.Create(Rc("web", 2));
        var svc = new Service { Metadata = { Name = "web" }, Spec = { Selector = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "web" }, Ports = [new ServicePort { Port = 80, TargetPort = IntOrString.FromInt(8080) }] } };
        c.Api.Create(svc);
        c.RunUntil(TimeSpan.FromSeconds(5));
        var ep = c.Store.Get<Endpoints>("default", "web")!;
        Assert.Empty(ep.Subsets.SelectMany(s => s.Addresses));
        Assert.Equal(2, ep.Subsets.SelectMany(s => s.NotReadyAddresses).Count());
        c.RunUntil(TimeSpan.FromSeconds(20));
        Assert.Equal(2, ep.Subsets.SelectMany(s => s.Addresses).Count());
        Assert.All(ep.Subsets, s => Assert.Equal(8080, s.Ports.Single().Port));
    }

    [Fact]
    public void RequestedNodePortIsHonouredAndAClashIsRefused()
    {
        using var c = NewCluster();
        Service Svc(string name) => new()
        {
            Metadata = { Name = name },
            Spec = { Type = "NodePort", Selector = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "web" }, Ports = [new ServicePort { Port = 8080, NodePort = 30001 }] },
        };
        var first = c.Api.Create(Svc("myweb"));
        Assert.Equal(30001, first.Spec.Ports[0].NodePort);
        Assert.Equal(8080, first.Spec.Ports[0].TargetPort.IntValue);
        Assert.StartsWith("10.", first.Spec.ClusterIP, StringComparison.Ordinal);
        var e = Assert.Throws<Sim.Store.ApiException>(() => c.Api.Create(Svc("other")));
        Assert.Equal("Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated", e.Message);
    }
}
