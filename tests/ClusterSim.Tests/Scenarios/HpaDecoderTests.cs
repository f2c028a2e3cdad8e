using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>HorizontalPodAutoscalers in autoscaling/v1 (converted to v2), v2 and v2beta2; refused metric sources and validation errors at their line and column.</summary>
public class HpaDecoderTests
{
    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "hpa.yaml");

    private static HorizontalPodAutoscaler Single(params string[] lines)
    {
        var result = Decode(lines);
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<HorizontalPodAutoscaler>(Assert.Single(result.Objects).Object);
    }

    /// <summary>An autoscaling/v2 HPA for deployment web with <paramref name="spec"/> lines (indented under spec) from line 5.</summary>
    private static string[] V2(params string[] spec) =>
    [
        "apiVersion: autoscaling/v2",                                    // 1
        "kind: HorizontalPodAutoscaler",                                 // 2
        "metadata: {name: web}",                                         // 3
        "spec:",                                                         // 4
        .. spec,                                                         // 5..
        "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}",
    ];

    [Fact]
    public void V1TargetCpuBecomesACpuUtilizationMetric()
    {
        var hpa = Single(
            "apiVersion: autoscaling/v1",
            "kind: HorizontalPodAutoscaler",
            "metadata: {name: php-apache}",
            "spec:",
            "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}",
            "  minReplicas: 2",
            "  maxReplicas: 10",
            "  targetCPUUtilizationPercentage: 50",
            "status: {currentReplicas: 3, desiredReplicas: 3, currentCPUUtilizationPercentage: 12}");

        Assert.Equal("autoscaling/v1", hpa.ApiVersion);
        Assert.Equal((2, 10), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        var m = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal(("Resource", "cpu", "Utilization", 50), (m.Type, m.Resource!.Name, m.Resource.Target.Type, m.Resource.Target.AverageUtilization));
        Assert.Null(m.Resource.Target.AverageValue);

        // status is the controller's: ignored.
        Assert.Equal(0, hpa.Status.CurrentReplicas);
        Assert.Empty(hpa.Status.CurrentMetrics);
    }

    [Fact]
    public void V1WithoutTargetGetsTheImplicitEightyPercent()
    {
        var hpa = Single(
            "apiVersion: autoscaling/v1",
            "kind: HorizontalPodAutoscaler",
            "metadata: {name: web}",
            "spec: {scaleTargetRef: {kind: ReplicationController, name: web}, maxReplicas: 3}");

        Assert.Null(hpa.Spec.MinReplicas);
        Assert.Equal(AutoscalingV1.DefaultCpuUtilization, Assert.Single(hpa.Spec.Metrics).Resource!.Target.AverageUtilization);
    }

    [Theory]
    [InlineData("autoscaling/v2")]
    [InlineData("autoscaling/v2beta2")]
    public void V2WithResourceMetricsAndBehavior(string apiVersion)
    {
        var hpa = Single(
            $"apiVersion: {apiVersion}",
            "kind: HorizontalPodAutoscaler",
            "metadata: {name: web, labels: {app: web}}",
            "spec:",
            "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}",
            "  minReplicas: 1",
            "  maxReplicas: 20",
            "  metrics:",
            "  - type: Resource",
            "    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}",
            "  - type: Resource",
            "    resource:",
            "      name: memory",
            "      target: {type: AverageValue, averageValue: 500Mi}",
            "  - type: Resource",
            "    resource: {name: cpu, target: {type: AverageValue, averageValue: 200m}}",
            "  behavior:",
            "    scaleUp:",
            "      stabilizationWindowSeconds: 0",
            "      selectPolicy: Max",
            "      policies:",
            "      - {type: Percent, value: 100, periodSeconds: 15}",
            "      - {type: Pods, value: 4, periodSeconds: 15}",
            "    scaleDown:",
            "      stabilizationWindowSeconds: 300",
            "      selectPolicy: Min",
            "      policies: [{type: Percent, value: 10, periodSeconds: 60}]");

        Assert.Equal(apiVersion, hpa.ApiVersion);
        Assert.Equal(3, hpa.Spec.Metrics.Count);
        Assert.Equal(60, hpa.Spec.Metrics[0].Resource!.Target.AverageUtilization);
        Assert.Equal(("memory", "AverageValue", Quantity.Parse("500Mi")), (hpa.Spec.Metrics[1].Resource!.Name, hpa.Spec.Metrics[1].Resource!.Target.Type, hpa.Spec.Metrics[1].Resource!.Target.AverageValue));
        Assert.Equal(Quantity.Parse("200m"), hpa.Spec.Metrics[2].Resource!.Target.AverageValue);
        var up = hpa.Spec.Behavior!.ScaleUp!;
        Assert.Equal((0, "Max", 2), (up.StabilizationWindowSeconds, up.SelectPolicy, up.Policies!.Count));
        Assert.Equal(("Pods", 4, 15), (up.Policies[1].Type, up.Policies[1].Value, up.Policies[1].PeriodSeconds));
        var down = hpa.Spec.Behavior.ScaleDown!;
        Assert.Equal((300, "Min"), (down.StabilizationWindowSeconds, down.SelectPolicy));
        Assert.Equal(("Percent", 10, 60), (down.Policies![0].Type, down.Policies[0].Value, down.Policies[0].PeriodSeconds));
    }

    [Fact]
    public void V2WithoutMetricsLeavesThemToDefaulting()
    {
        var hpa = Single(V2("  maxReplicas: 4"));

        Assert.Empty(hpa.Spec.Metrics);
        Assert.Null(hpa.Spec.Behavior);
    }

    [Theory]
    [InlineData("Pods", "pods: {metric: {name: packets-per-second}, target: {type: AverageValue, averageValue: 1k}}")]
    [InlineData("Object", "object: {metric: {name: requests-per-second}, describedObject: {kind: Ingress, name: main}, target: {type: Value, value: 10k}}")]
    [InlineData("External", "external: {metric: {name: queue_messages_ready}, target: {type: AverageValue, averageValue: 30}}")]
    [InlineData("ContainerResource", "containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}")]
    public void OtherMetricSourcesAreNotSimulated(string type, string source)
    {
        var result = Decode(V2("  maxReplicas: 4", "  metrics:", $"  - type: {type}", $"    {source}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "hpa.yaml", 7, 11, $"spec.metrics[0].type: {type} metrics are not simulated (ClusterSim models Resource metrics on cpu and memory)");
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void AnOtherSourceUnderTypeResourceIsRefusedAtItsKey()
    {
        var result = Decode(V2("  maxReplicas: 4", "  metrics:", "  - type: Resource", "    pods: {metric: {name: x}}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "hpa.yaml", 8, 5, "spec.metrics[0].pods: Pods metrics are not simulated (ClusterSim models Resource metrics on cpu and memory)");
    }

    [Fact]
    public void ResourcesOtherThanCpuAndMemoryAreNotSimulated()
    {
        var result = Decode(V2("  maxReplicas: 4", "  metrics:", "  - type: Resource", "    resource: {name: ephemeral-storage, target: {type: AverageValue, averageValue: 1Gi}}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "hpa.yaml", 8, 22, "spec.metrics[0].resource.name: resource \"ephemeral-storage\" is not simulated (ClusterSim models cpu and memory)");
    }

    [Fact]
    public void MinAboveMaxIsTheApiServersErrorAtMaxReplicas()
    {
        var result = Decode(V2("  minReplicas: 5", "  maxReplicas: 2"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "hpa.yaml", 6, 3, "HorizontalPodAutoscaler \"web\" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`");
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void MissingMaxReplicasIsReportedAtSpec()
    {
        var result = Decode(V2());

        // minReplicas defaults to 1 first, so the API server also reports max < min, as Kubernetes does.
        Assert.Equal(
            [
                "hpa.yaml:4:1: error: HorizontalPodAutoscaler \"web\" is invalid: spec.maxReplicas: Invalid value: 0: must be greater than 0",
                "hpa.yaml:4:1: error: HorizontalPodAutoscaler \"web\" is invalid: spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void V1TargetErrorsPointAtTargetCpuUtilizationPercentage()
    {
        var result = Decode(
            "apiVersion: autoscaling/v1",
            "kind: HorizontalPodAutoscaler",
            "metadata: {name: web}",
            "spec:",
            "  scaleTargetRef: {kind: Deployment, name: web}",
            "  maxReplicas: 3",
            "  targetCPUUtilizationPercentage: 0");

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "hpa.yaml", 7, 3, "HorizontalPodAutoscaler \"web\" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0");
    }

    [Fact]
    public void BehaviorErrorsAreAtTheirFields()
    {
        var result = Decode(V2(
            "  maxReplicas: 3",
            "  behavior:",
            "    scaleDown:",
            "      stabilizationWindowSeconds: 4000",
            "      policies: [{type: Pods, value: 1, periodSeconds: 1801}]"));

        Assert.Equal(
            [
                "hpa.yaml:8:7: HorizontalPodAutoscaler \"web\" is invalid: spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600",
                "hpa.yaml:9:41: HorizontalPodAutoscaler \"web\" is invalid: spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800",
            ],
            result.Diagnostics.Select(d => $"{Path.GetFileName(d.Location.File)}:{d.Location.Line}:{d.Location.Column}: {d.Message}"));
    }

    [Fact]
    public void UnknownFieldsAreKeptWithAWarning()
    {
        var result = Decode(V2("  maxReplicas: 3", "  tolerance: 0.05"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "hpa.yaml", 6, 3, "unknown field \"spec.tolerance\" in HorizontalPodAutoscaler");
        Assert.Equal(["spec.tolerance: 0.05"], Assert.Single(result.Objects).Object.UnknownFields);
    }

    [Fact]
    public void AutoscalingV2beta1IsNotServed()
    {
        var result = Decode("apiVersion: autoscaling/v2beta1", "kind: HorizontalPodAutoscaler", "metadata: {name: web}");

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "hpa.yaml", 1, 13, "no matches for kind \"HorizontalPodAutoscaler\" in version \"autoscaling/v2beta1\"");
    }
}
