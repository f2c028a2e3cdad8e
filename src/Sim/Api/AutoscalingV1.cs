namespace ClusterSim.Sim.Api;

/// <summary>
/// The autoscaling/v1 view of a HorizontalPodAutoscaler held in its v2 form, as
/// pkg/apis/autoscaling/v1/conversion.go converts between the two. The manifest decoder and
/// `kubectl autoscale` (which creates v1 objects) build specs here; REF fields and the sampler read the
/// v1-only status field here.
/// </summary>
public static class AutoscalingV1
{
    /// <summary>autoscaling.DefaultCPUUtilization: the target a v1 object without targetCPUUtilizationPercentage gets.</summary>
    public const int DefaultCpuUtilization = 80;

    /// <summary>
    /// Convert_v1_HorizontalPodAutoscalerSpec_To_autoscaling_HorizontalPodAutoscalerSpec, plus the implicit
    /// default Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler applies: without
    /// targetCPUUtilizationPercentage, a v1 object targets cpu at <see cref="DefaultCpuUtilization"/>%.
    /// </summary>
    public static HorizontalPodAutoscalerSpec Spec(CrossVersionObjectReference scaleTargetRef, int? minReplicas, int maxReplicas, int? targetCpuUtilizationPercentage) => new()
    {
        ScaleTargetRef = scaleTargetRef,
        MinReplicas = minReplicas,
        MaxReplicas = maxReplicas,
        Metrics = [CpuUtilization(targetCpuUtilizationPercentage ?? DefaultCpuUtilization)],
        Behavior = null,
    };

    /// <summary>A Resource metric targeting <paramref name="percent"/>% average cpu utilization.</summary>
    public static MetricSpec CpuUtilization(int percent) => new()
    {
        Type = "Resource",
        Resource = new ResourceMetricSource { Name = ResourceNames.Cpu, Target = new MetricTarget { Type = "Utilization", AverageUtilization = percent } },
    };

    /// <summary>
    /// status.currentCPUUtilizationPercentage (Convert_autoscaling_HorizontalPodAutoscalerStatus_To_v1_...): the
    /// average utilization of the (last) cpu Resource metric in currentMetrics; null while unknown.
    /// </summary>
    public static int? CurrentCpuUtilizationPercentage(HorizontalPodAutoscalerStatus status)
    {
        int? result = null;
        foreach (var m in status.CurrentMetrics)
        {
            if (m.Type == "Resource" && m.Resource is { Name: ResourceNames.Cpu } r && r.Current.AverageUtilization is { } u)
            {
                result = u;
            }
        }

        return result;
    }

    /// <summary>spec.targetCPUUtilizationPercentage of the v1 view: the first cpu Resource metric's utilization target, if it has one.</summary>
    public static int? TargetCpuUtilizationPercentage(HorizontalPodAutoscalerSpec spec)
    {
        foreach (var m in spec.Metrics)
        {
            if (m.Type == "Resource" && m.Resource is { Name: ResourceNames.Cpu } r)
            {
                return r.Target.AverageUtilization;
            }
        }

        return null;
    }
}
