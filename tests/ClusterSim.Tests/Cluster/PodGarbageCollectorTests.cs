using ClusterSim.Sim.Api;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Cluster;

public class PodGarbageCollectorTests
{
    [Fact]
    public void PodsOfADeletedNodeAreDeletedAfterTheQuarantineAndReplaced()
    {
        using var c = NewCluster(nodes: 2);
        c.Api.Create(Rc("web", 4));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var node = c.Store.Get<Node>("", "node-1")!;
        var onNode = c.Store.PodsOnNode("node-1").Select(p => p.Metadata.Name).ToList();
        Assert.NotEmpty(onNode);
        c.Kubelets["node-1"].Crash();
        c.Api.Delete(node);

        // Checked every 20s; a node must be missing for 40s: gone between 40s and 80s after the deletion.
        c.RunUntil(TimeSpan.FromSeconds(30 + 39));
        Assert.All(onNode, n => Assert.NotNull(c.Store.Get<Pod>("default", n)));
        c.RunUntil(TimeSpan.FromSeconds(30 + 81));
        Assert.All(onNode, n => Assert.Null(c.Store.Get<Pod>("default", n)));
        Assert.Contains(c.Events.Events, e => e.Reason == "PodGC");

        c.RunUntil(TimeSpan.FromMinutes(3));
        Assert.Equal(4, c.Store.Get<ReplicationController>("default", "web")!.Status.ReadyReplicas);
        Assert.All(c.Store.List<Pod>("default"), p => Assert.Equal("node-2", p.Spec.NodeName));
    }

    [Fact]
    public void ANodeBackWithinTheQuarantineKeepsItsPodsAndForgetsItWasMissing()
    {
        // The collector keeps the referenced nodes absent from the store from node and pod watches; a node that
        // comes back must be dropped from them, and the time it went missing forgotten at the next check.
        using var c = NewCluster(nodes: 2);
        c.Api.Create(Rc("web", 4));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var node = c.Store.Get<Node>("", "node-1")!;
        var onNode = c.Store.PodsOnNode("node-1").Select(p => p.Metadata.Name).ToList();
        Assert.NotEmpty(onNode);
        c.Api.Delete(node);

        // Missing at the check at 40 s; back at 50 s, before the check at 60 s.
        c.RunUntil(TimeSpan.FromSeconds(50));
        c.Api.Create(new Node { Metadata = { Name = "node-1" } });
        c.RunUntil(TimeSpan.FromSeconds(70));

        // Deleted again at 70 s: the quarantine counts from the check at 80 s, not from 40 s.
        c.Api.Delete(c.Store.Get<Node>("", "node-1")!);
        c.RunUntil(TimeSpan.FromSeconds(119));
        Assert.All(onNode, n => Assert.NotNull(c.Store.Get<Pod>("default", n)));
        Assert.DoesNotContain(c.Events.Events, e => e.Reason == "PodGC");
        c.RunUntil(TimeSpan.FromSeconds(120));
        Assert.All(onNode, n => Assert.Null(c.Store.Get<Pod>("default", n)));
    }

    [Fact]
    public void PodsBoundToANodeThatNeverExistedAreDeletedAfterTheQuarantine()
    {
        using var c = NewCluster(nodes: 1);
        var pod = new Pod { Metadata = { Name = "lost", Namespace = "default" } };
        pod.Spec.NodeName = "nowhere";
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "app:v1" });
        c.Api.Create(pod);

        // Seen missing at 20 s, deleted at 60 s.
        c.RunUntil(TimeSpan.FromSeconds(59));
        Assert.NotNull(c.Store.Get<Pod>("default", "lost"));
        c.RunUntil(TimeSpan.FromSeconds(60));
        Assert.Null(c.Store.Get<Pod>("default", "lost"));
        Assert.Contains(c.Events.Events, e => e.Reason == "PodGC" && e.Message == "Deleting orphaned pod: node nowhere does not exist");
    }

    [Fact]
    public void UnscheduledTerminatingPodsAreDeletedInKeyOrderAtTheNextCheck()
    {
        // Pods that cannot fit stay unscheduled; a deletionTimestamp written on them (as a force delete that
        // never reached the store would leave) is what gcUnscheduledTerminating collects.
        using var c = NewCluster(nodes: 1);
        c.Api.Create(Rc("huge", 3, cpu: "64"));
        c.RunUntil(TimeSpan.FromSeconds(5));
        var pending = PodsOf(c, "huge");
        Assert.Equal(3, pending.Count);
        Assert.All(pending, p => Assert.Equal("", p.Spec.NodeName));
        foreach (var pod in pending.AsEnumerable().Reverse().Take(2))
        {
            pod.Metadata.DeletionTimestamp = c.Now;
            c.Api.Update(pod);
        }

        var expected = pending.Skip(1).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        c.RunUntil(TimeSpan.FromSeconds(21));
        var deleted = c.Events.Events.Where(e => e.Reason == "PodGC").Select(e => e.InvolvedName).ToList();
        Assert.Equal(expected, deleted);
        Assert.NotNull(c.Store.Get<Pod>("default", pending[0].Metadata.Name));
    }
}
