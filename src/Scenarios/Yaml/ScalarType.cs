using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>What a YAML scalar resolves to, as Kubernetes' YAML reader (go-yaml v2, YAML 1.1 rules) sees it.</summary>
internal enum ScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

/// <summary>
/// Resolves plain scalars the way sigs.k8s.io/yaml (go-yaml v2) does before Kubernetes decodes them: `~`,
/// `null` and empty are null; `true`, `yes`, `on`, `y` (and their false twins) are booleans; decimal, `0x`
/// and leading-zero octal integers; decimal floats and `.inf`/`.nan`. Quoted scalars and explicit `!!str`
/// are strings. So `replicas: "3"` is a string and `value: 3306` is a number, as kubectl would complain.
/// </summary>
internal static partial class ScalarType
{
    private static readonly HashSet<string> Trues = new(StringComparer.Ordinal) { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" };
    private static readonly HashSet<string> Falses = new(StringComparer.Ordinal) { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" };

    public static ScalarKind Resolve(YamlScalarNode node)
    {
        string? tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        switch (tag)
        {
            case "tag:yaml.org,2002:str":
                return ScalarKind.String;
            case "tag:yaml.org,2002:null":
                return ScalarKind.Null;
            case "tag:yaml.org,2002:bool":
                return ScalarKind.Bool;
            case "tag:yaml.org,2002:int":
                return ScalarKind.Int;
            case "tag:yaml.org,2002:float":
                return ScalarKind.Float;
        }

        if (node.Style != ScalarStyle.Plain && node.Style != ScalarStyle.Any)
        {
            return ScalarKind.String;
        }

        string v = node.Value ?? "";
        if (v.Length == 0 || v is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (Trues.Contains(v) || Falses.Contains(v))
        {
            return ScalarKind.Bool;
        }

        if (TryInt(v, out _))
        {
            return ScalarKind.Int;
        }

        if (FloatPattern().IsMatch(v) || v is ".inf" or ".Inf" or ".INF" or "-.inf" or "-.Inf" or "-.INF" or "+.inf" or ".nan" or ".NaN" or ".NAN")
        {
            return ScalarKind.Float;
        }

        return ScalarKind.String;
    }

    /// <summary>The boolean value of a scalar that <see cref="Resolve"/>s to Bool.</summary>
    public static bool BoolValue(string v) => Trues.Contains(v);

    /// <summary>An integer in YAML 1.1 syntax: decimal, 0x hex, 0b binary, leading-zero octal; `_` separators allowed.</summary>
    public static bool TryInt(string text, out long value)
    {
        value = 0;
        string v = text.Replace("_", "", StringComparison.Ordinal);
        bool negative = false;
        if (v.Length > 0 && v[0] is '+' or '-')
        {
            negative = v[0] == '-';
            v = v[1..];
        }

        if (v.Length == 0)
        {
            return false;
        }

        ulong magnitude = 0;
        bool ok;
        if (v.StartsWith("0x", StringComparison.Ordinal))
        {
            ok = ulong.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude) && v.Length > 2;
        }
        else if (v.StartsWith("0b", StringComparison.Ordinal))
        {
            ok = v.Length > 2 && v.Skip(2).All(c => c is '0' or '1');
            magnitude = ok ? Convert.ToUInt64(v[2..], 2) : 0;
        }
        else if (v.Length > 1 && v[0] == '0')
        {
            ok = v.All(c => c is >= '0' and <= '7');
            magnitude = 0;
            if (ok)
            {
                try
                {
                    magnitude = Convert.ToUInt64(v, 8);
                }
                catch (OverflowException)
                {
                    ok = false;
                }
            }
        }
        else
        {
            ok = v.All(char.IsAsciiDigit) && ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
            if (!ok)
            {
                magnitude = 0;
            }
        }

        if (!ok || magnitude > (negative ? 9223372036854775808UL : long.MaxValue))
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>A float in YAML/Go syntax, including `.inf` and `.nan`.</summary>
    public static bool TryFloat(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
        }

        if (TryInt(text, out long l))
        {
            value = l;
            return true;
        }

        return double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && FloatPattern().IsMatch(text);
    }

    [GeneratedRegex("^[-+]?(\\.[0-9_]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
