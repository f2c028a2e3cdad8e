using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

/// <summary>
/// k8s.io/apimachinery/pkg/util/intstr GetScaledValueFromIntOrPercent and ValueOrDefault: a count, or a
/// percentage of a total rounded up or down, as the deployment controller resolves maxSurge and
/// maxUnavailable.
/// </summary>
public static class IntOrPercent
{
    /// <summary>
    /// intstr.GetScaledValueFromIntOrPercent: the integer, or <c>ceil</c>/<c>floor</c>(percent x total / 100)
    /// computed in float64 as Go does. Returns false (Go's error) for a null value, a string without a
    /// trailing '%' or a number strconv.Atoi rejects.
    /// </summary>
    public static bool TryGetScaledValue(IntOrString? intOrPercent, int total, bool roundUp, out int value)
    {
        value = 0;
        if (intOrPercent is not { } v)
        {
            return false;
        }

        if (!v.IsString)
        {
            value = v.IntValue;
            return true;
        }

        var s = v.StringValue!;
        if (!s.EndsWith('%'))
        {
            return false;
        }

        if (!TryAtoi(s[..^1], out int percent))
        {
            return false;
        }

        double scaled = (double)percent * total / 100;
        value = (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        return true;
    }

    /// <summary>intstr.ValueOrDefault.</summary>
    public static IntOrString ValueOrDefault(IntOrString? intOrPercent, IntOrString defaultValue) => intOrPercent ?? defaultValue;

    /// <summary>strconv.Atoi: an optional sign and decimal digits only, no spaces.</summary>
    internal static bool TryAtoi(string s, out int value) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
