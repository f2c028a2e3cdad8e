using System.Globalization;
using System.Text;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// Reads values out of YAML nodes with diagnostics: mappings (with `&lt;&lt;` merge keys), lists and typed
/// scalars. The strict readers type scalars as Kubernetes does (a quoted "3" is not an integer); the lenient
/// ones (scenario fields) take any scalar's text. Paths (`spec.template.spec.containers[0].image`) name fields
/// in messages, and every visited field's location is remembered so API-server errors can point at it.
/// </summary>
internal sealed class YamlReader(YamlSource source, DiagnosticBag diagnostics)
{
    public YamlSource Source { get; } = source;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>Where each visited field (its key) or list item is, by path.</summary>
    public Dictionary<string, SourceLocation> FieldLocations { get; } = new(StringComparer.Ordinal);

    public SourceLocation Location(YamlNode node) => Source.Map(node.Start);

    public void Error(YamlNode node, string message) => Diagnostics.Error(Location(node), message);

    public void Warning(YamlNode node, string message) => Diagnostics.Warning(Location(node), message);

    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static bool IsNull(YamlNode? node) => node is null || (node is YamlScalarNode s && ScalarType.Resolve(s) == ScalarKind.Null);

    /// <summary>The entries of a mapping (none for null); an error for anything else.</summary>
    public IReadOnlyList<YamlField> Fields(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlMappingNode map)
        {
            Error(node, Subject(path) + "expected a mapping, got " + Describe(node));
            return [];
        }

        var result = new List<YamlField>();
        var explicitKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value is { } name && name != "<<")
            {
                explicitKeys.Add(name);
            }
        }

        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in map.Children)
        {
            if (entry.Key is not YamlScalarNode keyNode)
            {
                Error(entry.Key, Subject(path) + "expected a string key, got " + Describe(entry.Key));
                continue;
            }

            string key = keyNode.Value ?? "";
            if (key == "<<" && keyNode.Style == YamlDotNet.Core.ScalarStyle.Plain)
            {
                // YAML merge key: bring in the merged mappings' entries that the mapping does not set itself.
                var sources = entry.Value is YamlSequenceNode seq ? seq.Children.ToList() : [entry.Value];
                foreach (var merged in sources)
                {
                    if (merged is not YamlMappingNode mm)
                    {
                        Error(merged, Subject(path) + "a merge key (<<) needs a mapping or a list of mappings");
                        continue;
                    }

                    foreach (var me in mm.Children)
                    {
                        if (me.Key is YamlScalarNode mk && mk.Value is { } mname && !explicitKeys.Contains(mname) && added.Add(mname))
                        {
                            result.Add(Field(mname, mk, me.Value, path));
                        }
                    }
                }

                continue;
            }

            added.Add(key);
            result.Add(Field(key, keyNode, entry.Value, path));
        }

        return result;
    }

    private YamlField Field(string key, YamlScalarNode keyNode, YamlNode value, string path)
    {
        string child = Child(path, key);
        FieldLocations.TryAdd(child, Location(keyNode));
        return new YamlField(key, keyNode, value, child);
    }

    /// <summary>The items of a list (none for null); an error for anything else.</summary>
    public IReadOnlyList<YamlItem> Items(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            Error(node, Subject(path) + "expected a list, got " + Describe(node));
            return [];
        }

        var result = new List<YamlItem>(seq.Children.Count);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string p = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            FieldLocations.TryAdd(p, Location(seq.Children[i]));
            result.Add(new YamlItem(seq.Children[i], i, p));
        }

        return result;
    }

    // ---- strict (Kubernetes) scalars ----

    /// <summary>A string; false (silently) for null, false with an error for other types.</summary>
    public bool String(YamlNode node, string path, out string value)
    {
        value = "";
        if (!Scalar(node, path, "a string", out var s, out var kind))
        {
            return false;
        }

        if (kind != ScalarKind.String)
        {
            Error(node, Subject(path) + "expected a string, got " + Describe(node) + " (quote it: \"" + s.Value + "\")");
            return false;
        }

        value = s.Value ?? "";
        return true;
    }

    public string? OptionalString(YamlNode node, string path) => String(node, path, out var v) ? v : null;

    public bool Int64(YamlNode node, string path, out long value)
    {
        value = 0;
        if (!Scalar(node, path, "an integer", out var s, out var kind))
        {
            return false;
        }

        string text = s.Value ?? "";
        if (kind == ScalarKind.Int && ScalarType.TryInt(text, out value))
        {
            return true;
        }

        if (kind == ScalarKind.Float && ScalarType.TryFloat(text, out double d) && Math.Floor(d) == d && Math.Abs(d) < 9e18)
        {
            value = (long)d;
            return true;
        }

        Error(node, Subject(path) + "expected an integer, got " + Describe(node));
        return false;
    }

    public bool Int32(YamlNode node, string path, out int value)
    {
        value = 0;
        if (!Int64(node, path, out long l))
        {
            return false;
        }

        if (l is < int.MinValue or > int.MaxValue)
        {
            Error(node, Subject(path) + "integer " + l.ToString(CultureInfo.InvariantCulture) + " is out of range (32 bits)");
            return false;
        }

        value = (int)l;
        return true;
    }

    public bool Bool(YamlNode node, string path, out bool value)
    {
        value = false;
        if (!Scalar(node, path, "a boolean", out var s, out var kind))
        {
            return false;
        }

        if (kind != ScalarKind.Bool)
        {
            Error(node, Subject(path) + "expected a boolean (true or false), got " + Describe(node));
            return false;
        }

        value = ScalarType.BoolValue(s.Value ?? "");
        return true;
    }

    /// <summary>A Kubernetes quantity, written as a string or a number.</summary>
    public bool Quantity(YamlNode node, string path, out Quantity value)
    {
        value = default;
        if (!Scalar(node, path, "a quantity", out var s, out _))
        {
            return false;
        }

        string text = s.Value ?? "";
        if (!ClusterSim.Sim.Api.Quantity.TryParse(text, out value, out var error))
        {
            Error(node, Subject(path) + "invalid quantity " + Durations.Quote(text) + ": " + error);
            return false;
        }

        return true;
    }

    /// <summary>An int-or-string (a port number or name).</summary>
    public bool IntOrString(YamlNode node, string path, out IntOrString value)
    {
        value = default;
        if (!Scalar(node, path, "an integer or a string", out var s, out var kind))
        {
            return false;
        }

        if (kind == ScalarKind.Int && ScalarType.TryInt(s.Value ?? "", out long l) && l is >= int.MinValue and <= int.MaxValue)
        {
            value = Sim.Api.IntOrString.FromInt((int)l);
            return true;
        }

        if (kind == ScalarKind.String)
        {
            value = Sim.Api.IntOrString.FromString(s.Value ?? "");
            return true;
        }

        Error(node, Subject(path) + "expected an integer or a string, got " + Describe(node));
        return false;
    }

    /// <summary>A map of strings (labels, annotations, selectors), ordered by key.</summary>
    public SortedDictionary<string, string> StringMap(YamlNode node, string path)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Fields(node, path))
        {
            if (IsNull(f.Value))
            {
                result[f.Key] = "";
            }
            else if (String(f.Value, f.Path, out var v))
            {
                result[f.Key] = v;
            }
        }

        return result;
    }

    public List<string> StringList(YamlNode node, string path)
    {
        var result = new List<string>();
        foreach (var item in Items(node, path))
        {
            if (String(item.Node, item.Path, out var v))
            {
                result.Add(v);
            }
        }

        return result;
    }

    // ---- lenient (scenario) scalars ----

    /// <summary>Any scalar's text; false (silently) for null.</summary>
    public bool Text(YamlNode node, string path, out string value)
    {
        value = "";
        if (!Scalar(node, path, "a string", out var s, out _))
        {
            return false;
        }

        value = s.Value ?? "";
        return true;
    }

    public bool Number(YamlNode node, string path, out double value)
    {
        value = 0;
        if (!Scalar(node, path, "a number", out var s, out var kind))
        {
            return false;
        }

        if (kind is not ScalarKind.Bool && ScalarType.TryFloat((s.Value ?? "").Trim(), out value) && double.IsFinite(value))
        {
            return true;
        }

        Error(node, Subject(path) + "expected a number, got " + Describe(node));
        return false;
    }

    public bool Integer(YamlNode node, string path, out long value)
    {
        value = 0;
        if (!Scalar(node, path, "an integer", out var s, out var kind))
        {
            return false;
        }

        if (kind is not ScalarKind.Bool && ScalarType.TryInt((s.Value ?? "").Trim(), out value))
        {
            return true;
        }

        Error(node, Subject(path) + "expected an integer, got " + Describe(node));
        return false;
    }

    /// <summary>A Go duration ("90s", "1m30s").</summary>
    public bool Duration(YamlNode node, string path, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!Scalar(node, path, "a duration", out var s, out _))
        {
            return false;
        }

        if (!Durations.TryParse(s.Value ?? "", out value, out var error))
        {
            Error(node, Subject(path) + error + " (" + Durations.Expected + ")");
            return false;
        }

        return true;
    }

    /// <summary>A duration that must not be negative.</summary>
    public bool NonNegativeDuration(YamlNode node, string path, out TimeSpan value)
    {
        if (!Duration(node, path, out value))
        {
            return false;
        }

        if (value < TimeSpan.Zero)
        {
            Error(node, Subject(path) + "must not be negative, got " + (node as YamlScalarNode)?.Value);
            return false;
        }

        return true;
    }

    /// <summary>A duration that must be greater than zero.</summary>
    public bool PositiveDuration(YamlNode node, string path, out TimeSpan value)
    {
        if (!Duration(node, path, out value))
        {
            return false;
        }

        if (value <= TimeSpan.Zero)
        {
            Error(node, Subject(path) + "must be greater than zero, got " + (node as YamlScalarNode)?.Value);
            return false;
        }

        return true;
    }

    /// <summary>A scalar that is not null; an error for mappings and lists.</summary>
    private bool Scalar(YamlNode node, string path, string expected, out YamlScalarNode scalar, out ScalarKind kind)
    {
        scalar = null!;
        kind = ScalarKind.Null;
        if (node is YamlScalarNode s)
        {
            kind = ScalarType.Resolve(s);
            if (kind == ScalarKind.Null)
            {
                return false;
            }

            scalar = s;
            return true;
        }

        Error(node, Subject(path) + "expected " + expected + ", got " + Describe(node));
        return false;
    }

    /// <summary>"path: " or "" for the root.</summary>
    public static string Subject(string path) => path.Length == 0 ? "" : path + ": ";

    /// <summary>How a node reads in a message: `string "abc"`, `number 1.5`, `boolean yes`, `a mapping`, `a list`.</summary>
    public static string Describe(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode:
                return "a mapping";
            case YamlSequenceNode:
                return "a list";
            case YamlScalarNode s:
                string v = s.Value ?? "";
                return ScalarType.Resolve(s) switch
                {
                    ScalarKind.Null => "null",
                    ScalarKind.Bool => "boolean " + v,
                    ScalarKind.Int or ScalarKind.Float => "number " + v,
                    _ => "string " + Durations.Quote(v),
                };
            default:
                return "an alias";
        }
    }

    /// <summary>A short flow-style rendering of a node (for kept unknown fields), at most <paramref name="max"/> characters.</summary>
    public static string Render(YamlNode node, int max = 200)
    {
        var sb = new StringBuilder();
        Append(node, sb, max);
        return sb.Length > max ? sb.ToString(0, max) + "..." : sb.ToString();

        static void Append(YamlNode n, StringBuilder sb, int max)
        {
            if (sb.Length > max)
            {
                return;
            }

            switch (n)
            {
                case YamlScalarNode s:
                    sb.Append(s.Value);
                    break;
                case YamlSequenceNode q:
                    sb.Append('[');
                    for (int i = 0; i < q.Children.Count && sb.Length <= max; i++)
                    {
                        sb.Append(i == 0 ? "" : ", ");
                        Append(q.Children[i], sb, max);
                    }

                    sb.Append(']');
                    break;
                case YamlMappingNode m:
                    sb.Append('{');
                    bool first = true;
                    foreach (var e in m.Children)
                    {
                        if (sb.Length > max)
                        {
                            break;
                        }

                        sb.Append(first ? "" : ", ");
                        first = false;
                        Append(e.Key, sb, max);
                        sb.Append(": ");
                        Append(e.Value, sb, max);
                    }

                    sb.Append('}');
                    break;
            }
        }
    }
}
