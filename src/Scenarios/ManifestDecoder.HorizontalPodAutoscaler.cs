using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// HorizontalPodAutoscaler in autoscaling/v1 (converted to the v2 form the simulator holds, as
/// pkg/apis/autoscaling/v1/conversion.go does), autoscaling/v2 and autoscaling/v2beta2 (the same schema).
/// Only Resource metrics on cpu and memory are simulated: other metric sources are errors at their field.
/// </summary>
public static partial class ManifestDecoder
{
    /// <summary>The metric sources Kubernetes has and the simulator does not: the `type` value and the field that holds the source.</summary>
    private static readonly IReadOnlyDictionary<string, string> UnsimulatedMetricSources = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Pods"] = "pods",
        ["Object"] = "object",
        ["External"] = "external",
        ["ContainerResource"] = "containerResource",
    };

    private static KubeObject DecodeHorizontalPodAutoscaler(Context c, YamlMappingNode root, string apiVersion)
    {
        var hpa = new HorizontalPodAutoscaler();
        DecodeTopLevel(c, root, hpa.Metadata, f =>
        {
            hpa.Spec = apiVersion == "autoscaling/v1" ? DecodeHpaSpecV1(c, f) : DecodeHpaSpecV2(c, f);
        });

        return hpa;
    }

    /// <summary>autoscaling/v1: scaleTargetRef, minReplicas, maxReplicas and targetCPUUtilizationPercentage.</summary>
    private static HorizontalPodAutoscalerSpec DecodeHpaSpecV1(Context c, YamlField spec)
    {
        var r = c.R;
        var target = new CrossVersionObjectReference();
        int? min = null, targetCpu = null;
        int max = 0;
        foreach (var s in r.Fields(spec.Value, spec.Path))
        {
            if (HpaCommonSpecField(c, s, target, ref min, ref max))
            {
                continue;
            }

            if (s.Key == "targetCPUUtilizationPercentage")
            {
                targetCpu = OptionalInt32(c, s);

                // The API server validates the converted object: point its metric's errors here.
                if (r.FieldLocations.TryGetValue(s.Path, out var at))
                {
                    r.FieldLocations.TryAdd("spec.metrics", at);
                }
            }
            else
            {
                c.Unknown(s);
            }
        }

        return AutoscalingV1.Spec(target, min, max, targetCpu);
    }

    /// <summary>autoscaling/v2 and v2beta2: scaleTargetRef, minReplicas, maxReplicas, metrics and behavior.</summary>
    private static HorizontalPodAutoscalerSpec DecodeHpaSpecV2(Context c, YamlField spec)
    {
        var r = c.R;
        var result = new HorizontalPodAutoscalerSpec();
        int? min = null;
        int max = 0;
        foreach (var s in r.Fields(spec.Value, spec.Path))
        {
            if (HpaCommonSpecField(c, s, result.ScaleTargetRef, ref min, ref max))
            {
                continue;
            }

            switch (s.Key)
            {
                case "metrics":
                    foreach (var item in r.Items(s.Value, s.Path))
                    {
                        if (DecodeMetricSpec(c, item) is { } metric)
                        {
                            result.Metrics.Add(metric);
                        }
                    }

                    break;
                case "behavior":
                    result.Behavior = YamlReader.IsNull(s.Value) ? null : DecodeHpaBehavior(c, s);
                    break;
                default:
                    c.Unknown(s);
                    break;
            }
        }

        result.MinReplicas = min;
        result.MaxReplicas = max;
        return result;
    }

    /// <summary>The spec fields every version shares; false for other keys.</summary>
    private static bool HpaCommonSpecField(Context c, YamlField s, CrossVersionObjectReference target, ref int? min, ref int max)
    {
        switch (s.Key)
        {
            case "scaleTargetRef":
                foreach (var f in c.R.Fields(s.Value, s.Path))
                {
                    switch (f.Key)
                    {
                        case "kind":
                            target.Kind = c.R.OptionalString(f.Value, f.Path) ?? "";
                            break;
                        case "name":
                            target.Name = c.R.OptionalString(f.Value, f.Path) ?? "";
                            break;
                        case "apiVersion":
                            target.ApiVersion = c.R.OptionalString(f.Value, f.Path) ?? "";
                            break;
                        default:
                            c.Unknown(f);
                            break;
                    }
                }

                return true;
            case "minReplicas":
                min = OptionalInt32(c, s);
                return true;
            case "maxReplicas":
                max = OptionalInt32(c, s) ?? 0;
                return true;
            default:
                return false;
        }
    }

    /// <summary>One entry of spec.metrics; null (after an error) for the sources the simulator does not model.</summary>
    private static MetricSpec? DecodeMetricSpec(Context c, YamlItem item)
    {
        var r = c.R;
        var metric = new MetricSpec { Type = "" };
        YamlField? typeField = null;
        YamlField? unsimulated = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "type":
                    metric.Type = r.OptionalString(f.Value, f.Path) ?? "";
                    typeField = f;
                    break;
                case "resource":
                    metric.Resource = YamlReader.IsNull(f.Value) ? null : DecodeResourceMetricSource(c, f);
                    break;
                case "pods" or "object" or "external" or "containerResource":
                    unsimulated ??= f;
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (typeField is { } t && UnsimulatedMetricSources.ContainsKey(metric.Type))
        {
            r.Error(t.Value, $"{t.Path}: {metric.Type} metrics are not simulated (ClusterSim models Resource metrics on cpu and memory)");
            return null;
        }

        if (unsimulated is { } u)
        {
            var type = UnsimulatedMetricSources.First(kv => kv.Value == u.Key).Key;
            r.Error(u.KeyNode, $"{u.Path}: {type} metrics are not simulated (ClusterSim models Resource metrics on cpu and memory)");
            return null;
        }

        return metric;
    }

    private static ResourceMetricSource DecodeResourceMetricSource(Context c, YamlField field)
    {
        var r = c.R;
        var source = new ResourceMetricSource();
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "name":
                    source.Name = r.OptionalString(f.Value, f.Path) ?? "";
                    if (source.Name.Length > 0 && source.Name is not (ResourceNames.Cpu or ResourceNames.Memory))
                    {
                        r.Error(f.Value, $"{f.Path}: resource \"{source.Name}\" is not simulated (ClusterSim models cpu and memory)");
                    }

                    break;
                case "target":
                    source.Target = DecodeMetricTarget(c, f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return source;
    }

    private static MetricTarget DecodeMetricTarget(Context c, YamlField field)
    {
        var r = c.R;
        var target = new MetricTarget();
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "type":
                    target.Type = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "averageUtilization":
                    target.AverageUtilization = OptionalInt32(c, f);
                    break;
                case "averageValue":
                    target.AverageValue = OptionalQuantity(c, f);
                    break;
                case "value":
                    target.Value = OptionalQuantity(c, f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return target;
    }

    private static HorizontalPodAutoscalerBehavior DecodeHpaBehavior(Context c, YamlField field)
    {
        var behavior = new HorizontalPodAutoscalerBehavior();
        foreach (var f in c.R.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "scaleUp":
                    behavior.ScaleUp = YamlReader.IsNull(f.Value) ? null : DecodeHpaScalingRules(c, f);
                    break;
                case "scaleDown":
                    behavior.ScaleDown = YamlReader.IsNull(f.Value) ? null : DecodeHpaScalingRules(c, f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return behavior;
    }

    private static HpaScalingRules DecodeHpaScalingRules(Context c, YamlField field)
    {
        var r = c.R;
        var rules = new HpaScalingRules();
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "stabilizationWindowSeconds":
                    rules.StabilizationWindowSeconds = OptionalInt32(c, f);
                    break;
                case "selectPolicy":
                    rules.SelectPolicy = YamlReader.IsNull(f.Value) ? null : r.OptionalString(f.Value, f.Path);
                    break;
                case "policies":
                    if (YamlReader.IsNull(f.Value))
                    {
                        rules.Policies = null;
                        break;
                    }

                    rules.Policies = [];
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        rules.Policies.Add(DecodeHpaScalingPolicy(c, item));
                    }

                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return rules;
    }

    private static HpaScalingPolicy DecodeHpaScalingPolicy(Context c, YamlItem item)
    {
        var r = c.R;
        var policy = new HpaScalingPolicy();
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "type":
                    policy.Type = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "value":
                    policy.Value = OptionalInt32(c, f) ?? 0;
                    break;
                case "periodSeconds":
                    policy.PeriodSeconds = OptionalInt32(c, f) ?? 0;
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return policy;
    }

    /// <summary>A quantity that may be null (unset).</summary>
    private static Quantity? OptionalQuantity(Context c, YamlField f) =>
        !YamlReader.IsNull(f.Value) && c.R.Quantity(f.Value, f.Path, out var q) ? q : null;
}
