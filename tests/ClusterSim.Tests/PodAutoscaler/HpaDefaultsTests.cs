using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>pkg/apis/autoscaling/v2/defaults_test.go TestGenerateScaleDownRules and TestGenerateScaleUpRules, and SetDefaults_HorizontalPodAutoscaler.</summary>
public class HpaDefaultsTests
{
    private static HpaScalingRules Rules(int pods, int podsPeriod, int percent, int percentPeriod, int? stabilization, string? selectPolicy)
    {
        var rules = new HpaScalingRules { StabilizationWindowSeconds = stabilization, SelectPolicy = selectPolicy };
        if (pods != 0 || podsPeriod != 0)
        {
            (rules.Policies ??= []).Add(new HpaScalingPolicy { Type = "Pods", Value = pods, PeriodSeconds = podsPeriod });
        }

        if (percent != 0 || percentPeriod != 0)
        {
            (rules.Policies ??= []).Add(new HpaScalingPolicy { Type = "Percent", Value = percent, PeriodSeconds = percentPeriod });
        }

        return rules;
    }

    private static string Policies(HpaScalingRules rules) =>
        string.Join(",", (rules.Policies ?? []).Select(p => $"{p.Type}:{p.Value}/{p.PeriodSeconds}"));

    [Theory]
    [InlineData("Default values", 0, 0, 0, 0, null, null, "Percent:100/15", null, "Max")]
    [InlineData("All parameters are specified", 1, 2, 3, 4, 25, "Max", "Pods:1/2,Percent:3/4", 25, "Max")]
    [InlineData("Percent policy is specified", 0, 0, 1, 2, null, "Min", "Percent:1/2", null, "Min")]
    [InlineData("Pods policy is specified", 3, 4, 0, 0, null, null, "Pods:3/4", null, "Max")]
    public void TestGenerateScaleDownRules(string annotation, int pods, int podsPeriod, int percent, int percentPeriod, int? stabilization, string? selectPolicy, string expectedPolicies, int? expectedStabilization, string expectedSelectPolicy)
    {
        var down = Defaults.GenerateHpaScaleDownRules(Rules(pods, podsPeriod, percent, percentPeriod, stabilization, selectPolicy));
        Assert.True(expectedPolicies == Policies(down), annotation);
        Assert.Equal(expectedStabilization, down.StabilizationWindowSeconds);
        Assert.Equal(expectedSelectPolicy, down.SelectPolicy);
    }

    [Theory]
    [InlineData("Default values", 0, 0, 0, 0, null, null, "Pods:4/15,Percent:100/15", 0, "Max")]
    [InlineData("All parameters are specified", 1, 2, 3, 4, 25, "Max", "Pods:1/2,Percent:3/4", 25, "Max")]
    [InlineData("Pod policy is specified", 1, 2, 0, 0, null, "Min", "Pods:1/2", 0, "Min")]
    [InlineData("Percent policy is specified", 0, 0, 7, 10, null, null, "Percent:7/10", 0, "Max")]
    [InlineData("Pod policy and stabilization window are specified", 4, 2, 0, 0, 25, null, "Pods:4/2", 25, "Max")]
    [InlineData("Percent policy and stabilization window are specified", 0, 0, 7, 60, 25, null, "Percent:7/60", 25, "Max")]
    public void TestGenerateScaleUpRules(string annotation, int pods, int podsPeriod, int percent, int percentPeriod, int? stabilization, string? selectPolicy, string expectedPolicies, int? expectedStabilization, string expectedSelectPolicy)
    {
        var up = Defaults.GenerateHpaScaleUpRules(Rules(pods, podsPeriod, percent, percentPeriod, stabilization, selectPolicy));
        Assert.True(expectedPolicies == Policies(up), annotation);
        Assert.Equal(expectedStabilization, up.StabilizationWindowSeconds);
        Assert.Equal(expectedSelectPolicy, up.SelectPolicy);
    }

    [Fact]
    public void NoBehaviorStaysNoBehaviorAndGetsMinReplicasAndCpuMetric()
    {
        var hpa = new HorizontalPodAutoscaler { Spec = { MaxReplicas = 10 } };
        Defaults.Apply(hpa, new ControlPlaneConfig());
        Assert.Equal(1, hpa.Spec.MinReplicas);
        Assert.Null(hpa.Spec.Behavior);
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal("Resource", metric.Type);
        Assert.Equal("cpu", metric.Resource!.Name);
        Assert.Equal("Utilization", metric.Resource.Target.Type);
        Assert.Equal(80, metric.Resource.Target.AverageUtilization);
    }

    [Fact]
    public void GivenMetricsAndMinReplicasAreKept()
    {
        var hpa = new HorizontalPodAutoscaler { Spec = { MinReplicas = 3, MaxReplicas = 10 } };
        hpa.Spec.Metrics.Add(new MetricSpec { Type = "Resource", Resource = new ResourceMetricSource { Name = "memory", Target = new MetricTarget { Type = "AverageValue", AverageValue = Quantity.Parse("100Mi") } } });
        Defaults.ApplyHorizontalPodAutoscaler(hpa);
        Assert.Equal(3, hpa.Spec.MinReplicas);
        Assert.Equal("memory", Assert.Single(hpa.Spec.Metrics).Resource!.Name);
    }

    /// <summary>A behavior with only scaleDown given gets the default scaleUp, and its scaleDown filled; the scale-down window stays unset.</summary>
    [Fact]
    public void GivenBehaviorIsFilledIn()
    {
        var hpa = new HorizontalPodAutoscaler { Spec = { MaxReplicas = 10, Behavior = new HorizontalPodAutoscalerBehavior { ScaleDown = new HpaScalingRules { SelectPolicy = "Min" } } } };
        Defaults.ApplyHorizontalPodAutoscaler(hpa);
        var behavior = hpa.Spec.Behavior!;
        Assert.Equal("Pods:4/15,Percent:100/15", Policies(behavior.ScaleUp!));
        Assert.Equal(0, behavior.ScaleUp!.StabilizationWindowSeconds);
        Assert.Equal("Max", behavior.ScaleUp.SelectPolicy);
        Assert.Equal("Percent:100/15", Policies(behavior.ScaleDown!));
        Assert.Null(behavior.ScaleDown!.StabilizationWindowSeconds);
        Assert.Equal("Min", behavior.ScaleDown.SelectPolicy);
    }
}
