using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>HPAs in scenarios: load-time warnings for targets nothing creates, in manifests and `kubectl autoscale`.</summary>
public class HpaScenarioLoadTests
{
    private const string Deployment = """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: php-apache}
                    spec:
                      selector: {matchLabels: {app: php-apache}}
                      template:
                        metadata: {labels: {app: php-apache}}
                        spec: {containers: [{name: php-apache, image: php-apache}]}
        """;

    private static LoadResult Load(string manifests, string timeline = "[]") => ScenarioLoader.LoadText(
        "apiVersion: clustersim.io/v1alpha1\n" +
        "kind: Scenario\n" +
        "metadata: {name: hpa}\n" +
        "spec:\n" +
        "  duration: 10m\n" +
        "  manifests:\n" + manifests +
        "  timeline: " + timeline + "\n",
        "hpa.yaml");

    private const string Hpa = """
            - inline: |
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: php-apache}
                spec:
                  scaleTargetRef:
                    kind: Deployment
                    name: php-apache
                  maxReplicas: 10
                  targetCPUUtilizationPercentage: 90

        """;

    [Fact]
    public void HpaAndItsDeploymentLoadInEitherOrder()
    {
        var result = Load(Hpa + "    - inline: |\n" + Deployment + "\n");

        Assert.Empty(result.Diagnostics);
        Assert.IsType<HorizontalPodAutoscaler>(result.Scenario!.Manifests[0].Object);
    }

    [Fact]
    public void ATargetNothingCreatesIsAWarningAtScaleTargetRefName()
    {
        var result = Load(Hpa);

        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "hpa.yaml", 14, 13, "HorizontalPodAutoscaler \"php-apache\": scaleTargetRef Deployment/php-apache is not created by spec.manifests or a timeline create/apply");
        Assert.NotNull(result.Scenario);
    }

    [Fact]
    public void AutoscaleOfATargetNothingCreatesIsAWarning()
    {
        var result = Load("    - inline: |\n" + Deployment + "\n", "[{at: 1m, run: kubectl autoscale deployment frontend --max=3}]");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, "kubectl autoscale: Deployment/frontend is not created by spec.manifests or a timeline create/apply"), (d.Severity, d.Message));
    }
}
