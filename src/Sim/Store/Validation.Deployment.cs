using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// pkg/apis/apps/validation ValidateDeploymentSpec, ValidateDeploymentStrategy and
/// ValidateRollingUpdateDeployment, with the API server's messages. The Deployment has been defaulted for its
/// apiVersion first, as in the API server.
/// </summary>
public static partial class Validation
{
    private const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// <summary>ValidateDeploymentSpec, in Kubernetes' order of checks.</summary>
    public static void ValidateDeploymentSpec(Deployment d, List<FieldError> errors)
    {
        if (d.Replicas < 0)
        {
            errors.Add(new("spec.replicas", Nonnegative(d.Replicas)));
        }

        if (d.Selector is null)
        {
            // LabelSelectorAsSelector(nil) selects nothing, so the template labels do not match either.
            errors.Add(new("spec.selector", "Required value"));
            errors.Add(new("spec.template.metadata.labels", $"Invalid value: {GoMap(d.Template.Metadata.Labels)}: `selector` does not match template `labels`"));
        }
        else
        {
            ValidateSelectorAgainstTemplate(d.Selector, d.Template, errors);
        }

        ValidatePodSpec(d.Template.Spec, "spec.template.spec", errors);
        if (d.Template.Spec.RestartPolicy != "Always")
        {
            errors.Add(new("spec.template.spec.restartPolicy", $"Unsupported value: \"{d.Template.Spec.RestartPolicy}\": supported values: \"Always\""));
        }

        ValidateDeploymentStrategy(d.Strategy, errors);
        if (d.MinReadySeconds < 0)
        {
            errors.Add(new("spec.minReadySeconds", Nonnegative(d.MinReadySeconds)));
        }

        if (d.RevisionHistoryLimit is { } limit && limit < 0)
        {
            // Zero is valid: keep no old ReplicaSet.
            errors.Add(new("spec.revisionHistoryLimit", Nonnegative(limit)));
        }

        if (d.ProgressDeadlineSeconds is { } pds)
        {
            if (pds < 0)
            {
                errors.Add(new("spec.progressDeadlineSeconds", Nonnegative(pds)));
            }

            if (pds <= d.MinReadySeconds)
            {
                errors.Add(new("spec.progressDeadlineSeconds", string.Create(CultureInfo.InvariantCulture, $"Invalid value: {pds}: must be greater than minReadySeconds")));
            }
        }
    }

    /// <summary>ValidateDeploymentStrategy.</summary>
    public static void ValidateDeploymentStrategy(DeploymentStrategy strategy, List<FieldError> errors)
    {
        switch (strategy.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                {
                    errors.Add(new("spec.strategy.rollingUpdate", "Forbidden: may not be specified when strategy `type` is 'Recreate'"));
                }

                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is null)
                {
                    errors.Add(new("spec.strategy.rollingUpdate", "Required value: this should be defaulted and never be nil"));
                }
                else
                {
                    ValidateRollingUpdateDeployment(strategy.RollingUpdate, errors);
                }

                break;
            default:
                var rollingUpdate = strategy.RollingUpdate is null ? "(*apps.RollingUpdateDeployment)(nil)" : "(*apps.RollingUpdateDeployment)(0xc000000000)";
                errors.Add(new("spec.strategy", $"Unsupported value: apps.DeploymentStrategy{{Type:{GoQuote(strategy.Type)}, RollingUpdate:{rollingUpdate}}}: supported values: \"Recreate\", \"RollingUpdate\""));
                break;
        }
    }

    /// <summary>
    /// ValidateRollingUpdateDeployment: each a non-negative count or a valid percentage; not both 0 (maxSurge
    /// may exceed 100%, maxUnavailable may not).
    /// </summary>
    public static void ValidateRollingUpdateDeployment(RollingUpdateDeployment rollingUpdate, List<FieldError> errors)
    {
        var maxUnavailable = rollingUpdate.MaxUnavailable ?? IntOrString.FromInt(0);
        var maxSurge = rollingUpdate.MaxSurge ?? IntOrString.FromInt(0);
        const string unavailablePath = "spec.strategy.rollingUpdate.maxUnavailable";
        ValidatePositiveIntOrPercent(maxUnavailable, unavailablePath, errors);
        ValidatePositiveIntOrPercent(maxSurge, "spec.strategy.rollingUpdate.maxSurge", errors);
        if (IntOrPercentValue(maxUnavailable) == 0 && IntOrPercentValue(maxSurge) == 0)
        {
            errors.Add(new(unavailablePath, $"Invalid value: {GoIntOrString(maxUnavailable)}: may not be 0 when `maxSurge` is 0"));
        }

        IsNotMoreThan100Percent(maxUnavailable, unavailablePath, errors);
    }

    /// <summary>
    /// Go's %#v of an intstr.IntOrString, as field.Invalid prints it (its String method has a pointer
    /// receiver, so the struct is printed): <c>intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}</c>.
    /// </summary>
    public static string GoIntOrString(IntOrString v) => v.IsString
        ? $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{GoQuote(v.StringValue!)}}}"
        : string.Create(CultureInfo.InvariantCulture, $"intstr.IntOrString{{Type:0, IntVal:{v.IntValue}, StrVal:\"\"}}");

    private static void ValidatePositiveIntOrPercent(IntOrString v, string path, List<FieldError> errors)
    {
        if (v.IsString)
        {
            if (!PercentPattern().IsMatch(v.StringValue!))
            {
                errors.Add(new(path, $"Invalid value: {GoIntOrString(v)}: {PercentMessage}"));
            }
        }
        else if (v.IntValue < 0)
        {
            errors.Add(new(path, Nonnegative(v.IntValue)));
        }
    }

    /// <summary>getIntOrPercentValue: the percentage's number, else IntValue() (strconv.Atoi of a string, 0 when it fails).</summary>
    private static int IntOrPercentValue(IntOrString v)
    {
        if (TryPercentValue(v, out int percent))
        {
            return percent;
        }

        if (!v.IsString)
        {
            return v.IntValue;
        }

        return int.TryParse(v.StringValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i) ? i : 0;
    }

    /// <summary>getPercentValue: the number of a valid percentage string.</summary>
    private static bool TryPercentValue(IntOrString v, out int value)
    {
        value = 0;
        if (!v.IsString || !PercentPattern().IsMatch(v.StringValue!))
        {
            return false;
        }

        // strconv.Atoi of the digits: Go's int is 64 bits and a number out of its range saturates (with an error Go
        // ignores here), so an enormous percentage is large, never 0.
        value = int.TryParse(v.StringValue![..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : int.MaxValue;
        return true;
    }

    private static string Nonnegative(long value) =>
        string.Create(CultureInfo.InvariantCulture, $"Invalid value: {value}: must be greater than or equal to 0");

    /// <summary>Go's %q of a string (printable ASCII as is, quotes and backslashes escaped).</summary>
    private static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^[0-9]+%\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PercentPattern();
}
