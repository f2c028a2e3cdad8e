using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// pkg/apis/policy/validation ValidatePodDisruptionBudget (v1.32; on create AllowInvalidLabelValueInSelector is
/// false, as pkg/registry/policy/poddisruptionbudget strategy.go Validate sets it), then the generic object meta
/// check the API server makes after it (apiserver rest.BeforeCreate: ValidateObjectMetaAccessor with
/// path.ValidatePathSegmentName, only when the spec is valid), with the API server's messages.
/// </summary>
public static partial class Validation
{
    /// <summary>supportedUnhealthyPodEvictionPolicies, as sets.List() prints them (sorted).</summary>
    private const string UnhealthyPodEvictionPolicies = "\"AlwaysAllow\", \"IfHealthyBudget\"";

    /// <summary>Go's %#v of a non-nil pointer, with the fixed address the Deployment messages use (Go prints wherever the object lives).</summary>
    private const string GoPointerAddress = "0xc000000000";

    /// <summary>rest.BeforeCreate: the budget's own validation, then, if it passed, ValidateObjectMetaAccessor's name check.</summary>
    public static void ValidatePodDisruptionBudget(PodDisruptionBudget pdb, List<FieldError> errors)
    {
        var specErrors = new List<FieldError>();
        ValidatePodDisruptionBudgetSpec(pdb.Spec, "spec", specErrors);
        errors.AddRange(specErrors);
        if (specErrors.Count > 0)
        {
            return;
        }

        // rest.BeforeCreate generates a name from generateName before validating; the loader validates a copy before
        // that, so a budget with only generateName has nothing to check yet.
        var name = pdb.Metadata.Name;
        if (name.Length == 0)
        {
            if (string.IsNullOrEmpty(pdb.Metadata.GenerateName))
            {
                errors.Add(new("metadata.name", "Required value: name or generateName is required"));
            }

            return;
        }

        foreach (var message in PathSegmentNameErrors(name))
        {
            errors.Add(new("metadata.name", $"Invalid value: {GoQuote(name)}: {message}"));
        }
    }

    /// <summary>ValidatePodDisruptionBudgetSpec, in Kubernetes' order of checks.</summary>
    public static void ValidatePodDisruptionBudgetSpec(PodDisruptionBudgetSpec spec, string path, List<FieldError> errors)
    {
        if (spec.MinAvailable is not null && spec.MaxUnavailable is not null)
        {
            errors.Add(new(path, $"Invalid value: {GoPodDisruptionBudgetSpec(spec)}: minAvailable and maxUnavailable cannot be both set"));
        }

        if (spec.MinAvailable is { } minAvailable)
        {
            ValidatePositiveIntOrPercent(minAvailable, path + ".minAvailable", errors);
            IsNotMoreThan100Percent(minAvailable, path + ".minAvailable", errors);
        }

        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            ValidatePositiveIntOrPercent(maxUnavailable, path + ".maxUnavailable", errors);
            IsNotMoreThan100Percent(maxUnavailable, path + ".maxUnavailable", errors);
        }

        ValidateLabelSelector(spec.Selector, path + ".selector", errors);
        if (spec.UnhealthyPodEvictionPolicy is { } policy
            && policy is not (PodDisruptionBudgetConstants.IfHealthyBudget or PodDisruptionBudgetConstants.AlwaysAllow))
        {
            errors.Add(new(path + ".unhealthyPodEvictionPolicy", $"Unsupported value: {GoQuote(policy)}: supported values: {UnhealthyPodEvictionPolicies}"));
        }
    }

    /// <summary>
    /// apimachinery meta/v1/validation ValidateLabelSelector with AllowInvalidLabelValueInSelector false: matchLabels
    /// keys and values (all reported at matchLabels, in key order where Go's map order is random), then each
    /// requirement's operator, values, key and values' syntax. A null selector is valid.
    /// </summary>
    public static void ValidateLabelSelector(LabelSelector? selector, string path, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }

        foreach (var (key, value) in selector.MatchLabels)
        {
            ValidateLabelName(key, path + ".matchLabels", errors);
            foreach (var message in LabelValidation.IsValidLabelValue(value))
            {
                errors.Add(new(path + ".matchLabels", $"Invalid value: {GoQuote(value)}: {message}"));
            }
        }

        for (int i = 0; i < selector.MatchExpressions.Count; i++)
        {
            ValidateLabelSelectorRequirement(selector.MatchExpressions[i], Inv($"{path}.matchExpressions[{i}]"), errors);
        }
    }

    /// <summary>ValidateLabelSelectorRequirement.</summary>
    private static void ValidateLabelSelectorRequirement(LabelSelectorRequirement requirement, string path, List<FieldError> errors)
    {
        switch (requirement.Operator)
        {
            case LabelSelectorOperator.In or LabelSelectorOperator.NotIn:
                if (requirement.Values.Count == 0)
                {
                    errors.Add(new(path + ".values", "Required value: must be specified when `operator` is 'In' or 'NotIn'"));
                }

                break;
            case LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist:
                if (requirement.Values.Count > 0)
                {
                    errors.Add(new(path + ".values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }

                break;
            default:
                errors.Add(new(path + ".operator", $"Invalid value: {GoQuote(requirement.Operator)}: not a valid selector operator"));
                break;
        }

        ValidateLabelName(requirement.Key, path + ".key", errors);
        for (int i = 0; i < requirement.Values.Count; i++)
        {
            foreach (var message in LabelValidation.IsValidLabelValue(requirement.Values[i]))
            {
                errors.Add(new(Inv($"{path}.values[{i}]"), $"Invalid value: {GoQuote(requirement.Values[i])}: {message}"));
            }
        }
    }

    /// <summary>ValidateLabelName: the key must be a qualified name.</summary>
    private static void ValidateLabelName(string name, string path, List<FieldError> errors)
    {
        foreach (var message in LabelValidation.IsQualifiedName(name))
        {
            errors.Add(new(path, $"Invalid value: {GoQuote(name)}: {message}"));
        }
    }

    /// <summary>
    /// apps validation IsNotMoreThan100Percent: a valid percentage above 100%. Go's strconv.Atoi returns the largest
    /// int for a number too long to parse, so an enormous percentage is above 100% too.
    /// </summary>
    private static void IsNotMoreThan100Percent(IntOrString value, string path, List<FieldError> errors)
    {
        if (!value.IsString || !PercentPattern().IsMatch(value.StringValue!))
        {
            return;
        }

        bool parsed = long.TryParse(value.StringValue![..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long percent);
        if (!parsed || percent > 100)
        {
            errors.Add(new(path, $"Invalid value: {GoIntOrString(value)}: must not be greater than 100%"));
        }
    }

    /// <summary>Go's %#v of the internal policy.PodDisruptionBudgetSpec, as field.Invalid prints it: its four pointers.</summary>
    private static string GoPodDisruptionBudgetSpec(PodDisruptionBudgetSpec spec) =>
        "policy.PodDisruptionBudgetSpec{"
        + $"MinAvailable:{GoPointer("intstr.IntOrString", spec.MinAvailable is not null)}, "
        + $"Selector:{GoPointer("v1.LabelSelector", spec.Selector is not null)}, "
        + $"MaxUnavailable:{GoPointer("intstr.IntOrString", spec.MaxUnavailable is not null)}, "
        + $"UnhealthyPodEvictionPolicy:{GoPointer("policy.UnhealthyPodEvictionPolicyType", spec.UnhealthyPodEvictionPolicy is not null)}}}";

    private static string GoPointer(string type, bool set) => $"(*{type})({(set ? GoPointerAddress : "nil")})";
}
