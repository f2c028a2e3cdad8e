using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Load;
using ClusterSim.Sim.Metrics;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// A whole cluster with an HPA under constant load: the replica count settles and then stays. With Kubernetes'
/// defaults (10% tolerance, 5-minute downscale stabilization, one-minute metric window) a constant, noise-free
/// load on a cluster with room for the maximum must reach a count that no later sync changes. The companion
/// test shows the check can fail: the same HPA reading a broken metrics pipeline that jitters each reading by
/// up to ±40% (no averaging), with tolerance and stabilization turned off, keeps rescaling.
/// </summary>
public class HpaSettlingProperties
{
    private static readonly TimeSpan RunFor = TimeSpan.FromMinutes(40);

    /// <summary>After 25 minutes of constant load, the target's replica count does not change in the next 15.</summary>
    [Fact]
    public void ReplicasSettleUnderConstantLoad()
    {
        Check.One(PropertyRuns.Config(8), Prop.ForAll(SettlingCase.Any.ToArbitrary(), c => Changes(c, broken: false, from: TimeSpan.FromMinutes(25)) == 0));
    }

    /// <summary>The settling check catches an HPA fed jittery metrics without tolerance or stabilization.</summary>
    [Fact]
    public void SettlingCheckCatchesAJitteryMetricsPipeline()
    {
        var broken = Prop.ForAll(SettlingCase.Any.ToArbitrary(), c => Changes(c, broken: true, from: TimeSpan.FromMinutes(25)) == 0);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(8), broken));
    }

    /// <summary>How many times the Deployment's spec.replicas changed after <paramref name="from"/>.</summary>
    private static int Changes(SettlingCase c, bool broken, TimeSpan from)
    {
        var config = broken
            ? new ControlPlaneConfig { HpaTolerance = 0, HpaDownscaleStabilization = TimeSpan.Zero }
            : new ControlPlaneConfig();
        var images = new ImageCatalog(new Dictionary<string, ImageBehavior>
        {
            ["web"] = new() { PullTime = TimeSpan.FromSeconds(5), StartTime = TimeSpan.FromSeconds(1), CpuIdle = Quantity.FromMilli(2), CpuPerRequest = Quantity.FromMilli(c.PerRequestMilli) },
        });
        using var cluster = new Cluster(c.Seed, config, images);
        for (int i = 0; i < 8; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + i.ToString(CultureInfo.InvariantCulture) } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.FromMilli(16000);
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("64Gi");
            cluster.AddNode(node);
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "web" };
        var deployment = new Deployment
        {
            ApiVersion = "apps/v1",
            Metadata = { Name = "web", Namespace = "default" },
            Replicas = 1,
            Selector = new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) },
        };
        deployment.Template.Metadata.Labels = new(labels, StringComparer.Ordinal);
        var container = new Container { Name = "web", Image = "web" };
        container.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(c.RequestMilli);
        deployment.Template.Spec.Containers.Add(container);
        cluster.Api.Create(deployment);
        cluster.Api.Create(new Service { Metadata = { Name = "web", Namespace = "default" }, Spec = { Selector = new(labels, StringComparer.Ordinal), Ports = [new ServicePort { Port = 80 }] } });
        var hpa = new HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Metadata = { Name = "web", Namespace = "default" },
            Spec =
            {
                ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                MinReplicas = 1,
                MaxReplicas = 40,
                Metrics = [new MetricSpec { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization", AverageUtilization = c.TargetPercent } } }],
            },
        };
        cluster.Api.Create(hpa);
        cluster.AddLoad(new LoadTargetRef("default", "Service", "web"), _ => c.Rps);
        if (broken)
        {
            cluster.Autoscalers.UseMetricsClient(new JitteryMetrics(cluster.Metrics, new RandomStream(c.Seed, "jitter")));
        }

        int changes = 0;
        int last = -1;
        cluster.Kernel.AfterEvent += () =>
        {
            if (cluster.Now >= from && deployment.Replicas != last)
            {
                changes += last >= 0 ? 1 : 0;
            }

            last = cluster.Now >= from ? deployment.Replicas : -1;
        };
        cluster.RunUntil(RunFor);
        return changes;
    }

    /// <summary>A broken metrics pipeline: each reading off by up to ±40%, independently per pod and per call.</summary>
    private sealed class JitteryMetrics(IResourceMetricsClient inner, RandomStream random) : IResourceMetricsClient
    {
        public SortedDictionary<string, PodMetric>? GetResourceMetric(string resource, string ns, Selector selector, out string? error)
        {
            var metrics = inner.GetResourceMetric(resource, ns, selector, out error);
            if (metrics is null)
            {
                return null;
            }

            var jittered = new SortedDictionary<string, PodMetric>(StringComparer.Ordinal);
            foreach (var (pod, m) in metrics)
            {
                jittered[pod] = m with { Value = (long)(m.Value * (0.6 + (0.8 * random.NextDouble()))) };
            }

            return jittered;
        }
    }
}

/// <summary>A constant load on a Deployment with an HPA: rps, CPU per request, request and target utilization.</summary>
public sealed record SettlingCase(long Seed, double Rps, int PerRequestMilli, int RequestMilli, int TargetPercent)
{
    /// <summary>Loads that need between about 1 and 30 pods at the target, so max 40 always leaves room.</summary>
    public static Gen<SettlingCase> Any =>
        from seed in Gen.Choose(1, 1_000_000)
        from perRequest in Gen.Choose(5, 40)
        from request in Gen.Elements(100, 200, 250, 500)
        from target in Gen.Choose(40, 90)
        from pods in Gen.Choose(1, 30)
        select new SettlingCase(seed, Math.Round(pods * request * target / 100.0 / perRequest * 0.9, 1), perRequest, request, target);
}
