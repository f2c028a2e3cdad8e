using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Load;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// A whole cluster with an HPA: a Deployment "web" (200m CPU requested, 1000m limit, 10m CPU per request/s)
/// behind an HPA at 50% CPU with random bounds and, half the time, a behavior with one random rate policy
/// each way; load changes to a random rate every <see cref="StepSeconds"/>. Three nodes with room for the
/// maximum. The controllers, metrics and load model all run, unlike <see cref="HpaSequenceCase"/>, which
/// drives the normalizer alone.
/// </summary>
public sealed record HpaClusterCase(int Seed, int Min, int Max, RatePolicy? Up, RatePolicy? Down, IReadOnlyList<int> Rps)
{
    public const int StepSeconds = 120;

    public TimeSpan RunFor => TimeSpan.FromSeconds(StepSeconds * Rps.Count);

    public int Size => Max + Rps.Count + (Up is null ? 0 : 1);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"seed={Seed} min={Min} max={Max} up={Up} down={Down} rps=[{string.Join(",", Rps)}]");

    public static Gen<HpaClusterCase> Any =>
        from seed in Gen.Choose(1, 1_000_000)
        from min in Gen.Choose(1, 3)
        from max in Gen.Choose(min, 8)
        from behavior in Gen.Elements(false, true)
        from up in RatePolicy.Any
        from down in RatePolicy.Any
        from steps in Gen.Choose(2, 5)
        from rps in Gen.ListOf(Gen.Elements(0, 5, 20, 40, 80, 150), steps)
        select new HpaClusterCase(seed, min, max, behavior ? up : null, behavior ? down : null, rps.ToList());

    public static Arbitrary<HpaClusterCase> Arbitrary(Gen<HpaClusterCase> gen, int budget = 40)
    {
        int tried = 0;
        return Arb.From(gen, c => Candidates(c).TakeWhile(_ => tried++ < budget));
    }

    private static IEnumerable<HpaClusterCase> Candidates(HpaClusterCase c)
    {
        for (int i = 0; i < c.Rps.Count && c.Rps.Count > 1; i++)
        {
            yield return c with { Rps = c.Rps.Where((_, j) => j != i).ToList() };
        }

        if (c.Up is not null)
        {
            yield return c with { Up = null, Down = null };
        }

        if (c.Max > c.Min)
        {
            yield return c with { Max = c.Max - 1 };
        }

        if (c.Min > 1)
        {
            yield return c with { Min = c.Min - 1 };
        }
    }

    public Cluster Build(Func<HorizontalPodAutoscaler, int, int, int, int>? normalizerSeam = null)
    {
        var images = new ImageCatalog(new Dictionary<string, ImageBehavior>(StringComparer.Ordinal)
        {
            ["web"] = new() { PullTime = TimeSpan.FromSeconds(2), ReadyAfter = TimeSpan.FromSeconds(5), CpuPerRequest = Quantity.FromMilli(10) },
        });
        var cluster = new Cluster(Seed, images: images);
        cluster.Autoscalers.NormalizedReplicasSeam = normalizerSeam;
        for (int i = 1; i <= 3; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + i.ToString(CultureInfo.InvariantCulture) } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("4");
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("8Gi");
            cluster.AddNode(node);
        }

        var d = new Deployment
        {
            ApiVersion = "apps/v1",
            Metadata = { Name = "web", Namespace = "default" },
            Replicas = Min,
            Selector = new LabelSelector { MatchLabels = { ["app"] = "web" } },
        };
        d.Template.Metadata.Labels["app"] = "web";
        var container = new Container { Name = "web", Image = "web" };
        container.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(200);
        container.Resources.Limits[ResourceNames.Cpu] = Quantity.FromMilli(1000);
        d.Template.Spec.Containers.Add(container);
        cluster.Api.Create(d);

        var hpa = new HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Metadata = { Name = "web", Namespace = "default" },
            Spec = AutoscalingV1.Spec(new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" }, Min, Max, 50),
        };
        if (Up is not null)
        {
            hpa.Spec.Behavior = new HorizontalPodAutoscalerBehavior { ScaleUp = Up.Rules(0), ScaleDown = Down!.Rules(60) };
        }

        cluster.Api.Create(hpa);
        var rps = Rps;
        cluster.AddLoad(new LoadTargetRef("default", "Deployment", "web"), t => rps[Math.Min(rps.Count - 1, (int)(t.TotalSeconds / StepSeconds))]);
        return cluster;
    }
}
