using System.Globalization;
using System.Text;

namespace ClusterSim.Sim.Api;

/// <summary>
/// Reproduces the few pieces of Go formatting that appear inside Kubernetes error messages
/// (<c>%q</c>, <c>%#v</c> of a <c>[]string</c>, field.Error and errors.Aggregate rendering).
/// </summary>
internal static class GoFormat
{
    // Port of Go strconv.Quote (what fmt's %q and %#v print for a string).
    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    AppendRune(sb, char.ConvertToUtf32(c, s[i + 1]));
                    i++;
                }
                else
                {
                    // A lone surrogate has no valid UTF-8 form; Go would see its three
                    // (invalid) WTF-8 bytes and escape each one as \xNN.
                    AppendByte(sb, 0xE0 | (c >> 12));
                    AppendByte(sb, 0x80 | ((c >> 6) & 0x3F));
                    AppendByte(sb, 0x80 | (c & 0x3F));
                }

                continue;
            }

            AppendRune(sb, c);
        }

        sb.Append('"');
        return sb.ToString();
    }

    // Go's %#v of a []string: []string(nil) or []string{"a", "b"}.
    internal static string StringSlice(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return "[]string(nil)";
        }

        return "[]string{" + string.Join(", ", values.Select(Quote)) + "}";
    }

    // Port of apimachinery/pkg/util/validation/field/errors.go (*Error).Error for an Invalid error
    // whose bad value has already been rendered by the caller.
    internal static string FieldInvalid(string field, string renderedBadValue, string detail) =>
        field + ": Invalid value: " + renderedBadValue + (detail.Length == 0 ? string.Empty : ": " + detail);

    // Port of apimachinery/pkg/util/validation/field/errors.go NotSupported + (*Error).Error.
    internal static string FieldNotSupported(string field, string renderedBadValue, IEnumerable<string> validValues)
    {
        var quoted = validValues.Select(Quote).ToList();
        var detail = quoted.Count == 0 ? string.Empty : "supported values: " + string.Join(", ", quoted);
        return field + ": Unsupported value: " + renderedBadValue + (detail.Length == 0 ? string.Empty : ": " + detail);
    }

    // Port of field.ErrorList.ToAggregate (drops duplicate messages) + util/errors aggregate.Error.
    internal static string Aggregate(IReadOnlyList<string> messages)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<string>();
        foreach (var message in messages)
        {
            if (seen.Add(message))
            {
                unique.Add(message);
            }
        }

        return unique.Count == 1 ? unique[0] : "[" + string.Join(", ", unique) + "]";
    }

    private static void AppendRune(StringBuilder sb, int rune)
    {
        switch (rune)
        {
            case '"':
                sb.Append("\\\"");
                return;
            case '\\':
                sb.Append("\\\\");
                return;
            case '\a':
                sb.Append("\\a");
                return;
            case '\b':
                sb.Append("\\b");
                return;
            case '\f':
                sb.Append("\\f");
                return;
            case '\n':
                sb.Append("\\n");
                return;
            case '\r':
                sb.Append("\\r");
                return;
            case '\t':
                sb.Append("\\t");
                return;
            case '\v':
                sb.Append("\\v");
                return;
        }

        if (IsPrint(rune))
        {
            sb.Append(char.ConvertFromUtf32(rune));
        }
        else if (rune < ' ' || rune == 0x7F)
        {
            AppendByte(sb, rune);
        }
        else if (rune < 0x10000)
        {
            sb.Append("\\u").Append(rune.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(rune.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    private static void AppendByte(StringBuilder sb, int b) =>
        sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));

    // Go unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(int rune)
    {
        if (rune == ' ')
        {
            return true;
        }

        return CharUnicodeInfo.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => true,
            UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }
}
