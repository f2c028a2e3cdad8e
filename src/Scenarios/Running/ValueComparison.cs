using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Running;

/// <summary>Compares two resolved expectation values: numbers numerically, strings ordinally, a string that reads as a number or quantity as that number.</summary>
public static class ValueComparison
{
    /// <summary>Applies <paramref name="op"/> (== != &lt; &lt;= &gt; &gt;=); a null side only satisfies `!=`.</summary>
    public static bool Compare(object? left, string op, object? right)
    {
        if (left is null || right is null)
        {
            return op == "!=" && !(left is null && right is null);
        }

        int? cmp = null;
        if (AsNumber(left) is { } l && AsNumber(right) is { } r)
        {
            cmp = l.CompareTo(r);
        }
        else if (left is string ls && right is string rs)
        {
            cmp = string.CompareOrdinal(ls, rs);
        }

        if (cmp is null)
        {
            return op == "!=";
        }

        return op switch
        {
            "==" => cmp == 0,
            "!=" => cmp != 0,
            "<" => cmp < 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            ">=" => cmp >= 0,
            _ => throw new ArgumentException("unknown operator " + op, nameof(op)),
        };
    }

    /// <summary>How a value is shown in a verdict.</summary>
    public static string Show(object? value) => value switch
    {
        null => "<none>",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => "\"" + s + "\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static double? AsNumber(object value)
    {
        if (value is double d)
        {
            return d;
        }

        if (value is string s)
        {
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            if (Quantity.TryParse(s, out var q, out _))
            {
                return q.MilliValue() / 1000.0;
            }
        }

        return null;
    }
}
