using System.Globalization;

namespace ClusterSim.Planning.Model;

/// <summary>The values of an axis as written: <c>3..12</c>, <c>3..12/3</c>, <c>0.5..2/0.5</c>, or a list <c>2,4,8</c> (any scalars: 8Gi, 2h).</summary>
public static class AxisValues
{
    /// <summary>At most this many values per axis.</summary>
    public const int MaxValues = 1000;

    /// <summary>The expanded values; null and the reason for an empty, reversed or malformed range.</summary>
    public static IReadOnlyList<string>? Expand(string text, out string? error)
    {
        error = null;
        var t = text.Trim();
        int dots = t.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            var items = t.Split(',').Select(s => s.Trim()).ToList();
            if (items.Any(s => s.Length == 0))
            {
                error = $"\"{text}\": expected a range (3..12, 3..12/3) or a comma-separated list (2,4,8) with no empty item";
                return null;
            }

            return Distinct(items, text, out error);
        }

        var from = t[..dots];
        var rest = t[(dots + 2)..];
        int slash = rest.IndexOf('/');
        var to = slash < 0 ? rest : rest[..slash];
        var step = slash < 0 ? "1" : rest[(slash + 1)..];
        if (!Number(from, out var a) || !Number(to, out var b) || !Number(step, out var s))
        {
            error = $"\"{text}\": expected a range FROM..TO or FROM..TO/STEP of numbers (3..12, 3..12/3, 0.5..2/0.5)";
            return null;
        }

        if (s <= 0)
        {
            error = $"\"{text}\": the step must be positive";
            return null;
        }

        if (b < a)
        {
            error = $"\"{text}\": empty range ({from} is above {to})";
            return null;
        }

        if ((b - a) / s >= MaxValues)
        {
            error = $"\"{text}\": more than {MaxValues} values";
            return null;
        }

        var values = new List<string>();
        for (decimal v = a; v <= b; v += s)
        {
            values.Add(v.ToString("0.############################", CultureInfo.InvariantCulture));
        }

        return values;
    }

    private static bool Number(string s, out decimal value) =>
        decimal.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static IReadOnlyList<string>? Distinct(List<string> items, string text, out string? error)
    {
        error = null;
        var duplicate = items.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            error = $"\"{text}\": {duplicate.Key} is listed twice";
            return null;
        }

        if (items.Count > MaxValues)
        {
            error = $"\"{text}\": more than {MaxValues} values";
            return null;
        }

        return items;
    }
}
