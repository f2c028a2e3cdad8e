using ClusterSim.Sim.Api;
using ClusterSim.Sim.Faults;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Cluster;

public class FaultInjectorTests
{
    [Fact]
    public void RandomNodeCrashesAreSeededPerNodeAndAlternateWithRecoveries()
    {
        IReadOnlyList<FaultRecord> Run(long seed)
        {
            using var c = NewCluster(nodes: 3, seed: seed);
            var faults = new FaultInjector(c);
            faults.StartRandomNodeCrashes(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
            c.RunUntil(TimeSpan.FromHours(4));
            return faults.Records.ToList();
        }

        var a = Run(7);
        var b = Run(7);
        Assert.Equal(a.Select(r => (r.Time, r.Description)), b.Select(r => (r.Time, r.Description)));
        Assert.NotEqual(a.Select(r => (r.Time, r.Description)), Run(8).Select(r => (r.Time, r.Description)));
        Assert.True(a.Count(r => r.Description.StartsWith("node-crash", StringComparison.Ordinal)) >= 3, "about 8 crash per node expected over 4h at a 30m MTBF");
        foreach (var node in new[] { "node-1", "node-2", "node-3" })
        {
            var mine = a.Where(r => r.Nodes.Contains(node)).Select(r => r.Description.Split(' ')[0]).ToList();
            for (int i = 0; i < mine.Count; i++)
            {
                Assert.Equal(i % 2 == 0 ? "node-crash" : "node-recover", mine[i]);
            }
        }
    }

    [Fact]
    public void ACrashDuringAnImagePullAbandonsThePull()
    {
        // Found by the capacity invariant property: the pull's completion timer ran after the crash had wiped the
        // node's image cache and failed on the missing entry.
        using var c = NewCluster(nodes: 1);
        c.Api.Create(Rc("web", 2));
        c.RunUntil(TimeSpan.FromSeconds(1));
        var faults = new FaultInjector(c);
        Assert.Null(faults.NodeCrash("node-1"));
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.Null(faults.NodeRecover("node-1"));
        c.RunUntil(TimeSpan.FromMinutes(2));
        Assert.Equal(2, c.Store.Get<ReplicationController>("default", "web")!.Status.ReadyReplicas);
    }

    [Fact]
    public void FaultsThatCannotApplyReturnAWarning()
    {
        using var c = NewCluster(nodes: 1);
        var faults = new FaultInjector(c);
        Assert.Equal("node-recover: node \"node-1\" is not down at 0s; ignored", faults.NodeRecover("node-1"));
        Assert.Null(faults.NodeCrash("node-1"));
        Assert.Equal("node-crash: node \"node-1\" is already down at 0s; ignored", faults.NodeCrash("node-1"));
        Assert.Equal("node-crash: node \"nope\" does not exist", faults.NodeCrash("nope"));
        Assert.Equal("zone-outage: no node is in zone \"z\"", faults.ZoneOutage("z"));
        Assert.Equal(KubeletState.Crashed, c.Kubelets["node-1"].State);
    }

    [Fact]
    public void PodKillDeletesAtOnceAndTheControllerReplaces()
    {
        using var c = NewCluster(nodes: 1);
        c.Api.Create(Rc("web", 2));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var victim = PodsOf(c, "web")[0];
        Assert.Null(new FaultInjector(c).PodKill("default", victim.Metadata.Name));
        Assert.Null(c.Store.Get<Pod>("default", victim.Metadata.Name));
        c.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(2, c.Store.Get<ReplicationController>("default", "web")!.Status.ReadyReplicas);
    }

    [Fact]
    public void PartitionedKubeletKeepsContainersAndStopsDeletedPodsWhenItReconnects()
    {
        using var c = NewCluster(nodes: 2);
        c.Api.Create(Rc("web", 2));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var kubelet = c.Kubelets["node-1"];
        var pod = c.Store.PodsOnNode("node-1").First();
        Assert.True(kubelet.Disconnect());
        c.Api.Delete(pod);
        c.RunUntil(TimeSpan.FromSeconds(60));
        Assert.NotNull(c.Store.Get<Pod>("default", pod.Metadata.Name)); // Terminating: the kubelet cannot see the deletion
        Assert.Equal(1, kubelet.PodCount);
        Assert.True(kubelet.Reconnect());
        c.RunUntil(TimeSpan.FromSeconds(62));
        Assert.Null(c.Store.Get<Pod>("default", pod.Metadata.Name));
    }
}
