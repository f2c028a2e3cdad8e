using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// pkg/apis/autoscaling/validation ValidateHorizontalPodAutoscaler (v1.32, HPAScaleToZero off), with the API
/// server's messages and order of checks. It runs on the v2 form, so an autoscaling/v1 object's
/// targetCPUUtilizationPercentage is checked as spec.metrics[0].resource.target.averageUtilization, as in
/// Kubernetes (which validates the converted internal object).
/// </summary>
public static partial class Validation
{
    /// <summary>MaxPeriodSeconds: the longest scaling policy period.</summary>
    public const int MaxHpaPeriodSeconds = 1800;

    /// <summary>MaxStabilizationWindowSeconds: the longest stabilization window.</summary>
    public const int MaxHpaStabilizationWindowSeconds = 3600;

    /// <summary>Without the alpha HPAScaleToZero feature gate, minReplicas must be at least 1.</summary>
    private const int MinReplicasLowerBound = 1;

    private const string MetricSourceTypes = "\"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"";

    /// <summary>validateHorizontalPodAutoscalerSpec.</summary>
    public static void ValidateHorizontalPodAutoscalerSpec(HorizontalPodAutoscalerSpec spec, List<FieldError> errors)
    {
        if (spec.MinReplicas is { } min && min < MinReplicasLowerBound)
        {
            errors.Add(new("spec.minReplicas", Inv($"Invalid value: {min}: must be greater than or equal to {MinReplicasLowerBound}")));
        }

        if (spec.MaxReplicas < 1)
        {
            errors.Add(new("spec.maxReplicas", Inv($"Invalid value: {spec.MaxReplicas}: must be greater than 0")));
        }

        if (spec.MinReplicas is { } m && spec.MaxReplicas < m)
        {
            errors.Add(new("spec.maxReplicas", Inv($"Invalid value: {spec.MaxReplicas}: must be greater than or equal to `minReplicas`")));
        }

        ValidateCrossVersionObjectReference(spec.ScaleTargetRef, "spec.scaleTargetRef", errors);
        ValidateHpaMetrics(spec.Metrics, spec.MinReplicas, errors);
        if (spec.Behavior is { } behavior)
        {
            ValidateScalingRules(behavior.ScaleUp, "spec.behavior.scaleUp", errors);
            ValidateScalingRules(behavior.ScaleDown, "spec.behavior.scaleDown", errors);
        }
    }

    /// <summary>ValidateCrossVersionObjectReference: kind and name required, and valid path segments.</summary>
    private static void ValidateCrossVersionObjectReference(CrossVersionObjectReference reference, string path, List<FieldError> errors)
    {
        foreach (var (field, value) in new[] { ("kind", reference.Kind), ("name", reference.Name) })
        {
            if (value.Length == 0)
            {
                errors.Add(new(path + "." + field, "Required value"));
                continue;
            }

            foreach (var message in PathSegmentNameErrors(value))
            {
                errors.Add(new(path + "." + field, $"Invalid value: \"{value}\": {message}"));
            }
        }
    }

    /// <summary>apimachinery's path validation IsValidPathSegmentName.</summary>
    private static List<string> PathSegmentNameErrors(string name)
    {
        if (name is "." or "..")
        {
            return [$"may not be '{name}'"];
        }

        var result = new List<string>();
        foreach (var illegal in new[] { "/", "%" })
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                result.Add($"may not contain '{illegal}'");
            }
        }

        return result;
    }

    private static void ValidateHpaMetrics(List<MetricSpec> metrics, int? minReplicas, List<FieldError> errors)
    {
        bool scalesToZeroBySomething = false;
        for (int i = 0; i < metrics.Count; i++)
        {
            ValidateMetricSpec(metrics[i], Inv($"spec.metrics[{i}]"), errors);
            scalesToZeroBySomething |= metrics[i].Type is "Object" or "External";
        }

        if (minReplicas == 0 && !scalesToZeroBySomething)
        {
            errors.Add(new("spec.metrics", "Forbidden: must specify at least one Object or External metric to support scaling to zero replicas"));
        }
    }

    /// <summary>
    /// validateMetricSpec. The simulator's MetricSpec holds only a Resource source (the decoder refuses the
    /// others), so the "must populate the given metric source only" check cannot fire. Kubernetes reports an
    /// unknown type twice with the same words; the API server's aggregate drops the repeat, and so does this.
    /// </summary>
    private static void ValidateMetricSpec(MetricSpec spec, string path, List<FieldError> errors)
    {
        if (spec.Type.Length == 0)
        {
            errors.Add(new(path + ".type", "Required value: must specify a metric source type"));
        }

        bool known = spec.Type is "Object" or "Pods" or "Resource" or "External" or "ContainerResource";
        if (!known)
        {
            errors.Add(new(path + ".type", $"Unsupported value: \"{spec.Type}\": supported values: {MetricSourceTypes}"));
        }

        if (spec.Resource is { } resource)
        {
            ValidateResourceSource(resource, path + ".resource", errors);
        }

        string? field = spec.Type switch
        {
            "Object" => "object",
            "Pods" => "pods",
            "External" => "external",
            "ContainerResource" => "containerResource",
            "Resource" when spec.Resource is null => "resource",
            _ => null,
        };
        if (field is not null)
        {
            errors.Add(new(path + "." + field, "Required value: must populate information for the given metric source"));
        }
    }

    /// <summary>validateResourceSource.</summary>
    private static void ValidateResourceSource(ResourceMetricSource source, string path, List<FieldError> errors)
    {
        if (source.Name.Length == 0)
        {
            errors.Add(new(path + ".name", "Required value: must specify a resource name"));
        }

        var target = source.Target;
        ValidateMetricTarget(target, path + ".target", errors);
        if (target.AverageUtilization is null && target.AverageValue is null)
        {
            errors.Add(new(path + ".target.averageUtilization", "Required value: must set either a target raw value or a target utilization"));
        }

        if (target.AverageUtilization is not null && target.AverageValue is not null)
        {
            errors.Add(new(path + ".target.averageValue", "Forbidden: may not set both a target raw value and a target utilization"));
        }
    }

    /// <summary>validateMetricTarget.</summary>
    private static void ValidateMetricTarget(MetricTarget target, string path, List<FieldError> errors)
    {
        if (target.Type.Length == 0)
        {
            errors.Add(new(path + ".type", "Required value: must specify a metric target type"));
        }

        if (target.Type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errors.Add(new(path + ".type", $"Invalid value: \"{target.Type}\": must be either Utilization, Value, or AverageValue"));
        }

        if (target.Value is { } value && value.Sign != 1)
        {
            errors.Add(new(path + ".value", $"Invalid value: {value.ToCanonicalString()}: must be positive"));
        }

        if (target.AverageValue is { } average && average.Sign != 1)
        {
            errors.Add(new(path + ".averageValue", $"Invalid value: {average.ToCanonicalString()}: must be positive"));
        }

        if (target.AverageUtilization is { } utilization && utilization < 1)
        {
            errors.Add(new(path + ".averageUtilization", Inv($"Invalid value: {utilization}: must be greater than 0")));
        }
    }

    /// <summary>validateScalingRules; null rules are valid.</summary>
    private static void ValidateScalingRules(HpaScalingRules? rules, string path, List<FieldError> errors)
    {
        if (rules is null)
        {
            return;
        }

        if (rules.StabilizationWindowSeconds is { } window)
        {
            if (window < 0)
            {
                errors.Add(new(path + ".stabilizationWindowSeconds", Inv($"Invalid value: {window}: must be greater than or equal to zero")));
            }

            if (window > MaxHpaStabilizationWindowSeconds)
            {
                errors.Add(new(path + ".stabilizationWindowSeconds", Inv($"Invalid value: {window}: must be less than or equal to {MaxHpaStabilizationWindowSeconds}")));
            }
        }

        if (rules.SelectPolicy is { } select && select is not ("Max" or "Min" or "Disabled"))
        {
            errors.Add(new(path + ".selectPolicy", $"Unsupported value: \"{select}\": supported values: \"Disabled\", \"Max\", \"Min\""));
        }

        var policies = rules.Policies ?? [];
        if (policies.Count == 0)
        {
            errors.Add(new(path + ".policies", "Required value: must specify at least one Policy"));
        }

        for (int i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            var ppath = Inv($"{path}.policies[{i}]");
            if (p.Type is not ("Pods" or "Percent"))
            {
                errors.Add(new(ppath + ".type", $"Unsupported value: \"{p.Type}\": supported values: \"Percent\", \"Pods\""));
            }

            if (p.Value <= 0)
            {
                errors.Add(new(ppath + ".value", Inv($"Invalid value: {p.Value}: must be greater than zero")));
            }

            if (p.PeriodSeconds <= 0)
            {
                errors.Add(new(ppath + ".periodSeconds", Inv($"Invalid value: {p.PeriodSeconds}: must be greater than zero")));
            }

            if (p.PeriodSeconds > MaxHpaPeriodSeconds)
            {
                errors.Add(new(ppath + ".periodSeconds", Inv($"Invalid value: {p.PeriodSeconds}: must be less than or equal to {MaxHpaPeriodSeconds}")));
            }
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
