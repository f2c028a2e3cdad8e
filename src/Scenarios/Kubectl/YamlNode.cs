using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A YAML document tree and its emitter, in the style kubectl -o yaml prints (sigs.k8s.io/yaml over
/// go-yaml v2): mapping keys in go-yaml's sort order, block sequences not indented under their key,
/// "{}" and "[]" for empty collections, strings quoted only when they would read back as something else
/// (double quotes: numbers, booleans, null, timestamps, "") or could not be written plain (single quotes), and
/// strings with line breaks as literal blocks ("|") where the emitter allows a block scalar.
/// </summary>
internal abstract partial class YamlNode
{
    public static YamlNode Str(string value) =>
        value.Contains('\n', StringComparison.Ordinal) && LiteralAllowed(value) ? new Literal(value) : new Scalar(QuoteString(value));

    public static YamlNode Int(long value) => new Scalar(value.ToString(CultureInfo.InvariantCulture));

    public static YamlNode Bool(bool value) => new Scalar(value ? "true" : "false");

    public static YamlNode Null() => new Scalar("null");

    /// <summary>A float already in go-yaml's form (<c>1.5</c>, <c>1e+21</c>, <c>.inf</c>), written plain.</summary>
    public static YamlNode Float(string goText) => new Scalar(goText);

    /// <summary>Renders a document (a mapping or a sequence at the top level).</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        switch (this)
        {
            case Map m when m.Count > 0:
                m.Emit(sb, 0, inlineFirst: false);
                break;
            case Seq s when s.Count > 0:
                s.Emit(sb, 0, inlineFirst: false);
                break;
            case Map:
                sb.Append("{}\n");
                break;
            case Seq:
                sb.Append("[]\n");
                break;
            case Scalar sc:
                sb.Append(sc.Text).Append('\n');
                break;
        }

        return sb.ToString();
    }

    /// <summary>A mapping; keys are emitted in go-yaml's order whatever the insertion order.</summary>
    public sealed class Map : YamlNode
    {
        private readonly SortedDictionary<string, YamlNode> _entries = new(KeyComparer.Instance);

        public int Count => _entries.Count;

        public Map Set(string key, YamlNode value)
        {
            _entries[key] = value;
            return this;
        }

        /// <summary>Sets a string unless it is null or empty (Go's omitempty).</summary>
        public Map SetString(string key, string? value) => string.IsNullOrEmpty(value) ? this : Set(key, Str(value));

        /// <summary>Sets a map of strings unless it is null or empty.</summary>
        public Map SetStrings(string key, IReadOnlyDictionary<string, string>? values)
        {
            if (values is null || values.Count == 0)
            {
                return this;
            }

            var m = new Map();
            foreach (var (k, v) in values)
            {
                m.Set(k, Str(v));
            }

            return Set(key, m);
        }

        /// <summary>Sets a sequence unless it is empty.</summary>
        public Map SetSeq(string key, IEnumerable<YamlNode> items)
        {
            var s = new Seq(items);
            return s.Count == 0 ? this : Set(key, s);
        }

        internal void Emit(StringBuilder sb, int indent, bool inlineFirst)
        {
            bool first = true;
            foreach (var (key, value) in _entries)
            {
                if (!(first && inlineFirst))
                {
                    sb.Append(' ', indent);
                }

                first = false;
                sb.Append(QuoteString(key)).Append(':');
                switch (value)
                {
                    case Scalar s:
                        sb.Append(' ').Append(s.Text).Append('\n');
                        break;
                    case Literal l:
                        sb.Append(' ');
                        l.Emit(sb, indent + 2);
                        break;
                    case Map { Count: 0 }:
                        sb.Append(" {}\n");
                        break;
                    case Seq { Count: 0 }:
                        sb.Append(" []\n");
                        break;
                    case Map m:
                        sb.Append('\n');
                        m.Emit(sb, indent + 2, inlineFirst: false);
                        break;
                    case Seq q:
                        sb.Append('\n');
                        q.Emit(sb, indent, inlineFirst: false);
                        break;
                }
            }
        }
    }

    /// <summary>A sequence.</summary>
    public sealed class Seq(IEnumerable<YamlNode> items) : YamlNode
    {
        private readonly List<YamlNode> _items = items.ToList();

        public int Count => _items.Count;

        internal void Emit(StringBuilder sb, int indent, bool inlineFirst)
        {
            bool first = true;
            foreach (var item in _items)
            {
                if (!(first && inlineFirst))
                {
                    sb.Append(' ', indent);
                }

                first = false;
                sb.Append("- ");
                switch (item)
                {
                    case Scalar s:
                        sb.Append(s.Text).Append('\n');
                        break;
                    case Literal l:
                        l.Emit(sb, indent + 2);
                        break;
                    case Map { Count: 0 }:
                        sb.Append("{}\n");
                        break;
                    case Seq { Count: 0 }:
                        sb.Append("[]\n");
                        break;
                    case Map m:
                        m.Emit(sb, indent + 2, inlineFirst: true);
                        break;
                    case Seq q:
                        q.Emit(sb, indent + 2, inlineFirst: true);
                        break;
                }
            }
        }
    }

    private sealed class Scalar(string text) : YamlNode
    {
        public string Text { get; } = text;
    }

    /// <summary>
    /// A string with line breaks, as go-yaml v2's stringv writes it (yaml_LITERAL_SCALAR_STYLE): "|", an indentation
    /// indicator when it starts with a space or a break, the chomping indicator ("-" without a final break, "+" with
    /// more than one), then each line indented (empty lines stay empty), as yaml_emitter_write_literal_scalar does.
    /// </summary>
    private sealed class Literal(string value) : YamlNode
    {
        public void Emit(StringBuilder sb, int indent)
        {
            sb.Append('|');
            if (value[0] is ' ' or '\n')
            {
                sb.Append('2');
            }

            if (!value.EndsWith('\n'))
            {
                sb.Append('-');
            }
            else if (value.Length == 1 || value[^2] == '\n')
            {
                sb.Append('+');
            }

            sb.Append('\n');
            var body = value.EndsWith('\n') ? value[..^1] : value;
            foreach (var line in body.Split('\n'))
            {
                if (line.Length > 0)
                {
                    sb.Append(' ', indent).Append(line);
                }

                sb.Append('\n');
            }
        }
    }

    /// <summary>
    /// yaml_emitter_analyze_scalar's block_allowed: every character printable (a tab or another control character is
    /// not, nor the other line breaks), no space before a line break, no space at the end.
    /// </summary>
    private static bool LiteralAllowed(string s)
    {
        if (s[^1] == ' ')
        {
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool loneSurrogate = (char.IsHighSurrogate(c) && (i + 1 == s.Length || !char.IsLowSurrogate(s[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1])));
            if ((char.IsControl(c) && c != '\n') || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF' || loneSurrogate)
            {
                return false;
            }

            if (c == '\n' && i > 0 && s[i - 1] == ' ')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How go-yaml v2 writes a string scalar.</summary>
    internal static string QuoteString(string s)
    {
        if (s.Contains('\n', StringComparison.Ordinal) || s.Any(c => char.IsControl(c) && c != '\t') || ResolvesToNonString(s))
        {
            return DoubleQuoted(s);
        }

        return PlainAllowed(s) ? s : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A YAML double-quoted scalar (also what the scenario writer of src/Fuzzing emits).</summary>
    internal static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>go-yaml v2's resolve: would the plain text read back as null, a bool, a number or a timestamp?</summary>
    private static bool ResolvesToNonString(string s)
    {
        switch (s)
        {
            case "" or "~" or "null" or "Null" or "NULL" or "<<":
            case "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO":
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
            case "on" or "On" or "ON" or "off" or "Off" or "OFF":
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF":
            case ".nan" or ".NaN" or ".NAN":
                return true;
        }

        return NumberLike().IsMatch(s) || IsTimestamp(s);
    }

    /// <summary>
    /// go-yaml v2 resolve.go parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (also with a lower-case
    /// t), "2006-1-2 15:4:5.999999999" or "2006-1-2", so the whole text must be one of those with valid field ranges:
    /// "2025-01-06 09:00:10 +0000 UTC" is a plain string.
    /// </summary>
    private static bool IsTimestamp(string s)
    {
        var m = TimestampLike().Match(s);
        if (!m.Success)
        {
            return false;
        }

        int Num(string group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        int year = Num("y"), month = Num("mo"), day = Num("d");
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month))
        {
            return false;
        }

        if (m.Groups["h"].Success && (Num("h") > 23 || Num("mi") > 59 || Num("s") > 59))
        {
            return false;
        }

        return !m.Groups["zh"].Success || (Num("zh") <= 24 && Num("zm") <= 60);
    }

    /// <summary>The emitter's analysis: may this string be written as a plain block scalar?</summary>
    private static bool PlainAllowed(string s)
    {
        if (s[0] == ' ' || s[^1] == ' ')
        {
            return false;
        }

        char first = s[0];
        if (",[]{}#&*!|>'\"%@`".Contains(first, StringComparison.Ordinal))
        {
            return false;
        }

        if ((first is '-' or '?' or ':') && (s.Length == 1 || s[1] == ' '))
        {
            return false;
        }

        return !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal) && s[^1] != ':';
    }

    [GeneratedRegex(@"^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9]+([eE][-+]?[0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>[0-9]{1,2})-(?<d>[0-9]{1,2})(([Tt](?<h>[0-9]{1,2}):(?<mi>[0-9]{1,2}):(?<s>[0-9]{1,2})([.,][0-9]+)?(Z|[+-](?<zh>[0-9]{2}):(?<zm>[0-9]{2})))|( (?<h>[0-9]{1,2}):(?<mi>[0-9]{1,2}):(?<s>[0-9]{1,2})([.,][0-9]+)?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampLike();

    /// <summary>go-yaml v2's keyList.Less for string keys: letters after other runes, digit runs compared as numbers.</summary>
    private sealed class KeyComparer : IComparer<string>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            return Less(x, y) ? -1 : Less(y, x) ? 1 : string.CompareOrdinal(x, y);
        }

        private static bool Less(string a, string b)
        {
            for (int i = 0; i < a.Length && i < b.Length; i++)
            {
                if (a[i] == b[i])
                {
                    continue;
                }

                bool al = char.IsLetter(a[i]), bl = char.IsLetter(b[i]);
                if (al && bl)
                {
                    return a[i] < b[i];
                }

                if (al || bl)
                {
                    return bl;
                }

                long an = 0, bn = 0;
                if (a[i] == '0' || b[i] == '0')
                {
                    for (int j = i - 1; j >= 0 && char.IsAsciiDigit(a[j]); j--)
                    {
                        if (a[j] != '0')
                        {
                            an = 1;
                            bn = 1;
                            break;
                        }
                    }
                }

                int ai = i, bi = i;
                for (; ai < a.Length && char.IsAsciiDigit(a[ai]); ai++)
                {
                    an = (an * 10) + (a[ai] - '0');
                }

                for (; bi < b.Length && char.IsAsciiDigit(b[bi]); bi++)
                {
                    bn = (bn * 10) + (b[bi] - '0');
                }

                if (an != bn)
                {
                    return an < bn;
                }

                if (ai != bi)
                {
                    return ai < bi;
                }

                return a[i] < b[i];
            }

            return a.Length < b.Length;
        }
    }
}
