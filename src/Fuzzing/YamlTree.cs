using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterSim.Fuzzing;

/// <summary>
/// A minimal YAML document tree that prints itself in block style. Only what scenarios and manifests need:
/// ordered mappings, sequences, and scalars that are quoted whenever a plain scalar could be read back as
/// something else (a number, a bool, null, or YAML syntax), so that what is written loads back as written.
/// </summary>
public abstract partial class YamlTree
{
    /// <summary>Appends this node as the value of a mapping key or sequence item at <paramref name="indent"/>.</summary>
    internal abstract void WriteValue(StringBuilder sb, int indent);

    /// <summary>Whether the node prints on the same line as its key (scalars, empty collections).</summary>
    internal abstract bool Inline { get; }

    /// <summary>A string scalar: plain when unambiguous, else double-quoted.</summary>
    public static YamlScalar Str(string s) => new(Quote(s));

    /// <summary>An integer scalar.</summary>
    public static YamlScalar Int(long n) => new(n.ToString(CultureInfo.InvariantCulture));

    /// <summary>A floating-point scalar in round-trip form ("R"), so the value read back is the same double.</summary>
    public static YamlScalar Num(double d) => new(d.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A bool scalar.</summary>
    public static YamlScalar Bool(bool b) => new(b ? "true" : "false");

    /// <summary>A multi-line string as a literal block (`|`), e.g. an inline manifest.</summary>
    public static YamlBlock Block(string text) => new(text);

    /// <summary>The text of the document whose root is <paramref name="root"/>.</summary>
    public static string Document(YamlMap root)
    {
        var sb = new StringBuilder();
        root.WriteEntries(sb, 0);
        return sb.ToString();
    }

    private static string Quote(string s) =>
        Plain().IsMatch(s) && !Reserved().IsMatch(s) ? s : Scenarios.Kubectl.YamlNode.DoubleQuoted(s);


    // Letters first so numbers, durations and quantities ("4", "1e9") are always quoted; no YAML indicators.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    // Words YAML 1.1 or 1.2 readers may take for bools or null.
    [GeneratedRegex("^(?i:true|false|yes|no|on|off|y|n|null)$", RegexOptions.CultureInvariant)]
    private static partial Regex Reserved();
}

/// <summary>A scalar already in its written form.</summary>
public sealed class YamlScalar(string text) : YamlTree
{
    public string Text { get; } = text;

    internal override bool Inline => true;

    internal override void WriteValue(StringBuilder sb, int indent) => sb.Append(' ').Append(Text).Append('\n');
}

/// <summary>A literal block scalar; its text keeps its own line breaks.</summary>
public sealed class YamlBlock(string text) : YamlTree
{
    internal override bool Inline => true;

    internal override void WriteValue(StringBuilder sb, int indent)
    {
        // "|" keeps one final newline; the text always ends with one, and indentation is explicit in each line.
        sb.Append(" |\n");
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.Length > 0)
            {
                sb.Append(' ', indent + 2).Append(line);
            }

            sb.Append('\n');
        }
    }
}

/// <summary>A mapping whose keys print in insertion order (callers add them in a fixed order).</summary>
public sealed class YamlMap : YamlTree
{
    private readonly List<(string Key, YamlTree Value)> _entries = [];

    public int Count => _entries.Count;

    internal override bool Inline => _entries.Count == 0;

    /// <summary>Adds <paramref name="key"/>.</summary>
    public YamlMap Add(string key, YamlTree value)
    {
        _entries.Add((key, value));
        return this;
    }

    /// <summary>Adds <paramref name="key"/> unless <paramref name="value"/> is null.</summary>
    public YamlMap AddIf(string key, YamlTree? value) => value is null ? this : Add(key, value);

    /// <summary>Adds a string map (ordered by key, ordinal) unless it is empty.</summary>
    public YamlMap AddStrings(string key, IEnumerable<KeyValuePair<string, string>> map)
    {
        var m = new YamlMap();
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            m.Add(k, Str(v));
        }

        return m.Count == 0 ? this : Add(key, m);
    }

    /// <summary>Adds a sequence unless it is empty.</summary>
    public YamlMap AddSeq(string key, IEnumerable<YamlTree> items)
    {
        var s = new YamlSeq(items);
        return s.Count == 0 ? this : Add(key, s);
    }

    internal void WriteEntries(StringBuilder sb, int indent, bool firstOnCurrentLine = false)
    {
        bool first = true;
        foreach (var (key, value) in _entries)
        {
            if (!(first && firstOnCurrentLine))
            {
                sb.Append(' ', indent);
            }

            first = false;
            sb.Append(KeyText(key)).Append(':');
            if (value.Inline)
            {
                value.WriteValue(sb, indent);
            }
            else
            {
                sb.Append('\n');
                value.WriteValue(sb, value is YamlSeq ? indent : indent + 2);
            }
        }
    }

    internal override void WriteValue(StringBuilder sb, int indent)
    {
        if (_entries.Count == 0)
        {
            sb.Append(" {}\n");
            return;
        }

        WriteEntries(sb, indent);
    }

    private static string KeyText(string key) => ((YamlScalar)Str(key)).Text;
}

/// <summary>A sequence, printed as "- " items at the indentation of its key.</summary>
public sealed class YamlSeq(IEnumerable<YamlTree> items) : YamlTree
{
    private readonly List<YamlTree> _items = items.ToList();

    public int Count => _items.Count;

    internal override bool Inline => _items.Count == 0;

    internal override void WriteValue(StringBuilder sb, int indent)
    {
        if (_items.Count == 0)
        {
            sb.Append(" []\n");
            return;
        }

        foreach (var item in _items)
        {
            sb.Append(' ', indent).Append('-');
            switch (item)
            {
                case YamlMap { Count: > 0 } map:
                    sb.Append(' ');
                    map.WriteEntries(sb, indent + 2, firstOnCurrentLine: true);
                    break;
                case YamlSeq { Count: > 0 }:
                    sb.Append('\n');
                    item.WriteValue(sb, indent + 2);
                    break;
                default:
                    item.WriteValue(sb, indent);
                    break;
            }
        }
    }
}
