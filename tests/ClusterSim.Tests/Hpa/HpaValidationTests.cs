using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Hpa;

/// <summary>Validation of HorizontalPodAutoscalers, with cases ported from pkg/apis/autoscaling/validation/validation_test.go.</summary>
public class HpaValidationTests
{
    /// <summary>The test table's valid base: myautoscaler on ReplicationController myrc, 1..5, cpu at 70%.</summary>
    private static HorizontalPodAutoscaler Valid(Action<HorizontalPodAutoscalerSpec>? change = null)
    {
        var hpa = new HorizontalPodAutoscaler
        {
            Metadata = { Name = "myautoscaler", Namespace = "default" },
            Spec =
            {
                ScaleTargetRef = new CrossVersionObjectReference { Kind = "ReplicationController", Name = "myrc" },
                MinReplicas = 1,
                MaxReplicas = 5,
                Metrics = [AutoscalingV1.CpuUtilization(70)],
            },
        };
        change?.Invoke(hpa.Spec);
        return hpa;
    }

    private static List<string> Errors(HorizontalPodAutoscaler hpa) => Validation.Validate(hpa).Select(e => e.ToString()).ToList();

    private static MetricSpec Resource(string name, MetricTarget target) => new() { Type = "Resource", Resource = new ResourceMetricSource { Name = name, Target = target } };

    private static HpaScalingRules Rules(params HpaScalingPolicy[] policies) => new() { Policies = [.. policies] };

    private static HpaScalingPolicy Policy(string type, int value, int period) => new() { Type = type, Value = value, PeriodSeconds = period };

    [Fact]
    public void SuccessCases()
    {
        Assert.Empty(Errors(Valid()));
        Assert.Empty(Errors(Valid(s => s.Metrics = [])));
        Assert.Empty(Errors(Valid(s => s.Metrics = [Resource("cpu", new MetricTarget { Type = "AverageValue", AverageValue = Quantity.FromMilli(300) })])));
        Assert.Empty(Errors(Valid(s => s.MinReplicas = null)));
        Assert.Empty(Errors(Valid(s => s.Behavior = new HorizontalPodAutoscalerBehavior
        {
            ScaleUp = new HpaScalingRules { StabilizationWindowSeconds = 3600, SelectPolicy = "Disabled", Policies = [Policy("Pods", 1, 1800)] },
            ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = 0, SelectPolicy = "Min", Policies = [Policy("Percent", 100, 1)] },
        })));
    }

    [Theory]
    [InlineData("", "myrc", "spec.scaleTargetRef.kind: Required value")]
    [InlineData("..", "myrc", "spec.scaleTargetRef.kind: Invalid value: \"..\": may not be '..'")]
    [InlineData("ReplicationController", "", "spec.scaleTargetRef.name: Required value")]
    [InlineData("ReplicationController", "..", "spec.scaleTargetRef.name: Invalid value: \"..\": may not be '..'")]
    [InlineData("ReplicationController", "a/b%c", "spec.scaleTargetRef.name: Invalid value: \"a/b%c\": may not contain '/'")]
    public void ScaleTargetRef(string kind, string name, string error)
    {
        var errors = Errors(Valid(s => s.ScaleTargetRef = new CrossVersionObjectReference { Kind = kind, Name = name }));

        Assert.Equal(error, errors[0]);
    }

    [Fact]
    public void PathSegmentNamesReportEveryIllegalCharacter() =>
        Assert.Equal(
            ["spec.scaleTargetRef.name: Invalid value: \"a/b%c\": may not contain '/'", "spec.scaleTargetRef.name: Invalid value: \"a/b%c\": may not contain '%'"],
            Errors(Valid(s => s.ScaleTargetRef.Name = "a/b%c")));

    [Fact]
    public void Replicas()
    {
        Assert.Equal(["spec.minReplicas: Invalid value: -1: must be greater than or equal to 1"], Errors(Valid(s => s.MinReplicas = -1)));
        Assert.Equal(
            ["spec.minReplicas: Invalid value: 0: must be greater than or equal to 1", "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas"],
            Errors(Valid(s => s.MinReplicas = 0)));
        Assert.Equal(["spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`"], Errors(Valid(s => s.MinReplicas = 7)));
        Assert.Equal(
            ["spec.maxReplicas: Invalid value: 0: must be greater than 0", "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`"],
            Errors(Valid(s => s.MaxReplicas = 0)));
    }

    [Fact]
    public void ResourceMetrics()
    {
        Assert.Equal(
            ["spec.metrics[0].resource.target.averageUtilization: Invalid value: -70: must be greater than 0"],
            Errors(Valid(s => s.Metrics[0].Resource!.Target.AverageUtilization = -70)));
        Assert.Equal(
            ["spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization"],
            Errors(Valid(s => s.Metrics[0].Resource!.Target.AverageValue = Quantity.FromMilli(300))));
        Assert.Equal(
            ["spec.metrics[0].resource.name: Required value: must specify a resource name"],
            Errors(Valid(s => s.Metrics[0].Resource!.Name = "")));
        Assert.Equal(
            ["spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization"],
            Errors(Valid(s => s.Metrics[0].Resource!.Target.AverageUtilization = null)));
        Assert.Equal(
            ["spec.metrics[0].resource.target.averageValue: Invalid value: -300m: must be positive"],
            Errors(Valid(s => s.Metrics = [Resource("memory", new MetricTarget { Type = "AverageValue", AverageValue = Quantity.FromMilli(-300) })])));

        // Value is a valid target type, but a Resource metric still needs averageUtilization or averageValue.
        Assert.Equal(
            ["spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization"],
            Errors(Valid(s => s.Metrics = [Resource("cpu", new MetricTarget { Type = "Value", Value = Quantity.Parse("1") })])));
        Assert.Equal(
            ["spec.metrics[0].resource.target.type: Invalid value: \"Average\": must be either Utilization, Value, or AverageValue"],
            Errors(Valid(s => s.Metrics[0].Resource!.Target.Type = "Average")));
        Assert.Equal(
            ["spec.metrics[0].resource.target.type: Required value: must specify a metric target type", "spec.metrics[0].resource.target.type: Invalid value: \"\": must be either Utilization, Value, or AverageValue"],
            Errors(Valid(s => s.Metrics[0].Resource!.Target.Type = "")));
    }

    [Fact]
    public void MetricSourceTypes()
    {
        Assert.Equal(
            ["spec.metrics[0].type: Required value: must specify a metric source type", "spec.metrics[0].type: Unsupported value: \"\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\""],
            Errors(Valid(s => s.Metrics = [new MetricSpec { Type = "" }])));
        Assert.Equal(
            ["spec.metrics[0].resource: Required value: must populate information for the given metric source"],
            Errors(Valid(s => s.Metrics = [new MetricSpec { Type = "Resource" }])));
        Assert.Equal(
            ["spec.metrics[0].pods: Required value: must populate information for the given metric source"],
            Errors(Valid(s => s.Metrics = [new MetricSpec { Type = "Pods" }])));
    }

    [Fact]
    public void Behavior()
    {
        Assert.Equal(
            ["spec.behavior.scaleUp.policies: Required value: must specify at least one Policy"],
            Errors(Valid(s => s.Behavior = new HorizontalPodAutoscalerBehavior { ScaleUp = new HpaScalingRules() })));
        Assert.Equal(
            ["spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero"],
            Errors(Valid(s => s.Behavior = new HorizontalPodAutoscalerBehavior { ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = -1, Policies = [Policy("Pods", 1, 15)] } })));
        Assert.Equal(
            ["spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600"],
            Errors(Valid(s => s.Behavior = new HorizontalPodAutoscalerBehavior { ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = 3601, Policies = [Policy("Pods", 1, 15)] } })));
        Assert.Equal(
            ["spec.behavior.scaleUp.selectPolicy: Unsupported value: \"Average\": supported values: \"Disabled\", \"Max\", \"Min\""],
            Errors(Valid(s => s.Behavior = new HorizontalPodAutoscalerBehavior { ScaleUp = new HpaScalingRules { SelectPolicy = "Average", Policies = [Policy("Pods", 1, 15)] } })));
        Assert.Equal(
            [
                "spec.behavior.scaleUp.policies[0].type: Unsupported value: \"Replicas\": supported values: \"Percent\", \"Pods\"",
                "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero",
                "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than zero",
                "spec.behavior.scaleUp.policies[1].periodSeconds: Invalid value: 1801: must be less than or equal to 1800",
            ],
            Errors(Valid(s => s.Behavior = new HorizontalPodAutoscalerBehavior { ScaleUp = Rules(Policy("Replicas", 0, 0), Policy("Percent", 10, 1801)) })));
    }

    [Fact]
    public void NameIsADns1123Subdomain() =>
        Assert.StartsWith("metadata.name: Invalid value: \"My-HPA\": a lowercase RFC 1123 subdomain", Errors(new HorizontalPodAutoscaler { Metadata = { Name = "My-HPA" }, Spec = Valid().Spec })[0]);
}
