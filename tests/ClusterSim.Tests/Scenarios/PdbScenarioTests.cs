using ClusterSim.Planning.Configuring;
using ClusterSim.Planning.Model;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// PodDisruptionBudgets in scenarios: `clustersim validate` of a good and a bad budget, expectations on their status
/// and spec (short names, namespaces, conditions) in a run, `kubectl create -f` of one at run time, and a varied field.
/// </summary>
[Collection(CliCollection.Name)]
public class PdbScenarioTests
{
    private static readonly string Good = TestFiles.Data("scenario", "pdb-web.yaml");

    [Fact]
    public void ValidateAcceptsAScenarioWithBudgets()
    {
        var (code, stdout, stderr) = CliInvoker.Invoke("validate", Good);

        Assert.Equal((0, "ok\n", ""), (code, stdout, stderr));
    }

    [Fact]
    public void ValidateRefusesAnInvalidBudgetAtItsField()
    {
        var bad = TestFiles.Data("scenario", "pdb-invalid.yaml");

        var (code, stdout, stderr) = CliInvoker.Invoke("validate", bad);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(bad + ":12:11: error: PodDisruptionBudget \"web\" is invalid: spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%\n", stderr);
    }

    [Fact]
    public void ExpectationsReadTheDisruptionControllersStatus()
    {
        var loaded = ScenarioLoader.Load(Good);
        Assert.Empty(loaded.Diagnostics);

        var result = ScenarioRunner.Run(loaded.Scenario!);

        // A Deployment of 3 under minAvailable 2: once its pods are Ready, one disruption is allowed.
        Assert.All(result.Expectations, e => Assert.True(e.Passed, $"{e.Location} {e.Text}: seen {e.Seen}"));
        Assert.Equal(9, result.Expectations.Count);
        Assert.Contains(result.Expectations, e => e.Text.EndsWith("pdb/web.spec.minAvailable == 2", StringComparison.Ordinal) && e.Seen == "2");
    }

    [Fact]
    public void BeforeThePodsAreReadyNoDisruptionIsAllowed()
    {
        var loaded = ScenarioLoader.LoadText(
            File.ReadAllText(Good).Replace("    - by: 1m\n      that: pdb/web.status.disruptionsAllowed == 1", "    - at: 1s\n      that: pdb/web.status.disruptionsAllowed == 0", StringComparison.Ordinal),
            Good);
        Assert.Empty(loaded.Diagnostics);

        var first = ScenarioRunner.Run(loaded.Scenario!).Expectations[0];

        Assert.True(first.Passed, first.Seen);
        Assert.Equal("at 1s: pdb/web.status.disruptionsAllowed == 0", first.Text);
    }

    [Fact]
    public void ABudgetCreatedAtRunTimeIsValidatedAndServed()
    {
        using var files = TestFiles.Create();
        files.Write("pdb.yaml", "apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata: {name: web}", "spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}");
        files.Write("bad.yaml", "apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata: {name: web}", "spec: {maxUnavailable: 1, minAvailable: 1}");
        string[] Scenario(string file) =>
        [
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: pdb-create}",
            "spec:",
            "  duration: 2m",
            "  nodes: [{name: worker, count: 2, capacity: {cpu: '4', memory: 8Gi}}]",
            "  manifests:",
            "    - inline: |",
            "        apiVersion: apps/v1",
            "        kind: Deployment",
            "        metadata: {name: web}",
            "        spec:",
            "          replicas: 3",
            "          selector: {matchLabels: {app: web}}",
            "          template:",
            "            metadata: {labels: {app: web}}",
            "            spec: {containers: [{name: web, image: nginx}]}",
            "  timeline:",
            "    - {at: 30s, run: kubectl create -f " + file + "}",
            "  expect:",
            "    - {at: 29s, that: pdb/web.status.expectedPods != 3}",
            "    - {at: 1m, that: pdb/web.status.expectedPods == 3}",
            "    - {at: 1m, that: pdb/web.status.desiredHealthy == 2}",
            "    - {at: 1m, that: pdb/web.status.disruptionsAllowed == 1}",
            "    - {at: 1m, that: pdb/web.spec.maxUnavailable == 1}",
        ];

        var loaded = ScenarioLoader.Load(files.Write("s.yaml", Scenario("pdb.yaml")));
        Assert.Empty(loaded.Diagnostics);
        var result = ScenarioRunner.Run(loaded.Scenario!);

        // maxUnavailable 1 of the Deployment's 3: two must stay healthy, one disruption is allowed.
        Assert.Contains("poddisruptionbudget.policy/web created", result.Transcript, StringComparison.Ordinal);
        Assert.All(result.Expectations, e => Assert.True(e.Passed, $"{e.Location} {e.Text}: seen {e.Seen}"));
        Assert.Equal("<none>", result.Expectations[0].Seen);

        // An invalid one is refused when the scenario loads, at its field in its own file.
        var bad = ScenarioLoader.Load(files.Write("s-bad.yaml", Scenario("bad.yaml")));
        var d = Assert.Single(bad.Errors);
        Assert.Equal(("bad.yaml", 4), (Path.GetFileName(d.Location.File), d.Location.Line));
        Assert.EndsWith("minAvailable and maxUnavailable cannot be both set", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABudgetFieldCanBeVaried()
    {
        var scenario = ScenarioLoader.Load(Good).Scenario!;

        Assert.Equal("2", ScenarioConfigurator.Current(scenario, "pdb/web.spec.minAvailable"));
        foreach (var (value, expected) in new[] { ("1", IntOrString.FromInt(1)), ("50%", IntOrString.FromString("50%")) })
        {
            var configured = ScenarioConfigurator.Apply(scenario, [new Setting("pdb/web.spec.minAvailable", value)], out var errors);
            Assert.True(configured is not null, string.Join("\n", errors));
            var pdb = configured!.Manifests.Select(m => m.Object).OfType<PodDisruptionBudget>().Single(p => p.Metadata.Name == "web");
            Assert.Equal(expected, pdb.Spec.MinAvailable);
        }

        var shop = ScenarioConfigurator.Apply(scenario, [new Setting("shop/poddisruptionbudget/idle.spec.maxUnavailable", "1")], out _);
        Assert.Equal(IntOrString.FromInt(1), shop!.Manifests.Select(m => m.Object).OfType<PodDisruptionBudget>().Single(p => p.Metadata.Name == "idle").Spec.MaxUnavailable);

        // The API server's checks apply to the varied manifest.
        Assert.Null(ScenarioConfigurator.Apply(scenario, [new Setting("pdb/web.spec.maxUnavailable", "1")], out var both));
        Assert.Contains("minAvailable and maxUnavailable cannot be both set", Assert.Single(both), StringComparison.Ordinal);
    }
}
