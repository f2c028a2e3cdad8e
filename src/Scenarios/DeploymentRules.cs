using System.Globalization;
using System.Text;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios;

/// <summary>
/// INTERIM: the API server's Deployment defaulting (per apiVersion) and validation, as the scenario loader and
/// kubectl's printers need them while <see cref="Defaults"/> and <see cref="Validation"/> do not cover
/// Deployments yet. <see cref="Fill"/> only sets fields that are still unset, and <see cref="Validate"/> is
/// applied after <see cref="Validation.Validate"/> with identical errors dropped, so both stay correct once the
/// store's own Deployment rules land; then this class can go.
/// <para>
/// Defaulting (pkg/apis/apps/v1/defaults.go, apps/v1beta2, extensions/v1beta1 SetDefaults_Deployment):
/// apps/v1 and apps/v1beta2 give a RollingUpdate strategy maxUnavailable and maxSurge of 25%, revisionHistoryLimit
/// 10 and progressDeadlineSeconds 600; extensions/v1beta1 gives 1 and 1, keeps every old ReplicaSet and sets no
/// deadline, and takes a missing selector (and missing labels) from the template's labels.
/// </para>
/// </summary>
internal static class DeploymentRules
{
    private const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// <summary>True for the old API group whose defaults differ (extensions/v1beta1).</summary>
    public static bool IsExtensions(Deployment d) => d.ApiVersion == "extensions/v1beta1";

    /// <summary>Fills the fields defaulting would fill, leaving set fields alone.</summary>
    public static void Fill(Deployment d)
    {
        bool extensions = IsExtensions(d);
        if (extensions && d.Template.Metadata.Labels.Count > 0)
        {
            d.Selector ??= new LabelSelector { MatchLabels = new SortedDictionary<string, string>(d.Template.Metadata.Labels, StringComparer.Ordinal) };
            if (d.Metadata.Labels.Count == 0)
            {
                d.Metadata.Labels = new SortedDictionary<string, string>(d.Template.Metadata.Labels, StringComparer.Ordinal);
            }
        }

        if (d.Strategy.Type.Length == 0)
        {
            d.Strategy.Type = "RollingUpdate";
        }

        if (d.Strategy.Type == "RollingUpdate" || (extensions && d.Strategy.RollingUpdate is not null))
        {
            var ru = d.Strategy.RollingUpdate ??= new RollingUpdateDeployment();
            ru.MaxUnavailable ??= DefaultMaxUnavailable(d);
            ru.MaxSurge ??= DefaultMaxSurge(d);
        }

        if (!extensions)
        {
            d.RevisionHistoryLimit ??= 10;
            d.ProgressDeadlineSeconds ??= 600;
        }
    }

    /// <summary>maxUnavailable as the API server has it, or its version's default while unset.</summary>
    public static IntOrString MaxUnavailable(Deployment d) => d.Strategy.RollingUpdate?.MaxUnavailable ?? DefaultMaxUnavailable(d);

    /// <summary>maxSurge as the API server has it, or its version's default while unset.</summary>
    public static IntOrString MaxSurge(Deployment d) => d.Strategy.RollingUpdate?.MaxSurge ?? DefaultMaxSurge(d);

    private static IntOrString DefaultMaxUnavailable(Deployment d) => IsExtensions(d) ? IntOrString.FromInt(1) : IntOrString.FromString("25%");

    private static IntOrString DefaultMaxSurge(Deployment d) => IsExtensions(d) ? IntOrString.FromInt(1) : IntOrString.FromString("25%");

    /// <summary>
    /// pkg/apis/apps/validation ValidateDeploymentSpec on a defaulted Deployment: replicas, selector and
    /// template (the ReplicaSet rules, checked through a ReplicaSet with the same spec), strategy,
    /// minReadySeconds, revisionHistoryLimit and progressDeadlineSeconds.
    /// </summary>
    public static List<FieldError> Validate(Deployment d)
    {
        var errors = Validation.Validate(new ReplicaSet
        {
            Metadata = d.Metadata,
            Replicas = d.Replicas,
            Selector = d.Selector,
            Template = d.Template,
        });
        ValidateStrategy(d.Strategy, errors);
        NonNegative(d.MinReadySeconds, "spec.minReadySeconds", errors);
        if (d.RevisionHistoryLimit is { } limit)
        {
            NonNegative(limit, "spec.revisionHistoryLimit", errors);
        }

        if (d.ProgressDeadlineSeconds is { } deadline)
        {
            NonNegative(deadline, "spec.progressDeadlineSeconds", errors);
            if (deadline <= d.MinReadySeconds)
            {
                errors.Add(new("spec.progressDeadlineSeconds", Invariant($"Invalid value: {deadline}: must be greater than minReadySeconds")));
            }
        }

        return errors;
    }

    private static void ValidateStrategy(DeploymentStrategy strategy, List<FieldError> errors)
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
                    break;
                }

                // The internal type holds plain IntOrStrings: an unset one converts to the integer 0.
                var maxUnavailable = strategy.RollingUpdate.MaxUnavailable ?? IntOrString.FromInt(0);
                var maxSurge = strategy.RollingUpdate.MaxSurge ?? IntOrString.FromInt(0);
                PositiveIntOrPercent(maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
                PositiveIntOrPercent(maxSurge, "spec.strategy.rollingUpdate.maxSurge", errors);
                if (IntOrPercentValue(maxUnavailable) == 0 && IntOrPercentValue(maxSurge) == 0)
                {
                    errors.Add(new("spec.strategy.rollingUpdate.maxUnavailable", $"Invalid value: {GoValue(maxUnavailable)}: may not be 0 when `maxSurge` is 0"));
                }

                if (PercentValue(maxUnavailable) is > 100)
                {
                    errors.Add(new("spec.strategy.rollingUpdate.maxUnavailable", $"Invalid value: {GoValue(maxUnavailable)}: must not be greater than 100%"));
                }

                break;
            default:
                // field.NotSupported(fldPath, strategy, ...) prints the whole internal struct with %#v.
                string rollingUpdate = strategy.RollingUpdate is null ? "(*apps.RollingUpdateDeployment)(nil)" : "(*apps.RollingUpdateDeployment)(...)";
                errors.Add(new("spec.strategy", $"Unsupported value: apps.DeploymentStrategy{{Type:{GoQuote(strategy.Type)}, RollingUpdate:{rollingUpdate}}}: supported values: \"Recreate\", \"RollingUpdate\""));
                break;
        }
    }

    /// <summary>ValidatePositiveIntOrPercent: a percent string matching [0-9]+%, or a non-negative integer.</summary>
    private static void PositiveIntOrPercent(IntOrString value, string field, List<FieldError> errors)
    {
        if (value.IsString)
        {
            if (PercentValue(value) is null)
            {
                errors.Add(new(field, $"Invalid value: {GoValue(value)}: {PercentMessage}"));
            }
        }
        else
        {
            NonNegative(value.IntValue, field, errors);
        }
    }

    /// <summary>getPercentValue: the number of a valid percent string, else null.</summary>
    public static int? PercentValue(IntOrString value)
    {
        var s = value.StringValue;
        if (s is null || s.Length < 2 || s[^1] != '%' || !s[..^1].All(char.IsAsciiDigit))
        {
            return null;
        }

        return int.TryParse(s[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : int.MaxValue;
    }

    /// <summary>getIntOrPercentValue: a percent's number, an integer's value, 0 for other strings.</summary>
    private static int IntOrPercentValue(IntOrString value) => value.IsString ? PercentValue(value) ?? 0 : value.IntValue;

    private static void NonNegative(long value, string field, List<FieldError> errors)
    {
        if (value < 0)
        {
            errors.Add(new(field, Invariant($"Invalid value: {value}: must be greater than or equal to 0")));
        }
    }

    /// <summary>Go's %#v of an intstr.IntOrString (field errors print it so: its String method has a pointer receiver).</summary>
    public static string GoValue(IntOrString value) => value.IsString
        ? $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{GoQuote(value.StringValue!)}}}"
        : Invariant($"intstr.IntOrString{{Type:0, IntVal:{value.IntValue}, StrVal:\"\"}}");

    private static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char ch in s)
        {
            sb.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => ch.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
