using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>printHorizontalPodAutoscaler and formatHPAMetrics (pkg/printers/internalversion/printers.go, v1.32).</summary>
public static partial class GetPrinter
{
    /// <summary>formatHPAMetrics shows at most this many metrics, then "+ N more...".</summary>
    private const int MaxHpaMetrics = 2;

    /// <summary>NAME, REFERENCE (Kind/name), TARGETS, MINPODS (&lt;unset&gt; without minReplicas), MAXPODS, REPLICAS (status.currentReplicas), AGE.</summary>
    private static List<string> HorizontalPodAutoscalerCells(ClusterView view, HorizontalPodAutoscaler hpa)
    {
        var spec = hpa.Spec;
        return
        [
            hpa.Metadata.Name, spec.ScaleTargetRef.Kind + "/" + spec.ScaleTargetRef.Name, FormatHpaMetrics(spec.Metrics, hpa.Status.CurrentMetrics),
            spec.MinReplicas is { } min ? KubectlFormat.Int(min) : "<unset>", KubectlFormat.Int(spec.MaxReplicas), KubectlFormat.Int(hpa.Status.CurrentReplicas),
            KubectlFormat.Age(view, hpa.Metadata.CreationTimestamp),
        ];
    }

    /// <summary>
    /// formatHPAMetrics: "cpu: 45%/90%" for a utilization target ("&lt;unknown&gt;" before the controller has a value,
    /// "&lt;auto&gt;" without a target percentage), "memory: 100Mi/500Mi" for an average-value target; statuses are
    /// matched to specs by index. The simulator holds only Resource metrics; any other type prints "&lt;unknown type&gt;".
    /// </summary>
    internal static string FormatHpaMetrics(IReadOnlyList<MetricSpec> specs, IReadOnlyList<MetricStatus> statuses)
    {
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var list = new List<string>();
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = i < statuses.Count ? statuses[i].Resource : null;
            if (spec.Type != "Resource" || spec.Resource is not { } resource)
            {
                list.Add("<unknown type>");
            }
            else if (resource.Target.AverageValue is { } averageValue)
            {
                var current = status is null ? "<unknown>" : GoQuantity(status.Current.AverageValue);
                list.Add($"{resource.Name}: {current}/{averageValue.ToCanonicalString()}");
            }
            else
            {
                var current = status?.Current.AverageUtilization is { } u ? Percent(u) : "<unknown>";
                var target = resource.Target.AverageUtilization is { } t ? Percent(t) : "<auto>";
                list.Add($"{resource.Name}: {current}/{target}");
            }
        }

        var joined = string.Join(", ", list.Take(MaxHpaMetrics));
        return list.Count > MaxHpaMetrics ? $"{joined} + {KubectlFormat.Int(list.Count - MaxHpaMetrics)} more..." : joined;
    }

    /// <summary>fmt's "%d%%".</summary>
    internal static string Percent(int value) => value.ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>(*resource.Quantity).String(): the canonical form, "&lt;nil&gt;" for a nil pointer.</summary>
    internal static string GoQuantity(Quantity? q) => q is { } value ? value.ToCanonicalString() : "<nil>";
}
