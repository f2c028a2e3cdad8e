using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.YamlNode;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A kept object (<see cref="KeptObject"/>) as kubectl -o yaml prints it: its stored JSON turned into YAML as
/// sigs.k8s.io/yaml JSONToYAML does (go-yaml v2 reading the JSON back: integral numbers print as integers, others
/// as strconv.FormatFloat 'g'), and metadata.generation for the kinds whose registry sets it on create.
/// </summary>
internal static partial class ObjectYaml
{
    private static void SetKept(ClusterView view, Map root, KeptObject obj)
    {
        // The ingress, ingressclass, networkpolicy, CRD and custom resource strategies set Generation = 1 on create;
        // secrets, service accounts, claims and RBAC objects have none.
        if (obj.Kind is "Ingress" or "IngressClass" or "NetworkPolicy" or "CustomResourceDefinition" || !ApiResources.IsServed(obj.Kind))
        {
            root.Set("metadata", Metadata(view, obj.Metadata, obj.Namespaced).Set("generation", Int(obj.Metadata.Generation)));
        }

        foreach (var (key, value) in obj.Content)
        {
            root.Set(key, FromJson(value));
        }
    }

    /// <summary>A JSON value as YAML: objects as mappings (keys sorted by the emitter), arrays as sequences, scalars typed.</summary>
    internal static YamlNode FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return Null();
            case JsonObject o:
                var map = new Map();
                foreach (var (key, value) in o)
                {
                    map.Set(key, FromJson(value));
                }

                return map;
            case JsonArray a:
                return new Seq(a.Select(FromJson).ToList());
            default:
                var v = (JsonValue)node;
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => Str(v.GetValue<string>()),
                    JsonValueKind.True => Bool(true),
                    JsonValueKind.False => Bool(false),
                    JsonValueKind.Number when v.TryGetValue<long>(out long l) => Int(l),
                    JsonValueKind.Number => Float(GoYamlFloat(v.GetValue<double>())),
                    _ => Null(),
                };
        }
    }

    /// <summary>
    /// A float as it comes out of JSONToYAML: encoding/json writes an integral value without a fraction, which go-yaml
    /// reads back as an integer (when it fits one); other values print as strconv.FormatFloat(f, 'g', -1, 64): the
    /// shortest digits, in exponent form when the exponent is below -4 or at least 6.
    /// </summary>
    internal static string GoYamlFloat(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return ".inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-.inf";
        }

        if (double.IsNaN(value))
        {
            return ".nan";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 9.2e18)
        {
            return value.ToString("F0", CultureInfo.InvariantCulture);
        }

        // The shortest round-trip digits and the decimal exponent of the first, then Go's %g layout of them.
        string digits = ShortestDigits(value.ToString("R", CultureInfo.InvariantCulture), out int exponent);
        string sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var exp = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{exp}";
        }

        if (exponent < 0)
        {
            return sign + "0." + new string('0', -exponent - 1) + digits;
        }

        return digits.Length <= exponent + 1
            ? sign + digits + new string('0', exponent + 1 - digits.Length)
            : sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary>The significant digits of a round-trip formatted double and the exponent of its first digit.</summary>
    private static string ShortestDigits(string formatted, out int exponent)
    {
        var s = formatted.TrimStart('-');
        int e = 0;
        int ePos = s.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            e = int.Parse(s[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..ePos];
        }

        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot < 0 ? s : s[..dot], frac = dot < 0 ? "" : s[(dot + 1)..];
        string all = intPart + frac;
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        string digits = all.TrimStart('0').TrimEnd('0');
        exponent = intPart.Length - 1 - leadingZeros + e;
        return digits.Length == 0 ? "0" : digits;
    }
}
