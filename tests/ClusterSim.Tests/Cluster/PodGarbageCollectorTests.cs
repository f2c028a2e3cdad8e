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
