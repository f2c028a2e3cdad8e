using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Hpa;

/// <summary>Hand-built HPAs with the status the HPA controller would write (the printers are tested before it exists).</summary>
internal static class HpaObjects
{
    /// <summary>The book's php-apache HPA (autoscaling/v1, cpu 90%, 1..10) without status.</summary>
    public static HorizontalPodAutoscaler PhpApache(string name = "php-apache") => new()
    {
        ApiVersion = "autoscaling/v1",
        Metadata = { Name = name, Namespace = "default" },
        Spec = AutoscalingV1.Spec(new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "php-apache" }, 1, 10, 90),
    };

    /// <summary>A cpu Resource metric status: <paramref name="percent"/>% utilization of requests, <paramref name="milli"/>m average.</summary>
    public static MetricStatus CpuStatus(int percent, long milli) => new()
    {
        Type = "Resource",
        Resource = new ResourceMetricStatus { Name = "cpu", Current = new MetricValueStatus { AverageUtilization = percent, AverageValue = Quantity.FromMilli(milli) } },
    };

    /// <summary>A memory Resource metric status with an average value only.</summary>
    public static MetricStatus MemoryStatus(string average) => new()
    {
        Type = "Resource",
        Resource = new ResourceMetricStatus { Name = "memory", Current = new MetricValueStatus { AverageValue = Quantity.Parse(average) } },
    };

    public static MetricSpec MemoryAverage(string average) => new()
    {
        Type = "Resource",
        Resource = new ResourceMetricSource { Name = "memory", Target = new MetricTarget { Type = "AverageValue", AverageValue = Quantity.Parse(average) } },
    };

    /// <summary>The three conditions a working HPA has.</summary>
    public static List<WorkloadCondition> HealthyConditions() =>
    [
        new() { Type = "AbleToScale", Status = "True", Reason = "ReadyForNewScale", Message = "recommended size matches current size" },
        new() { Type = "ScalingActive", Status = "True", Reason = "ValidMetricFound", Message = "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)" },
        new() { Type = "ScalingLimited", Status = "False", Reason = "DesiredWithinRange", Message = "the desired count is within the acceptable range" },
    ];
}
