using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Controllers.ClusterAutoscaling;

/// <summary>
/// The Cluster Autoscaler's scale-up on a simulated cluster: pending pods trigger a resize of the group whose
/// template they fit, nodes register after the provisioning delay and the pods run; the events say why or why not.
/// </summary>
public class ScaleUpTests
{
    private static readonly Dictionary<string, ImageBehavior> Images = new(StringComparer.Ordinal)
    {
        ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(5), ReadyAfter = TimeSpan.FromSeconds(2) },
    };

    private static NodeGroupSpec Group(string name, string cpu, int min = 1, int max = 5, int initial = 1, double? price = null, TimeSpan? delay = null) => new()
    {
        Name = name,
        MinSize = min,
        MaxSize = max,
        InitialSize = initial,
        Price = price,
        ProvisioningDelay = delay ?? TimeSpan.FromMinutes(3),
        NewNode = i =>
        {
            var node = new Node { Metadata = { Name = name + "-" + (i + 1).ToString(CultureInfo.InvariantCulture) } };
            node.Metadata.Labels["pool"] = name;
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse(cpu);
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("8Gi");
            return node;
        },
    };

    private static Sim.Cluster NewCluster(ClusterAutoscalerConfig? config = null, params NodeGroupSpec[] groups)
    {
        var c = new Sim.Cluster(1, new ControlPlaneConfig { ClusterAutoscaler = config ?? new() }, new ImageCatalog(Images));
        foreach (var g in groups)
        {
            c.AddNodeGroup(g);
        }

        return c;
    }

    private static List<string> Messages(Sim.Cluster c, string reason) =>
        c.Events.Events.Where(e => e.Reason == reason).Select(e => e.Message).Distinct().ToList();

    private static int Running(Sim.Cluster c) => c.Store.List<Pod>().Count(p => p.Status.Phase == "Running");

    [Fact]
    public void PendingPodsGetANodeAfterTheProvisioningDelay()
    {
        using var c = NewCluster(null, Group("worker", "2"));
        c.Api.Create(Rc("web", 8, cpu: "500m"));
        c.RunUntil(TimeSpan.FromSeconds(30));

        // One 2-CPU node holds 4 pods of 500m (nothing else runs on it); the other 4 need one more node.
        Assert.Equal(4, Running(c));
        Assert.Equal(2, c.Cloud!.TargetSize("worker"));
        Assert.Equal(["pod triggered scale-up: [{worker 1->2 (max: 5)}]"], Messages(c, "TriggeredScaleUp"));
        Assert.Equal(4, c.Events.Events.Count(e => e.Reason == "TriggeredScaleUp"));

        // The first loop that may scale up runs 10 s after the start (the pods were too new at the observer's loop).
        var triggered = c.Events.Events.First(e => e.Reason == "TriggeredScaleUp");
        Assert.Equal(TimeSpan.FromSeconds(10), triggered.FirstTimestamp);

        c.RunUntil(TimeSpan.FromMinutes(4));
        Assert.NotNull(c.Store.Get("Node", "worker-2"));
        Assert.Equal(8, Running(c));
        Assert.Equal(1, c.Autoscaler!.ScaleUps);

        // Paid: the first node for 4 minutes, the second from the create call at 10 s.
        Assert.Equal((240.0 + 230.0) / 3600, c.Cloud.InstanceHours("worker"), 9);
        Assert.Equal(2, c.Cloud.PeakInstances("worker"));
    }

    /// <summary>
    /// Replicas with required hostname anti-affinity: the estimator places them in CA's snapshot, where a pod put on a
    /// new node keeps the next one off it, so the two pending replicas ask for two nodes, not one.
    /// </summary>
    [Fact]
    public void PendingPodsWithAntiAffinityGetANodeEach()
    {
        using var c = NewCluster(null, Group("worker", "2"));
        var rc = Rc("web", 3, cpu: "100m");
        rc.Template.Spec.Affinity = new Affinity(null, PodAntiAffinity: new PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { LabelSelector = new LabelSelector { MatchLabels = { ["app"] = "web" } }, TopologyKey = "kubernetes.io/hostname" }],
        });
        c.Api.Create(rc);
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.Equal(1, Running(c));
        Assert.Equal(["pod triggered scale-up: [{worker 1->3 (max: 5)}]"], Messages(c, "TriggeredScaleUp"));

        c.RunUntil(TimeSpan.FromMinutes(4));
        Assert.Equal(3, Running(c));
        Assert.Equal(3, PodsOf(c, "web").Select(p => p.Spec.NodeName).Distinct().Count());
        Assert.Equal(1, c.Autoscaler!.ScaleUps);
    }

    [Fact]
    public void ExpendablePodsBelowTheCutoffTriggerNoScaleUp()
    {
        // core/utils/expendable.go: priority -100 < the default cutoff -10, so the pending pods are ignored; at the
        // cutoff itself they are not.
        using var c = NewCluster(null, Group("worker", "2"));
        c.Api.Create(new PriorityClass { Metadata = { Name = "expendable" }, Value = -100 });
        var rc = Rc("filler", 8, cpu: "500m");
        rc.Template.Spec.PriorityClassName = "expendable";
        c.Api.Create(rc);
        c.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(4, Running(c));
        Assert.Equal(1, c.Cloud!.TargetSize("worker"));
        Assert.Empty(Messages(c, "TriggeredScaleUp"));
        Assert.Empty(Messages(c, "NotTriggerScaleUp"));

        using var lowered = NewCluster(new ClusterAutoscalerConfig { ExpendablePodsPriorityCutoff = -100 }, Group("worker", "2"));
        lowered.Api.Create(new PriorityClass { Metadata = { Name = "expendable" }, Value = -100 });
        var rc2 = Rc("filler", 8, cpu: "500m");
        rc2.Template.Spec.PriorityClassName = "expendable";
        lowered.Api.Create(rc2);
        lowered.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(2, lowered.Cloud!.TargetSize("worker"));
    }

    [Fact]
    public void AGroupAtItsMaxSizeSaysSo()
    {
        using var c = NewCluster(null, Group("worker", "2", max: 1));
        c.Api.Create(Rc("web", 6, cpu: "500m"));
        c.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(1, c.Cloud!.TargetSize("worker"));
        Assert.Equal(["pod didn't trigger scale-up: 1 max node group size reached"], Messages(c, "NotTriggerScaleUp"));
    }

    [Fact]
    public void APodNoTemplateFitsGetsThePluginsReasons()
    {
        using var c = NewCluster(null, Group("small", "2"), Group("tiny", "1"));
        c.Api.Create(Rc("big", 1, cpu: "3"));
        c.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(["pod didn't trigger scale-up: 2 Insufficient cpu"], Messages(c, "NotTriggerScaleUp"));
        Assert.Equal(0, c.Autoscaler!.ScaleUps);
    }

    [Fact]
    public void LeastWastePicksTheGroupThePodsFillBest()
    {
        // 4 pods of 500m: one 2-CPU node (no CPU wasted) beats one 8-CPU node (75% wasted).
        using var c = NewCluster(null, Group("big", "8", initial: 0, min: 0), Group("small", "2", initial: 0, min: 0));
        c.Api.Create(Rc("web", 4, cpu: "500m"));
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.Equal(["pod triggered scale-up: [{small 0->1 (max: 5)}]"], Messages(c, "TriggeredScaleUp"));
    }

    [Fact]
    public void MostPodsPicksTheGroupThatHelpsTheMostPods()
    {
        // 6 pods of 1 CPU under max 1: a 2-CPU group helps 2 pods, an 8-CPU one all 6.
        using var c = NewCluster(new ClusterAutoscalerConfig { Expander = "most-pods" }, Group("small", "2", initial: 0, min: 0, max: 1), Group("big", "8", initial: 0, min: 0, max: 1));
        c.Api.Create(Rc("web", 6, cpu: "1"));
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.Equal(["pod triggered scale-up: [{big 0->1 (max: 1)}]"], Messages(c, "TriggeredScaleUp"));
    }

    [Fact]
    public void TheBinpackingEstimateFillsNodesFirstFitDecreasing()
    {
        // 10 pods of 700m on 2-CPU nodes: two a node, so 5 nodes (the estimate counts nodes that got a pod).
        using var c = NewCluster(null, Group("worker", "2", initial: 0, min: 0, max: 10));
        c.Api.Create(Rc("web", 10, cpu: "700m"));
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.Equal(["pod triggered scale-up: [{worker 0->5 (max: 10)}]"], Messages(c, "TriggeredScaleUp"));
        c.RunUntil(TimeSpan.FromMinutes(5));
        Assert.Equal(10, Running(c));
    }

    [Fact]
    public void AStockedOutGroupIsGivenUpAfterMaxNodeProvisionTimeAndBacksOff()
    {
        // The preferred group (least waste) has no capacity: after 15 minutes CA gives up on it, backs it off and
        // scales the other group instead.
        using var c = NewCluster(null, Group("small", "2", initial: 0, min: 0), Group("big", "8", initial: 0, min: 0));
        c.Cloud!.SetNoCapacity("small", until: null);
        c.Api.Create(Rc("web", 4, cpu: "500m"));
        c.RunUntil(TimeSpan.FromMinutes(14));
        Assert.Equal(0, Running(c));
        Assert.Equal(1, c.Cloud.TargetSize("small"));
        c.RunUntil(TimeSpan.FromMinutes(20));
        Assert.Equal(0, c.Cloud.TargetSize("small"));
        Assert.Equal(1, c.Cloud.TargetSize("big"));
        Assert.Equal(4, Running(c));

        // Instances that never started are not paid for.
        Assert.Equal(0, c.Cloud.InstanceHours("small"));
    }

    [Fact]
    public void PodsThatFitAnUpcomingNodeDoNotScaleUpAgain()
    {
        // While the first new node is on its way, later loops see the pods fit it and ask for nothing more.
        using var c = NewCluster(null, Group("worker", "2"));
        c.Api.Create(Rc("web", 8, cpu: "500m"));
        c.RunUntil(TimeSpan.FromMinutes(2));
        Assert.Equal(2, c.Cloud!.TargetSize("worker"));
        Assert.Equal(1, c.Autoscaler!.ScaleUps);
        Assert.True(c.Autoscaler.Loops > 5);
    }

    [Fact]
    public void WithoutANodeGroupThereIsNoAutoscaler()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(2);
        Assert.Null(c.Autoscaler);
        Assert.Null(c.Cloud);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(10, true)]
    public void AnUnhealthyClusterIsNotAutoscaled(int okTotalUnreadyCount, bool scalesUp)
    {
        // 4 of 5 nodes (created at 0) crash at 16 minutes: more than okTotalUnreadyCount (3) and 45% of the nodes are
        // unready past the 15-minute startup time, so CA does not scale up for pods created at 18 minutes. (The node
        // lifecycle controller evicts nothing either: 80% of the zone is down.)
        using var c = NewCluster(new ClusterAutoscalerConfig { OkTotalUnreadyCount = okTotalUnreadyCount }, Group("worker", "1", min: 0, max: 10, initial: 5));
        c.Api.Create(Rc("web", 5, cpu: "900m"));
        c.RunUntil(TimeSpan.FromMinutes(16));
        var faults = new Sim.Faults.FaultInjector(c);
        foreach (var n in new[] { "worker-1", "worker-2", "worker-3", "worker-4" })
        {
            faults.NodeCrash(n);
        }

        c.RunUntil(TimeSpan.FromMinutes(18));
        c.Api.Create(Rc("more", 2, cpu: "900m"));
        c.RunUntil(TimeSpan.FromMinutes(30));
        Assert.Equal(scalesUp, c.Autoscaler!.ScaleUps > 0);
    }
}
