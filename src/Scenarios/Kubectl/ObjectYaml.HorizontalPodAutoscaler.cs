using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.YamlNode;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A HorizontalPodAutoscaler in autoscaling/v2, the version kubectl reads (k8s.io/api/autoscaling/v2 field names and
/// omitempty rules: desiredReplicas is always written, currentReplicas only when not zero).
/// </summary>
internal static partial class ObjectYaml
{
    private static void SetHorizontalPodAutoscaler(ClusterView view, Map root, HorizontalPodAutoscaler hpa)
    {
        root.Set("metadata", Metadata(view, hpa.Metadata, true).Set("generation", Int(hpa.Metadata.Generation)))
            .Set("spec", HpaSpec(hpa.Spec))
            .Set("status", HpaStatus(view, hpa.Status));
    }

    private static Map HpaSpec(HorizontalPodAutoscalerSpec spec)
    {
        var m = new Map()
            .Set("maxReplicas", Int(spec.MaxReplicas))
            .SetSeq("metrics", spec.Metrics.Select(metric =>
            {
                var entry = new Map().Set("type", Str(metric.Type));
                if (metric.Resource is { } r)
                {
                    var target = new Map().Set("type", Str(r.Target.Type));
                    SetQuantity(target, "averageValue", r.Target.AverageValue);
                    SetQuantity(target, "value", r.Target.Value);
                    if (r.Target.AverageUtilization is { } u)
                    {
                        target.Set("averageUtilization", Int(u));
                    }

                    entry.Set("resource", new Map().Set("name", Str(r.Name)).Set("target", target));
                }

                return entry;
            }))
            .Set("scaleTargetRef", new Map()
                .SetString("apiVersion", spec.ScaleTargetRef.ApiVersion)
                .Set("kind", Str(spec.ScaleTargetRef.Kind))
                .Set("name", Str(spec.ScaleTargetRef.Name)));
        if (spec.MinReplicas is { } min)
        {
            m.Set("minReplicas", Int(min));
        }

        if (spec.Behavior is { } behavior)
        {
            var b = new Map();
            SetScalingRules(b, "scaleUp", behavior.ScaleUp);
            SetScalingRules(b, "scaleDown", behavior.ScaleDown);
            m.Set("behavior", b);
        }

        return m;
    }

    private static void SetScalingRules(Map behavior, string key, HpaScalingRules? rules)
    {
        if (rules is null)
        {
            return;
        }

        var m = new Map()
            .SetString("selectPolicy", rules.SelectPolicy)
            .SetSeq("policies", (rules.Policies ?? []).Select(p => new Map()
                .Set("periodSeconds", Int(p.PeriodSeconds))
                .Set("type", Str(p.Type))
                .Set("value", Int(p.Value))));
        if (rules.StabilizationWindowSeconds is { } window)
        {
            m.Set("stabilizationWindowSeconds", Int(window));
        }

        behavior.Set(key, m);
    }

    private static Map HpaStatus(ClusterView view, HorizontalPodAutoscalerStatus status)
    {
        var m = new Map()
            .SetSeq("conditions", status.Conditions.Select(c => new Map()
                .Set("lastTransitionTime", Str(KubectlFormat.Rfc3339(view, c.LastTransitionTime)))
                .SetString("message", c.Message)
                .SetString("reason", c.Reason)
                .Set("status", Str(c.Status))
                .Set("type", Str(c.Type))))
            .SetSeq("currentMetrics", status.CurrentMetrics.Select(metric =>
            {
                var entry = new Map().Set("type", Str(metric.Type));
                if (metric.Resource is { } r)
                {
                    var current = new Map();
                    SetQuantity(current, "averageValue", r.Current.AverageValue);
                    SetQuantity(current, "value", r.Current.Value);
                    if (r.Current.AverageUtilization is { } u)
                    {
                        current.Set("averageUtilization", Int(u));
                    }

                    entry.Set("resource", new Map().Set("current", current).Set("name", Str(r.Name)));
                }

                return entry;
            }))
            .Set("desiredReplicas", Int(status.DesiredReplicas));
        SetNonZero(m, "currentReplicas", status.CurrentReplicas);
        if (status.LastScaleTime is { } last)
        {
            m.Set("lastScaleTime", Str(KubectlFormat.Rfc3339(view, last)));
        }

        if (status.ObservedGeneration is { } observed)
        {
            m.Set("observedGeneration", Int(observed));
        }

        return m;
    }

    private static void SetQuantity(Map m, string key, Quantity? q)
    {
        if (q is { } value)
        {
            m.Set(key, Str(value.ToCanonicalString()));
        }
    }
}
