using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// describeHorizontalPodAutoscalerV2 and printDirectionBehavior (staging/src/k8s.io/kubectl/pkg/describe/describe.go):
/// kubectl reads HPAs in autoscaling/v2, so every HPA, whatever version it was written in, is described this way.
/// </summary>
public static partial class DescribePrinter
{
    private static void DescribeHorizontalPodAutoscaler(ClusterView view, HorizontalPodAutoscaler hpa, PrefixWriter w)
    {
        var spec = hpa.Spec;
        var status = hpa.Status;
        w.Write(Level0, $"Name:\t{hpa.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{hpa.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", hpa.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", hpa.Metadata.Annotations);
        w.Write(Level0, $"CreationTimestamp:\t{KubectlFormat.Rfc1123Z(view, hpa.Metadata.CreationTimestamp)}\n");
        w.Write(Level0, $"Reference:\t{spec.ScaleTargetRef.Kind}/{spec.ScaleTargetRef.Name}\n");
        w.Write(Level0, "Metrics:\t( current / target )\n");
        for (int i = 0; i < spec.Metrics.Count; i++)
        {
            var metric = spec.Metrics[i];
            if (metric.Type != "Resource" || metric.Resource is not { } resource)
            {
                w.Write(Level1, $"<unknown metric type \"{metric.Type}\">\n");
                continue;
            }

            var current = i < status.CurrentMetrics.Count ? status.CurrentMetrics[i].Resource : null;

            // Both parts are written at level 1 in describe.go, so the utilization line has four spaces before "(as a".
            w.Write(Level1, $"resource {resource.Name} on pods");
            if (resource.Target.AverageValue is { } averageValue)
            {
                var value = current is null ? "<unknown>" : GetPrinter.GoQuantity(current.Current.AverageValue);
                w.Write(Level0, $":\t{value} / {averageValue.ToCanonicalString()}\n");
            }
            else
            {
                var value = current?.Current.AverageUtilization is { } u ? $"{GetPrinter.Percent(u)} ({GetPrinter.GoQuantity(current.Current.AverageValue)})" : "<unknown>";
                var target = resource.Target.AverageUtilization is { } t ? GetPrinter.Percent(t) : "<auto>";
                w.Write(Level1, $"(as a percentage of request):\t{value} / {target}\n");
            }
        }

        w.Write(Level0, $"Min replicas:\t{(spec.MinReplicas is { } min ? KubectlFormat.Int(min) : "<unset>")}\n");
        w.Write(Level0, $"Max replicas:\t{KubectlFormat.Int(spec.MaxReplicas)}\n");
        if (spec.Behavior is { } behavior)
        {
            w.Write(Level0, "Behavior:\n");
            PrintDirectionBehavior(w, "Scale Up", behavior.ScaleUp);
            PrintDirectionBehavior(w, "Scale Down", behavior.ScaleDown);
        }

        w.Write(Level0, $"{spec.ScaleTargetRef.Kind} pods:\t");
        w.Write(Level0, $"{KubectlFormat.Int(status.CurrentReplicas)} current / {KubectlFormat.Int(status.DesiredReplicas)} desired\n");
        if (status.Conditions.Count > 0)
        {
            w.Write(Level0, "Conditions:\n");
            w.Write(Level1, "Type\tStatus\tReason\tMessage\n");
            w.Write(Level1, "----\t------\t------\t-------\n");
            foreach (var c in status.Conditions)
            {
                w.Write(Level1, $"{c.Type}\t{c.Status}\t{c.Reason}\t{c.Message}\n");
            }
        }

        DescribeEvents(view, view.Events.For(hpa.Metadata.Uid), w);
    }

    /// <summary>printDirectionBehavior: the window when set; the select policy (Max when unset) and policies when there are any.</summary>
    private static void PrintDirectionBehavior(PrefixWriter w, string direction, HpaScalingRules? rules)
    {
        if (rules is null)
        {
            return;
        }

        w.Write(Level1, $"{direction}:\n");
        if (rules.StabilizationWindowSeconds is { } window)
        {
            w.Write(Level2, $"Stabilization Window: {KubectlFormat.Int(window)} seconds\n");
        }

        if (rules.Policies is { Count: > 0 } policies)
        {
            w.Write(Level2, $"Select Policy: {rules.SelectPolicy ?? "Max"}\n");
            w.Write(Level2, "Policies:\n");
            foreach (var p in policies)
            {
                w.Write(Level3, $"- Type: {p.Type}\tValue: {KubectlFormat.Int(p.Value)}\tPeriod: {KubectlFormat.Int(p.PeriodSeconds)} seconds\n");
            }
        }
    }
}
