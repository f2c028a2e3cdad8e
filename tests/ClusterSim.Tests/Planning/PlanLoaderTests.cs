using ClusterSim.Planning.Loading;
using ClusterSim.Planning.Model;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Planning;

/// <summary>Plan files and --vary flags: the grid, the defaults, and errors with file, line and column.</summary>
public sealed class PlanLoaderTests : IDisposable
{
    private const string Scenario = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: small}
        spec:
          seed: 7
          duration: 2m
          nodes:
            - name: worker
              count: 2
              capacity: {cpu: "2", memory: 4Gi, pods: 110}
          manifests:
            - inline: |
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: web}
                spec:
                  replicas: 2
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: nginx, resources: {requests: {cpu: 500m}}}]
          expect:
            - by: 2m
              that: replicationcontroller/web.status.readyReplicas == 2
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "clustersim-planload-" + Guid.NewGuid().ToString("N"));

    public PlanLoaderTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "small.yaml"), Scenario);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Plan(string spec)
    {
        var path = Path.Combine(_dir, "plan.yaml");
        File.WriteAllText(path, "apiVersion: clustersim.io/v1alpha1\nkind: Plan\nmetadata: {name: p}\nspec:\n" + spec);
        return path;
    }

    private static string Errors(IReadOnlyList<Diagnostic> d) => string.Join("\n", d.Where(x => x.Severity == Severity.Error));

    [Fact]
    public void APlanFileMakesTheGridFirstAxisSlowest()
    {
        var (plan, d) = PlanLoader.Load(new PlanRequest(Plan("  scenario: small.yaml\n  runs: 5\n  vary:\n    nodes.worker.count: 1..3\n    nodes.worker.capacity.cpu: [2, 4]\n  objectives:\n    metrics: [\"servedFraction >= 99.9%\", \"recoveryTime.p95 <= 2m\"]\n  cost:\n    currency: USD\n    pools: {worker: 0.2}\n")));
        Assert.True(plan is not null, Errors(d));
        Assert.Equal(6, plan!.Configurations.Count);
        Assert.Equal(["nodes.worker.count=1, nodes.worker.capacity.cpu=2", "nodes.worker.count=1, nodes.worker.capacity.cpu=4", "nodes.worker.count=2, nodes.worker.capacity.cpu=2"], plan.Configurations.Take(3).Select(c => c.Config.Label));
        Assert.Equal(3, plan.Configurations[4].Scenario.Nodes[0].Count);
        Assert.Equal(7, plan.BaseSeed);
        Assert.Equal(5, plan.Runs);
        Assert.Equal(0.999, plan.Objectives[0].Threshold, 12);
        Assert.Equal(120, plan.Objectives[1].Threshold);
        Assert.Equal("p95", plan.Objectives[1].Statistic);
        Assert.Equal("USD", plan.Cost.Unit);
        Assert.Equal(0.95, plan.Target);
    }

    [Fact]
    public void FlagsOnAScenarioMakeAPlanWithTheDefaults()
    {
        var path = Path.Combine(_dir, "small.yaml");
        var (plan, d) = PlanLoader.Load(new PlanRequest(path) { Vary = ["nodes.worker.count=2..6/2"], Objectives = ["pendingPodSeconds <= 0"] });
        Assert.True(plan is not null, Errors(d));
        Assert.Equal("small", plan!.Name);
        Assert.Equal(["2", "4", "6"], plan.Axes[0].Values);
        Assert.Equal(PlanSpec.DefaultRuns, plan.Runs);
        Assert.Equal("node-hours", plan.Cost.Unit);
        Assert.True(plan.Objectives[0].PerRun);
    }

    [Theory]
    [InlineData("  scenario: small.yaml\n  vary:\n    nodes.worker.count: 5..3\n", "plan.yaml:7:25: error: spec.vary.nodes.worker.count: \"5..3\": empty range (5 is above 3)")]
    [InlineData("  scenario: small.yaml\n  vary:\n    nodes.gpu.count: 1..3\n", "plan.yaml:7:5: error: nodes.gpu.count=1: no node pool named \"gpu\" (pools: worker)")]
    [InlineData("  scenario: small.yaml\n  vary:\n    replicationcontroller/web.spec.replicaz: 1..3\n", "plan.yaml:7:5: error: replicationcontroller/web.spec.replicaz=1: spec.replicaz is not a field ClusterSim simulates")]
    [InlineData("  scenario: small.yaml\n  runz: 3\n  vary: {nodes.worker.count: 1..3}\n", "plan.yaml:6:3: error: unknown field \"runz\" in spec (expected one of: scenario, runs, seed, target, vary, objectives, cost)")]
    [InlineData("  scenario: small.yaml\n  vary: {nodes.worker.count: 1..3}\n  objectives: {metrics: [\"servedFractoin >= 0.9\"]}\n", "plan.yaml:7:26: error: spec.objectives.metrics[0]: unknown metric \"servedFractoin\" (expected one of: servedFraction,")]
    [InlineData("  scenario: missing.yaml\n  vary: {nodes.worker.count: 1..3}\n", "plan.yaml:5:13: error: spec.scenario: file not found: missing.yaml")]
    [InlineData("  scenario: small.yaml\n  target: 1.5\n  vary: {nodes.worker.count: 1..3}\n", "plan.yaml:6:11: error: spec.target: expected a probability between 0 and 1")]
    [InlineData("  scenario: small.yaml\n", "plan.yaml:4:1: error: nothing to vary")]
    [InlineData("  scenario: small.yaml\n  vary: {nodes.worker.count: 1..3}\n  cost: {pools: {gpu: 1}}\n", "plan.yaml:7:18: error: spec.cost.pools.gpu: the scenario has no node pool named \"gpu\" (pools: worker)")]
    public void MistakesAreErrorsAtTheirPlace(string spec, string expected)
    {
        var (plan, d) = PlanLoader.Load(new PlanRequest(Plan(spec)));
        Assert.Null(plan);
        var errors = Errors(d).Replace(_dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlagErrorNamesTheFlag()
    {
        var (plan, d) = PlanLoader.Load(new PlanRequest(Path.Combine(_dir, "small.yaml")) { Vary = ["nodes.worker.count"] });
        Assert.Null(plan);
        Assert.Contains("command line: error: --vary nodes.worker.count: expected KEY=VALUES", Errors(d), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCanonicalTextChangesWithEverythingThatChangesResults()
    {
        var path = Path.Combine(_dir, "small.yaml");
        string Canonical(PlanRequest r) => PlanLoader.Load(r).Plan!.CanonicalText;
        var a = new PlanRequest(path) { Vary = ["nodes.worker.count=1..3"], Runs = 5 };
        Assert.Equal(Canonical(a), Canonical(a));
        Assert.NotEqual(Canonical(a), Canonical(a with { Runs = 6 }));
        Assert.NotEqual(Canonical(a), Canonical(a with { Seed = 3 }));
        Assert.NotEqual(Canonical(a), Canonical(a with { Vary = ["nodes.worker.count=1..4"] }));
        var before = Canonical(a);
        File.WriteAllText(path, Scenario.Replace("duration: 2m", "duration: 3m", StringComparison.Ordinal));
        Assert.NotEqual(before, Canonical(a));
    }

    [Fact]
    public void RunningAPlanAsAScenarioSaysToUsePlan()
    {
        var result = ScenarioLoader.Load(Plan("  scenario: small.yaml\n  vary: {nodes.worker.count: 1..3}\n"));
        var error = Assert.Single(result.Errors);
        Assert.Contains("plan.yaml:2:7: error: this is a capacity plan (kind: Plan), not a scenario: run it with `clustersim plan ", error.ToString(), StringComparison.Ordinal);
    }
}
