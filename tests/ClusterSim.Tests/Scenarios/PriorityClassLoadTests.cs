using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>PriorityClass manifests and pods naming a class: decoded, validated with the API server's words, and an unknown class refused at load.</summary>
public class PriorityClassLoadTests
{
    private static LoadResult Load(string manifests) => ScenarioLoader.LoadText(
        "apiVersion: clustersim.io/v1alpha1\n" +
        "kind: Scenario\n" +
        "metadata: {name: prio}\n" +
        "spec:\n" +
        "  duration: 1m\n" +
        "  manifests:\n" + manifests,
        "prio.yaml");

    private const string Deployment = """
            - inline: |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      priorityClassName: high
                      preemptionPolicy: Never
                      containers: [{name: web, image: nginx}]

        """;

    private const string High = """
            - inline: |
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: high}
                value: 100000
                globalDefault: false
                preemptionPolicy: Never
                description: "User-facing."

        """;

    [Fact]
    public void AClassAndAWorkloadNamingItLoad()
    {
        var result = Load(High + Deployment);
        Assert.Empty(result.Diagnostics);
        var pc = Assert.IsType<PriorityClass>(result.Scenario!.Manifests[0].Object);
        Assert.Equal((100000, false, "Never", "User-facing."), (pc.Value, pc.GlobalDefault, pc.PreemptionPolicy, pc.Description));
        var d = Assert.IsType<Deployment>(result.Scenario.Manifests[1].Object);
        Assert.Equal(("high", "Never"), (d.Template.Spec.PriorityClassName, d.Template.Spec.PreemptionPolicy));
    }

    [Fact]
    public void AClassNothingCreatesIsAnErrorAtPriorityClassName()
    {
        var result = Load(Deployment);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "prio.yaml", 16, 15, "Deployment \"web\": no PriorityClass with name high was found: no manifest or timeline create/apply makes it (the Priority admission plugin would refuse its pods)");
    }

    [Fact]
    public void TheBuiltInClassesNeedNoManifest()
    {
        var result = Load(Deployment.Replace("priorityClassName: high", "priorityClassName: system-cluster-critical", StringComparison.Ordinal).Replace("preemptionPolicy: Never", "preemptionPolicy: PreemptLowerPriority", StringComparison.Ordinal));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void AUserClassAboveTheCeilingIsInvalid()
    {
        var result = Load(High.Replace("value: 100000", "value: 2000000000", StringComparison.Ordinal) + Deployment);
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Error && d.Message == "PriorityClass \"high\" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
    }
}
