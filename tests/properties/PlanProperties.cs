using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Loading;
using ClusterSim.Planning.Sweeping;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// Capacity planning's basic promise: on a capacity-bound scenario, adding a node never lowers the pass
/// probability by more than the 95% intervals allow (the interval with one more node never lies entirely below
/// the interval without it). Common random numbers make the comparison fair: both run the same seeds. The
/// companion test asserts the reversed claim (removing nodes never lowers it) fails, so the check has teeth.
/// </summary>
public sealed class PlanProperties : IDisposable
{
    /// <summary>Three 600m replicas on 1-CPU nodes that crash at random; the expectation needs two of them ready.</summary>
    private const string Scenario = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: capacity-bound}
        spec:
          duration: 10m
          sampleEvery: 1m
          controlPlane: {defaultTolerationSeconds: 30}
          nodes:
            - name: worker
              count: 2
              capacity: {cpu: "1", memory: 4Gi, pods: 110}
          manifests:
            - inline: |
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: web}
                spec:
                  replicas: 3
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: nginx, resources: {requests: {cpu: 600m}}}]
          timeline:
            - at: 0s
              fault: "random-node-crash {mtbf: 15m, mttr: 3m}"
          expect:
            - during: [3m, 10m]
              that: replicationcontroller/web.status.readyReplicas >= 2
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "clustersim-planprop-" + Guid.NewGuid().ToString("N"));

    public PlanProperties()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "capacity-bound.yaml"), Scenario);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Gen<(int Nodes, int Seed)> Cases =>
        from nodes in Gen.Choose(1, 4)
        from seed in Gen.Choose(1, 10_000)
        select (nodes, seed);

    /// <summary>Pass estimates with <c>nodes</c> and <c>more</c> workers on the same 12 seeds.</summary>
    private (ProportionEstimate Fewer, ProportionEstimate More) Passes(int nodes, int seed, int? more = null)
    {
        var request = new PlanRequest(Path.Combine(_dir, "capacity-bound.yaml")) { Vary = [$"nodes.worker.count={nodes},{more ?? nodes + 1}"], Runs = 12, Seed = seed };
        var plan = PlanLoader.Load(request).Plan!;
        var analysis = PlanAnalyzer.Analyze(plan.Describe(), Sweep.Run(plan, 2));
        return (analysis.Configs[0].Pass, analysis.Configs[1].Pass);
    }

    [Fact]
    public void AddingANodeNeverLowersThePassProbabilityBeyondTheIntervals() =>
        Check.One(PropertyRuns.Config(6), Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var (fewer, more) = Passes(c.Nodes, c.Seed);
            return more.Upper >= fewer.Lower;
        }));

    /// <summary>
    /// The reversed claim, "removing capacity never lowers the pass probability beyond the intervals", is false:
    /// one 1-CPU node holds one of the three replicas, three hold all of them. The check must catch that.
    /// </summary>
    [Fact]
    public void TheReversedClaimFails()
    {
        var e = Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(6), Prop.ForAll(Gen.Choose(1, 10_000).ToArbitrary(), seed =>
        {
            var (fewer, more) = Passes(1, seed, more: 3);
            return fewer.Upper >= more.Lower;
        })));
        Assert.Contains("Falsifiable", e.Message, StringComparison.Ordinal);
    }
}
