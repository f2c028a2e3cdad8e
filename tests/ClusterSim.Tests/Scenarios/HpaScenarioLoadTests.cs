using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>HPAs in scenarios: load-time errors for targets nothing creates, in manifests and `kubectl autoscale`; a warning for a scaleTargetRef without apiVersion.</summary>
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
                    apiVersion: apps/v1
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
    public void ATargetNothingCreatesIsAnErrorAtScaleTargetRefName()
    {
        var result = Load(Hpa);

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "hpa.yaml", 15, 13, "HorizontalPodAutoscaler \"php-apache\": scaleTargetRef Deployment/php-apache does not exist: no manifest or timeline create/apply makes it");
    }

    [Fact]
    public void AScaleTargetRefWithoutApiVersionIsAWarning()
    {
        // The book's php-apache.yaml: valid for the API server, but the HPA controller cannot map kind Deployment in group "".
        var result = Load(System.Text.RegularExpressions.Regex.Replace(Hpa, @"\n *apiVersion: apps/v1", "") + "    - inline: |\n" + Deployment + "\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains("scaleTargetRef has no apiVersion", d.Message, StringComparison.Ordinal);
        Assert.NotNull(result.Scenario);
    }

    [Fact]
    public void AutoscaleOfATargetNothingCreatesIsAnError()
    {
        var result = Load("    - inline: |\n" + Deployment + "\n", "[{at: 1m, run: kubectl autoscale deployment frontend --max=3}]");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Error, "kubectl autoscale: Deployment/frontend does not exist: no manifest or timeline create/apply makes it"), (d.Severity, d.Message));
    }
}
