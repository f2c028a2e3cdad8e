using ClusterSim.Sim.Api;
using ClusterSim.Sim.Faults;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Deployments.DeploymentFixture;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>Rollouts meeting the scheduler and node failures: the same rules, no special cases.</summary>
public class InterplayTests
{
    [Fact]
    public void RolloutWithoutRoomForTheSurgeWaitsOnAPendingPod()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 1, cpu: "1", memory: "4Gi");
        var d = NewDeployment("web", 4, maxSurge: IntOrString.FromInt(1), maxUnavailable: IntOrString.FromInt(0));
        d.Template.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("250m");
        c.Api.Create(d);
        c.RunUntil(TimeSpan.FromMinutes(1));
        var live = c.Store.Get<Deployment>("default", "web")!;
        Assert.Equal(4, live.Status.AvailableReplicas);

        SetImage(c, live, "app:v2");
        c.RunUntil(TimeSpan.FromMinutes(3));
        var pending = c.Store.List<Pod>("default").Where(p => p.Status.Phase == "Pending" && p.Spec.NodeName.Length == 0).ToList();
        Assert.Single(pending);
        Assert.Contains(c.Events.Events, e => e.Reason == "FailedScheduling" && e.Message == "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..");
        Assert.Equal(4, live.Status.AvailableReplicas); // maxUnavailable 0: no old pod goes before a new one is available
        Assert.Equal(1, live.Status.UpdatedReplicas);

        c.RunUntil(TimeSpan.FromMinutes(13));
        Assert.Contains(live.Status.Conditions, x => x.Type == "Progressing" && x.Reason == "ProgressDeadlineExceeded");
    }

    [Fact]
    public void NodeCrashDuringARolloutIsHandledByTheSameRules()
    {
        var images = new Dictionary<string, ImageBehavior>
        {
            ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(2) },
            ["app:v2"] = new() { PullTime = TimeSpan.FromSeconds(2), ReadyAfter = TimeSpan.FromSeconds(20) },
        };
        using var c = NewCluster(images, nodes: 3);
        c.Api.Create(NewDeployment("web", 6));
        c.RunUntil(TimeSpan.FromMinutes(1));
        var live = c.Store.Get<Deployment>("default", "web")!;
        SetImage(c, live, "app:v2");
        c.RunUntil(TimeSpan.FromSeconds(70));
        Assert.Null(new FaultInjector(c).NodeCrash("node-2"));

        // NotReady after ~45s, eviction 300s later, replacements then: the rollout completes on the other nodes.
        c.RunUntil(TimeSpan.FromMinutes(9));
        Assert.Equal(6, live.Status.UpdatedReplicas);
        Assert.Equal(6, live.Status.AvailableReplicas);
        Assert.All(LivePods(c, live), p => Assert.NotEqual("node-2", p.Spec.NodeName));
        Assert.Contains(live.Status.Conditions, x => x.Type == "Progressing" && x.Reason == "NewReplicaSetAvailable");
    }
}
