using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Controllers.ClusterAutoscaling;

/// <summary>
/// The Cluster Autoscaler's scale-down on a simulated cluster: underutilized nodes whose pods fit elsewhere are
/// removed after scaleDownUnneededTime (and not within scaleDownDelayAfterAdd of a scale-up), drained through the
/// eviction API; what blocks removal (a pod without a controller, a budget allowing nothing, the annotation) does.
/// </summary>
public class ScaleDownTests
{
    private static readonly Dictionary<string, ImageBehavior> Images = new(StringComparer.Ordinal)
    {
        ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(5), ReadyAfter = TimeSpan.FromSeconds(2) },
    };

    private static Sim.Cluster NewCluster(int initial, int min = 1, int max = 5)
    {
        var c = new Sim.Cluster(1, new ControlPlaneConfig(), new ImageCatalog(Images));
        c.AddNodeGroup(new NodeGroupSpec
        {
            Name = "worker",
            MinSize = min,
            MaxSize = max,
            InitialSize = initial,
            NewNode = i =>
            {
                var node = new Node { Metadata = { Name = "worker-" + (i + 1).ToString(CultureInfo.InvariantCulture) } };
                node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("2");
                node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("8Gi");
                return node;
            },
        });
        return c;
    }

    private static int Nodes(Sim.Cluster c) => c.Store.Count("Node");

    [Fact]
    public void EmptyNodesGoTogetherAfterTheUnneededTime()
    {
        using var c = NewCluster(initial: 3);
        c.RunUntil(TimeSpan.FromMinutes(10));
        Assert.Equal(3, Nodes(c));
        Assert.Equal(3, c.Autoscaler!.Unneeded.Count);

        // Unneeded nodes carry the soft taint from the first loop (10 s), valued with the unix time then.
        var soft = Assert.Single(((Node)c.Store.Get("Node", "worker-1")!).Spec.Taints, t => t.Key == ClusterAutoscaler.DeletionCandidateTaint);
        Assert.Equal(("PreferNoSchedule", (c.Epoch + TimeSpan.FromSeconds(10)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), (soft.Effect, soft.Value));

        // Unneeded since the first loop (10 s); removable once 10 minutes have passed (strictly), both at once, down to min 1.
        c.RunUntil(TimeSpan.FromMinutes(11));
        Assert.Equal(1, Nodes(c));
        Assert.Equal(1, c.Cloud!.TargetSize("worker"));
        Assert.Equal(2, c.Autoscaler.NodesRemoved);
        Assert.Contains(c.Events.Events, e => e.Reason == "ScaleDown" && e.Message == "marked the node as toBeDeleted/unschedulable");

        // "nodes removed by cluster autoscaler" shares the reason and the node with the taint's event 5 s earlier: CA's
        // event spam filter (one per reason and object per 5 minutes) drops it.
        Assert.DoesNotContain(c.Events.Events, e => e.Reason == "ScaleDown" && e.Message == "nodes removed by cluster autoscaler");
    }

    [Fact]
    public void AfterTheLoadGoesTheExtraNodeIsDrainedAndRemoved()
    {
        using var c = NewCluster(initial: 1);
        var rc = c.Api.Create(Rc("web", 8, cpu: "500m"));
        c.RunUntil(TimeSpan.FromMinutes(4));
        Assert.Equal(2, Nodes(c));

        rc.Replicas = 2;
        c.Api.Update(rc, specChanged: true);

        // Not before scaleDownDelayAfterAdd (10 minutes after the scale-up at 10 s) nor 10 minutes unneeded.
        c.RunUntil(TimeSpan.FromMinutes(14));
        Assert.Equal(2, Nodes(c));
        c.RunUntil(TimeSpan.FromMinutes(20));
        Assert.Equal(1, Nodes(c));
        Assert.Equal(2, c.Store.List<Pod>().Count(p => p.Status.Phase == "Running" && p.Metadata.DeletionTimestamp is null));
    }

    /// <summary>
    /// core/utils/expendable.go: CA's snapshot leaves expendable pods out, so a node whose only pod is a bare pod of
    /// priority -100 (below the -10 cutoff) is empty to it and goes with the other one down to min 0, where the same
    /// pod at priority 0 keeps it (APodWithoutAControllerKeepsItsNode).
    /// </summary>
    [Fact]
    public void AnExpendablePodDoesNotKeepItsNode()
    {
        using var c = NewCluster(initial: 2, min: 0);
        c.Api.Create(new PriorityClass { Metadata = { Name = "expendable" }, Value = -100 });
        var pod = new Pod { Metadata = { Name = "bare", Namespace = "default" } };
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "app:v1" });
        pod.Spec.NodeName = "worker-2";
        pod.Spec.PriorityClassName = "expendable";
        c.Api.Create(pod);
        c.RunUntil(TimeSpan.FromMinutes(30));
        Assert.Equal(0, Nodes(c));
    }

    [Fact]
    public void APodWithoutAControllerKeepsItsNode()
    {
        using var c = NewCluster(initial: 2);
        var pod = new Pod { Metadata = { Name = "bare", Namespace = "default" } };
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "app:v1" });
        pod.Spec.NodeName = "worker-2";
        c.Api.Create(pod);
        c.RunUntil(TimeSpan.FromMinutes(30));
        Assert.NotNull(c.Store.Get("Node", "worker-2"));
        Assert.Null(c.Store.Get("Node", "worker-1"));
    }

    [Fact]
    public void TheScaleDownDisabledAnnotationKeepsANode()
    {
        using var c = NewCluster(initial: 2);
        var node = (Node)c.Store.Get("Node", "worker-1")!;
        node.Metadata.Annotations["cluster-autoscaler.kubernetes.io/scale-down-disabled"] = "true";
        c.Api.Update(node);
        c.RunUntil(TimeSpan.FromMinutes(30));
        Assert.NotNull(c.Store.Get("Node", "worker-1"));
        Assert.Null(c.Store.Get("Node", "worker-2"));
    }

    [Fact]
    public void ABudgetThatAllowsNoDisruptionBlocksRemoval()
    {
        using var c = NewCluster(initial: 2);
        c.Api.Create(Rc("web", 2, cpu: "100m"));
        c.Api.Create(new PodDisruptionBudget
        {
            Metadata = { Name = "web", Namespace = "default" },
            Spec = { MinAvailable = IntOrString.FromInt(2), Selector = new LabelSelector { MatchLabels = new(StringComparer.Ordinal) { ["app"] = "web" } } },
        });
        c.RunUntil(TimeSpan.FromMinutes(30));
        Assert.Equal(2, Nodes(c));
        Assert.Empty(c.Autoscaler!.Unneeded);
    }

    [Fact]
    public void UtilizationIsTheLargerShareOfRequestedOverAllocatable()
    {
        var node = new Node { Metadata = { Name = "n" } };
        node.Status.Allocatable[ResourceNames.Cpu] = Quantity.Parse("4");
        node.Status.Allocatable[ResourceNames.Memory] = Quantity.Parse("8Gi");
        var pod = new Pod { Metadata = { Name = "p" } };
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "i", Resources = { Requests = { [ResourceNames.Cpu] = Quantity.Parse("1"), [ResourceNames.Memory] = Quantity.Parse("6Gi") } } });
        Assert.Equal(0.75, ClusterAutoscaler.Utilization(Sim.Scheduling.NodeInfo.Create(node, pod)), 10);
    }

    [Fact]
    public void ADeletedNodeNeverComesBack()
    {
        // The instance is gone: a node-recover (or a random-node-crash's recovery) cannot bring it back.
        using var c = NewCluster(initial: 2);
        c.RunUntil(TimeSpan.FromMinutes(11));
        Assert.Null(c.Store.Get("Node", "worker-1"));
        var faults = new Sim.Faults.FaultInjector(c);
        Assert.NotNull(faults.NodeRecover("worker-1"));
        c.RunUntil(TimeSpan.FromMinutes(12));
        Assert.Null(c.Store.Get("Node", "worker-1"));
        Assert.True(c.Kubelets["worker-1"].Terminated);
    }

    [Fact]
    public void RandomCrashesReachNodesAddedLater()
    {
        using var c = NewCluster(initial: 1);
        var faults = new Sim.Faults.FaultInjector(c);
        faults.StartRandomNodeCrashes(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
        c.Api.Create(Rc("web", 8, cpu: "500m"));
        c.RunUntil(TimeSpan.FromHours(2));
        Assert.Contains(faults.Records, r => r.Description == "node-crash worker-2");
    }
}
