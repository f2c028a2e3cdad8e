using ClusterSim.Sim.Api;
using static ClusterSim.Fuzzing.YamlTree;

namespace ClusterSim.Fuzzing;

/// <summary>
/// A HorizontalPodAutoscaler manifest. The object is held in its v2 form whatever version it was written in;
/// an autoscaling/v1 object whose spec v1 can express (one cpu Utilization metric, no behavior) is written back
/// as v1, anything else as autoscaling/v2 (the same spec, so the same run).
/// </summary>
internal static class HorizontalPodAutoscalerYaml
{
    public static YamlMap Of(HorizontalPodAutoscaler hpa, YamlMap metadata)
    {
        var spec = hpa.Spec;
        var target = new YamlMap();
        if (spec.ScaleTargetRef.ApiVersion.Length > 0)
        {
            target.Add("apiVersion", Str(spec.ScaleTargetRef.ApiVersion));
        }

        target.Add("kind", Str(spec.ScaleTargetRef.Kind)).Add("name", Str(spec.ScaleTargetRef.Name));
        var s = new YamlMap().Add("scaleTargetRef", target);
        if (spec.MinReplicas is { } min)
        {
            s.Add("minReplicas", Int(min));
        }

        s.Add("maxReplicas", Int(spec.MaxReplicas));
        bool v1 = hpa.ApiVersion == "autoscaling/v1" && spec.Behavior is null && spec.Metrics.Count == 1
            && AutoscalingV1.TargetCpuUtilizationPercentage(spec) is not null;
        string apiVersion;
        if (v1)
        {
            apiVersion = "autoscaling/v1";
            s.Add("targetCPUUtilizationPercentage", Int(AutoscalingV1.TargetCpuUtilizationPercentage(spec)!.Value));
        }
        else
        {
            apiVersion = hpa.ApiVersion is "autoscaling/v2" or "autoscaling/v2beta2" ? hpa.ApiVersion : "autoscaling/v2";
            s.AddSeq("metrics", spec.Metrics.Select(Metric));
            if (spec.Behavior is { } behavior)
            {
                s.Add("behavior", new YamlMap().AddIf("scaleUp", Rules(behavior.ScaleUp)).AddIf("scaleDown", Rules(behavior.ScaleDown)));
            }
        }

        return new YamlMap().Add("apiVersion", Str(apiVersion)).Add("kind", Str(hpa.Kind)).Add("metadata", metadata).Add("spec", s);
    }

    private static YamlTree Metric(MetricSpec metric)
    {
        if (metric.Type != "Resource" || metric.Resource is not { } resource)
        {
            throw new NotSupportedException($"cannot write a {metric.Type} metric (only Resource metrics are simulated)");
        }

        var target = new YamlMap().Add("type", Str(resource.Target.Type));
        if (resource.Target.AverageUtilization is { } utilization)
        {
            target.Add("averageUtilization", Int(utilization));
        }

        if (resource.Target.AverageValue is { } average)
        {
            target.Add("averageValue", Str(average.ToString()));
        }

        if (resource.Target.Value is { } value)
        {
            target.Add("value", Str(value.ToString()));
        }

        return new YamlMap().Add("type", Str("Resource")).Add("resource", new YamlMap().Add("name", Str(resource.Name)).Add("target", target));
    }

    private static YamlMap? Rules(HpaScalingRules? rules)
    {
        if (rules is null)
        {
            return null;
        }

        var m = new YamlMap();
        if (rules.StabilizationWindowSeconds is { } window)
        {
            m.Add("stabilizationWindowSeconds", Int(window));
        }

        if (rules.SelectPolicy is { } select)
        {
            m.Add("selectPolicy", Str(select));
        }

        if (rules.Policies is { } policies)
        {
            m.Add("policies", new YamlSeq(policies.Select(p => (YamlTree)new YamlMap()
                .Add("type", Str(p.Type))
                .Add("value", Int(p.Value))
                .Add("periodSeconds", Int(p.PeriodSeconds)))));
        }

        return m;
    }
}
