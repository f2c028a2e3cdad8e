using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Kubelet;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// A Deployment rolled from image v1 to v2: random replicas, maxSurge and maxUnavailable (counts or
/// percentages, never both zero, as validation requires), readiness delays of both images, minReadySeconds,
/// on three nodes with room for every pod.
/// </summary>
public sealed record DeploymentCase(int Seed, int Replicas, IntOrString MaxSurge, IntOrString MaxUnavailable, int OldReadySeconds, int NewReadySeconds, int PullSeconds, int MinReadySeconds)
{
    /// <summary>Rollouts that can finish (every pod eventually ready) finish well within this, in the worst case generated.</summary>
    public static readonly TimeSpan RolloutBound = TimeSpan.FromMinutes(15);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed={Seed} replicas={Replicas} maxSurge={MaxSurge} maxUnavailable={MaxUnavailable} ready(v1)={OldReadySeconds}s ready(v2)={NewReadySeconds}s pull={PullSeconds}s minReadySeconds={MinReadySeconds}");

    public static Gen<DeploymentCase> Any =>
        from seed in Gen.Choose(1, 1_000_000)
        from replicas in Gen.Choose(1, 12)
        from surge in IntOrPercentGen
        from unavailable in IntOrPercentGen
        from oldReady in Gen.Choose(0, 15)
        from newReady in Gen.Choose(0, 15)
        from pull in Gen.Choose(0, 3)
        from minReady in Gen.Elements(0, 0, 3)
        where !(Value(surge) == 0 && Value(unavailable) == 0)
        select new DeploymentCase(seed, replicas, surge, unavailable, oldReady, newReady, pull, minReady);

    private static Gen<IntOrString> IntOrPercentGen =>
        Gen.OneOf(
            Gen.Choose(0, 4).Select(IntOrString.FromInt),
            Gen.Elements(0, 10, 25, 33, 50, 100).Select(p => IntOrString.FromString(p.ToString(CultureInfo.InvariantCulture) + "%")));

    private static int Value(IntOrString v) => v.IsString ? int.Parse(v.StringValue![..^1], CultureInfo.InvariantCulture) : v.IntValue;

    /// <summary>
    /// The bounds as the Kubernetes documentation states them, computed here independently of the controller:
    /// maxSurge rounds up, maxUnavailable down, and when both come to 0 maxUnavailable is 1.
    /// </summary>
    public (int Surge, int Unavailable) Bounds()
    {
        int surge = MaxSurge.IsString ? (int)Math.Ceiling(Value(MaxSurge) * Replicas / 100.0) : MaxSurge.IntValue;
        int unavailable = MaxUnavailable.IsString ? (int)Math.Floor(Value(MaxUnavailable) * Replicas / 100.0) : MaxUnavailable.IntValue;
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, Math.Min(unavailable, Replicas));
    }

    /// <summary>The cluster with the Deployment created at t=0 (v1); the caller runs it.</summary>
    public (Cluster Cluster, Deployment Deployment) Build(int newImageReadySeconds)
    {
        var images = new ImageCatalog(new Dictionary<string, ImageBehavior>(StringComparer.Ordinal)
        {
            ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(PullSeconds), ReadyAfter = TimeSpan.FromSeconds(OldReadySeconds) },
            ["app:v2"] = new() { PullTime = TimeSpan.FromSeconds(PullSeconds), ReadyAfter = TimeSpan.FromSeconds(newImageReadySeconds) },
        });
        var cluster = new Cluster(Seed, images: images);
        for (int i = 1; i <= 3; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + i.ToString(CultureInfo.InvariantCulture) } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("8");
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("16Gi");
            cluster.AddNode(node);
        }

        var d = new Deployment
        {
            ApiVersion = "apps/v1",
            Metadata = { Name = "web", Namespace = "default" },
            Replicas = Replicas,
            MinReadySeconds = MinReadySeconds,
            Selector = new LabelSelector { MatchLabels = { ["app"] = "web" } },
            Strategy = new DeploymentStrategy { RollingUpdate = new RollingUpdateDeployment { MaxSurge = MaxSurge, MaxUnavailable = MaxUnavailable } },
        };
        d.Template.Metadata.Labels["app"] = "web";
        d.Template.Spec.Containers.Add(new Container { Name = "web", Image = "app:v1" });
        cluster.Api.Create(d);
        return (cluster, d);
    }
}

/// <summary>
/// Rolling update invariants: at every event of an update (no faults, room for every pod) at least
/// replicas - maxUnavailable pods are available and at most replicas + maxSurge pods are live (not
/// terminating), and a rollout whose pods can become ready finishes with every replica updated and
/// available. Each has a deliberately broken variant that must fail.
/// </summary>
public class DeploymentProperties
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    [Fact]
    public void RollingUpdateStaysWithinMaxSurgeAndMaxUnavailable()
    {
        Check.One(PropertyRuns.Config(12), Prop.ForAll(DeploymentCase.Any.ToArbitrary(), c =>
        {
            var (surge, unavailable) = c.Bounds();
            return FirstBoundViolation(c, surge, unavailable) is null;
        }));
    }

    /// <summary>The surge bound is not vacuous: checked as if maxSurge were 0, it fails.</summary>
    [Fact]
    public void SurgeCheckFailsWithMaxSurgeTakenAsZero()
    {
        var surging = DeploymentCase.Any.Where(c => c.Bounds().Surge > 0);
        var broken = Prop.ForAll(surging.ToArbitrary(), c => FirstBoundViolation(c, 0, c.Bounds().Unavailable) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(6), broken));
    }

    /// <summary>The availability bound is not vacuous: checked as if maxUnavailable were 0, it fails.</summary>
    [Fact]
    public void AvailabilityCheckFailsWithMaxUnavailableTakenAsZero()
    {
        var unavailableAllowed = DeploymentCase.Any.Where(c => c.Bounds().Unavailable > 0);
        var broken = Prop.ForAll(unavailableAllowed.ToArbitrary(), c => FirstBoundViolation(c, c.Bounds().Surge, 0) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(6), broken));
    }

    [Fact]
    public void RolloutsThatCanFinishFinishWithEveryReplicaUpdatedAndAvailable()
    {
        Check.One(PropertyRuns.Config(12), Prop.ForAll(DeploymentCase.Any.ToArbitrary(), c => Unfinished(c, c.NewReadySeconds) is null));
    }

    /// <summary>The completion check fails when the new image never becomes ready.</summary>
    [Fact]
    public void CompletionCheckFailsWhenTheNewImageNeverBecomesReady()
    {
        var broken = Prop.ForAll(DeploymentCase.Any.ToArbitrary(), c => Unfinished(c, 1_000_000) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(6), broken));
    }

    /// <summary>Runs the rollout to v2, checking after every event; the first violation, or null.</summary>
    private static string? FirstBoundViolation(DeploymentCase c, int maxSurge, int maxUnavailable)
    {
        var (cluster, d) = c.Build(c.NewReadySeconds);
        using (cluster)
        {
            cluster.RunUntil(Settle);
            if (Unfinished(cluster, d, "app:v1") is { } notReady)
            {
                return "v1 never settled: " + notReady;
            }

            string? violation = null;
            cluster.Kernel.AfterEvent += () =>
            {
                if (violation is not null)
                {
                    return;
                }

                var live = LivePods(cluster, d);
                int available = live.Count(p => PodUtil.IsAvailable(p, d.MinReadySeconds, cluster.Now));
                if (live.Count > c.Replicas + maxSurge)
                {
                    violation = $"{live.Count} live pods at {cluster.Now} (bound {c.Replicas + maxSurge})";
                }
                else if (available < c.Replicas - maxUnavailable)
                {
                    violation = $"{available} available pods at {cluster.Now} (bound {c.Replicas - maxUnavailable})";
                }
            };
            SetImage(cluster, d, "app:v2");
            cluster.RunUntil(Settle + DeploymentCase.RolloutBound);
            return violation;
        }
    }

    private static string? Unfinished(DeploymentCase c, int newImageReadySeconds)
    {
        var (cluster, d) = c.Build(newImageReadySeconds);
        using (cluster)
        {
            cluster.RunUntil(Settle);
            SetImage(cluster, d, "app:v2");
            cluster.RunUntil(Settle + DeploymentCase.RolloutBound);
            return Unfinished(cluster, d, "app:v2");
        }
    }

    /// <summary>Null when every replica runs <paramref name="image"/>, is available, and the status says the rollout is complete.</summary>
    private static string? Unfinished(Cluster cluster, Deployment d, string image)
    {
        var live = LivePods(cluster, d);
        var s = d.Status;
        var progressing = DeploymentConditions.Get(s, DeploymentConditions.Progressing);
        bool done = live.Count == d.Replicas
            && live.All(p => p.Spec.Containers[0].Image == image && PodUtil.IsAvailable(p, d.MinReadySeconds, cluster.Now))
            && s.Replicas == d.Replicas && s.UpdatedReplicas == d.Replicas && s.AvailableReplicas == d.Replicas
            && s.ObservedGeneration == d.Metadata.Generation
            && progressing?.Reason == DeploymentConditions.NewRSAvailableReason;
        return done ? null : $"at {cluster.Now}: {live.Count} live pods, status {s.Replicas}/{s.UpdatedReplicas}/{s.AvailableReplicas}, {progressing?.Reason}";
    }

    private static List<Pod> LivePods(Cluster cluster, Deployment d) =>
        DeploymentUtil.ListReplicaSets(cluster.Store, d)
            .SelectMany(rs => cluster.Store.PodsOwnedBy(rs.Metadata.Uid))
            .Where(p => p.Metadata.DeletionTimestamp is null && !PodUtil.IsTerminal(p))
            .ToList();

    private static void SetImage(Cluster cluster, Deployment d, string image)
    {
        d.Template.Spec.Containers[0].Image = image;
        cluster.Api.Update(d, specChanged: true);
    }
}
