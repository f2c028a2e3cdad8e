using System.Text;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// Deep copies and semantic equality of an HPA status: the controller works on a copy, as Kubernetes' does
/// (hpa.DeepCopy), and writes only when the status changed (updateStatusIfNeeded's apiequality.Semantic.DeepEqual).
/// </summary>
public static class HpaStatusCopy
{
    public static HorizontalPodAutoscalerStatus Clone(HorizontalPodAutoscalerStatus s) => new()
    {
        ObservedGeneration = s.ObservedGeneration,
        LastScaleTime = s.LastScaleTime,
        CurrentReplicas = s.CurrentReplicas,
        DesiredReplicas = s.DesiredReplicas,
        CurrentMetrics = s.CurrentMetrics.Select(Clone).ToList(),
        Conditions = s.Conditions.Select(c => new WorkloadCondition
        {
            Type = c.Type,
            Status = c.Status,
            LastUpdateTime = c.LastUpdateTime,
            LastTransitionTime = c.LastTransitionTime,
            Reason = c.Reason,
            Message = c.Message,
        }).ToList(),
    };

    public static MetricStatus Clone(MetricStatus m) => new()
    {
        Type = m.Type,
        Resource = m.Resource is null ? null : new ResourceMetricStatus
        {
            Name = m.Resource.Name,
            Current = new MetricValueStatus
            {
                Value = m.Resource.Current.Value,
                AverageValue = m.Resource.Current.AverageValue,
                AverageUtilization = m.Resource.Current.AverageUtilization,
            },
        },
    };

    /// <summary>Semantic equality (quantities compare by value, as apiequality.Semantic does).</summary>
    public static bool SemanticEquals(HorizontalPodAutoscalerStatus a, HorizontalPodAutoscalerStatus b) => Canonical(a) == Canonical(b);

    private static string Canonical(HorizontalPodAutoscalerStatus s)
    {
        var sb = new StringBuilder();
        sb.Append(s.ObservedGeneration).Append('|').Append(s.LastScaleTime?.Ticks).Append('|').Append(s.CurrentReplicas).Append('|').Append(s.DesiredReplicas);
        foreach (var m in s.CurrentMetrics)
        {
            sb.Append("|m:").Append(m.Type).Append(',').Append(m.Resource?.Name)
                .Append(',').Append(m.Resource?.Current.Value?.ToCanonicalString())
                .Append(',').Append(m.Resource?.Current.AverageValue?.ToCanonicalString())
                .Append(',').Append(m.Resource?.Current.AverageUtilization);
        }

        foreach (var c in s.Conditions)
        {
            sb.Append("|c:").Append(c.Type).Append(',').Append(c.Status).Append(',').Append(c.Reason).Append(',').Append(c.Message)
                .Append(',').Append(c.LastTransitionTime.Ticks);
        }

        return sb.ToString();
    }
}
