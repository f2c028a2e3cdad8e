using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>A random autoscaled cluster: one node group, a ReplicationController whose size changes at 5 minutes, maybe a budget.</summary>
public sealed record AutoscaledCase(int Seed, int Min, int Max, int Initial, int NodeCpuMilli, int Replicas, int LaterReplicas, int PodCpuMilli, int? MinAvailable)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"seed={Seed} group=[{Min},{Max}] initial={Initial} node={NodeCpuMilli}m rc={Replicas}->{LaterReplicas}x{PodCpuMilli}m minAvailable={MinAvailable?.ToString(CultureInfo.InvariantCulture) ?? "-"}");

    public static Gen<AutoscaledCase> Any =>
        from seed in Gen.Choose(1, 1_000_000)
        from min in Gen.Choose(0, 2)
        from extra in Gen.Choose(1, 4)
        from initialExtra in Gen.Choose(0, extra)
        from nodeCpu in Gen.Elements(1000, 2000, 4000)
        from replicas in Gen.Choose(0, 12)
        from later in Gen.Choose(0, 12)
        from podCpu in Gen.Elements(100, 250, 500, 900)
        from budget in Gen.Elements<int?>(null, null, 1, 2, 4)
        select new AutoscaledCase(seed, min, min + extra, min + initialExtra, nodeCpu, replicas, later, podCpu, budget);

    public Cluster Build()
    {
        var images = new Sim.Kubelet.ImageCatalog(new Dictionary<string, Sim.Kubelet.ImageBehavior>(StringComparer.Ordinal)
        {
            ["app"] = new() { PullTime = TimeSpan.FromSeconds(3), ReadyAfter = TimeSpan.FromSeconds(2) },
        });
        var config = new ControlPlaneConfig
        {
            ClusterAutoscaler = new ClusterAutoscalerConfig { ScaleDownUnneededTime = TimeSpan.FromMinutes(2), ScaleDownDelayAfterAdd = TimeSpan.FromMinutes(2) },
        };
        var cluster = new Cluster(Seed, config, images);
        int nodeCpu = NodeCpuMilli;
        cluster.AddNodeGroup(new NodeGroupSpec
        {
            Name = "worker",
            MinSize = Min,
            MaxSize = Max,
            InitialSize = Initial,
            ProvisioningDelay = TimeSpan.FromMinutes(1),
            ProvisioningJitter = TimeSpan.FromSeconds(20),
            NewNode = i =>
            {
                var node = new Node { Metadata = { Name = "worker-" + (i + 1).ToString(CultureInfo.InvariantCulture) } };
                node.Status.Capacity[ResourceNames.Cpu] = Quantity.FromMilli(nodeCpu);
                node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("4Gi");
                return node;
            },
        });
        var rc = new ReplicationController { Metadata = { Name = "web" }, Replicas = Replicas };
        rc.Selector["app"] = "web";
        rc.Template.Metadata.Labels["app"] = "web";
        var container = new Container { Name = "web", Image = "app" };
        container.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(PodCpuMilli);
        rc.Template.Spec.Containers.Add(container);
        rc = cluster.Api.Create(rc);
        if (MinAvailable is { } min)
        {
            cluster.Api.Create(new PodDisruptionBudget
            {
                Metadata = { Name = "web", Namespace = "default" },
                Spec = { MinAvailable = IntOrString.FromInt(min), Selector = new LabelSelector { MatchLabels = new(StringComparer.Ordinal) { ["app"] = "web" } } },
            });
        }

        cluster.Kernel.ScheduleAt(TimeSpan.FromMinutes(5), () =>
        {
            rc.Replicas = LaterReplicas;
            cluster.Api.Update(rc, specChanged: true);
        });
        return cluster;
    }
}

/// <summary>
/// The Cluster Autoscaler's bounds, over random clusters and loads: a node group never goes above its max or
/// below its min, and scale-down never takes a pod its budget protects (ready pods stay at or above minAvailable
/// whenever they were there before the autoscaler's eviction). Each has a companion showing the check can fail.
/// </summary>
public class ClusterAutoscalerProperties
{
    private static readonly TimeSpan RunFor = TimeSpan.FromMinutes(20);

    [Fact]
    public void NodeGroupsStayWithinTheirBounds()
    {
        Check.One(PropertyRuns.Config(15), Prop.ForAll(AutoscaledCase.Any.ToArbitrary(), c => OutOfBounds(c, c.Min, c.Max) is null));
    }

    [Fact]
    public void TheBoundsCheckCatchesAGroupThatGrew()
    {
        // A claimed max below what the pods need: the check must notice the group going past it.
        var needy = AutoscaledCase.Any.Select(c => c with { Min = 0, Initial = 0, Max = 3, NodeCpuMilli = 1000, Replicas = 12, PodCpuMilli = 900, MinAvailable = null });
        var broken = Prop.ForAll(needy.ToArbitrary(), c => OutOfBounds(c, 0, 1) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(5), broken));
    }

    [Fact]
    public void ScaleDownNeverEvictsPastABudget()
    {
        var budgeted = AutoscaledCase.Any.Where(c => c.MinAvailable is not null);
        Check.One(PropertyRuns.Config(15), Prop.ForAll(budgeted.ToArbitrary(), c => EvictedPastBudget(c) is null));
    }

    [Fact]
    public void TheBudgetCheckSeesScaleDownEvictions()
    {
        // Not vacuous: a cluster that shrinks from 3 busy nodes to what 2 pods need does evict through the API.
        var c = new AutoscaledCase(7, 0, 3, 3, 2000, 6, 2, 500, 1);
        Assert.Null(EvictedPastBudget(c, out int evictions));
        Assert.True(evictions > 0, "no eviction happened");
    }

    [Fact]
    public void EveryLongPendingPodHasAScaleUpEvent()
    {
        // A pod left pending longer than a loop, the provisioning delay and its jitter, and a minute to schedule
        // either ran or was told why by the autoscaler (TriggeredScaleUp or NotTriggerScaleUp).
        Check.One(PropertyRuns.Config(15), Prop.ForAll(AutoscaledCase.Any.ToArbitrary(), c => SilentPendingPod(c, TimeSpan.FromSeconds(10 + 60 + 20 + 60)) is null));
    }

    [Fact]
    public void TheReasonCheckCatchesASilentAutoscaler()
    {
        // With a window shorter than the autoscaler's first loop can answer in, the check must find a pod without a reason.
        var pending = AutoscaledCase.Any.Select(c => c with { Min = 0, Initial = 0, Max = 2, Replicas = 6, PodCpuMilli = 900 });
        var broken = Prop.ForAll(pending.ToArbitrary(), c => SilentPendingPod(c, TimeSpan.FromSeconds(1)) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(5), broken));
    }

    /// <summary>The first pod pending longer than <paramref name="window"/> with no scale-up event, or null.</summary>
    private static string? SilentPendingPod(AutoscaledCase c, TimeSpan window)
    {
        using var cluster = c.Build();
        string? failure = null;
        cluster.Kernel.AfterEvent += () =>
        {
            if (failure is not null)
            {
                return;
            }

            foreach (var pod in cluster.Store.List<Pod>())
            {
                if (pod.Spec.NodeName.Length == 0 && pod.Metadata.DeletionTimestamp is null && cluster.Now - pod.Metadata.CreationTimestamp > window
                    && !cluster.Events.For(pod.Metadata.Uid).Any(e => e.Reason is "TriggeredScaleUp" or "NotTriggerScaleUp"))
                {
                    failure = $"at {cluster.Now}: {pod.Metadata.Name} pending since {pod.Metadata.CreationTimestamp} with no scale-up event";
                    return;
                }
            }
        };
        cluster.RunUntil(RunFor);
        return failure;
    }

    /// <summary>The first time the group's target size or its nodes left [min, max], or null.</summary>
    private static string? OutOfBounds(AutoscaledCase c, int min, int max)
    {
        using var cluster = c.Build();
        string? failure = null;
        cluster.Kernel.AfterEvent += () =>
        {
            int target = cluster.Cloud!.TargetSize("worker");
            int nodes = cluster.Cloud.Nodes("worker").Count;
            if (failure is null && (target < min || target > max || nodes > max))
            {
                failure = $"at {cluster.Now}: target {target}, nodes {nodes}, bounds [{min}, {max}]";
            }
        };
        cluster.RunUntil(RunFor);
        return failure;
    }

    /// <summary>
    /// The first autoscaler eviction (the pod gets EvictionByEvictionAPI) that left fewer ready pods than the
    /// budget's minAvailable while at least that many were ready before it, or null.
    /// </summary>
    private static string? EvictedPastBudget(AutoscaledCase c) => EvictedPastBudget(c, out _);

    private static string? EvictedPastBudget(AutoscaledCase c, out int evictions)
    {
        using var cluster = c.Build();
        string? failure = null;
        int readyBefore = 0;
        var evicted = new HashSet<string>(StringComparer.Ordinal);
        cluster.Kernel.AfterEvent += () =>
        {
            var pods = cluster.Store.List<Pod>().ToList();
            int ready = pods.Count(p => p.Metadata.DeletionTimestamp is null && PodUtil.IsReady(p));
            bool newEviction = false;
            foreach (var p in pods)
            {
                if (p.Status.GetCondition("DisruptionTarget")?.Reason == "EvictionByEvictionAPI" && evicted.Add(p.Metadata.Uid))
                {
                    newEviction = true;
                }
            }

            if (failure is null && newEviction && readyBefore >= c.MinAvailable && ready < c.MinAvailable)
            {
                failure = $"at {cluster.Now}: {ready} ready after an eviction, budget {c.MinAvailable}";
            }

            readyBefore = ready;
        };
        cluster.RunUntil(RunFor);
        evictions = evicted.Count;
        return failure;
    }
}
