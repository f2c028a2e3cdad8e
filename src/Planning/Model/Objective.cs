using System.Globalization;
using ClusterSim.Planning.Metrics;
using ClusterSim.Scenarios;

namespace ClusterSim.Planning.Model;

/// <summary>
/// A threshold on a metric: <c>METRIC OP VALUE</c> is judged on every run (a run passes when it holds), and
/// <c>METRIC.STAT OP VALUE</c> (STAT: mean, p50, p95, p99) on each configuration's runs together. VALUE is a
/// number, a percentage (99.9%) or, for metrics in seconds, a duration (2m).
/// </summary>
public sealed record Objective(string Text, string Metric, string? Statistic, string Operator, double Threshold)
{
    private static readonly string[] Operators = [">=", "<=", "==", "!=", ">", "<"];

    /// <summary>The statistics a quantile objective may name.</summary>
    public static readonly IReadOnlyList<string> Statistics = ["mean", "p50", "p95", "p99"];

    /// <summary>True for thresholds judged on each run.</summary>
    public bool PerRun => Statistic is null;

    /// <summary>Whether <paramref name="value"/> meets the threshold.</summary>
    public bool Holds(double value) => Operator switch
    {
        ">=" => value >= Threshold,
        "<=" => value <= Threshold,
        ">" => value > Threshold,
        "<" => value < Threshold,
        "==" => value == Threshold,
        _ => value != Threshold,
    };

    /// <summary>True when larger values are on the passing side (>=, >).</summary>
    public bool WantsHigh => Operator is ">=" or ">";

    /// <summary>Parses <paramref name="text"/>; null and the reason when it is not an objective.</summary>
    public static Objective? Parse(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        int at = -1;
        string op = "";
        foreach (var candidate in Operators)
        {
            int i = trimmed.IndexOf(candidate, StringComparison.Ordinal);
            if (i > 0 && (at < 0 || i < at || (i == at && candidate.Length > op.Length)))
            {
                at = i;
                op = candidate;
            }
        }

        if (at < 0)
        {
            error = $"\"{text}\": expected METRIC OP VALUE (e.g. servedFraction >= 0.999 or recoveryTime.p95 <= 2m), OP one of {string.Join(" ", Operators)}";
            return null;
        }

        var left = trimmed[..at].Trim();
        var right = trimmed[(at + op.Length)..].Trim();
        string metric = left;
        string? statistic = null;
        int dot = left.LastIndexOf('.');
        if (dot > 0)
        {
            metric = left[..dot];
            statistic = left[(dot + 1)..];
            if (!Statistics.Contains(statistic, StringComparer.Ordinal))
            {
                error = $"\"{left}\": unknown statistic \"{statistic}\" (expected one of: {string.Join(", ", Statistics)})";
                return null;
            }
        }

        if (MetricCatalog.Find(metric) is not { } definition)
        {
            error = $"unknown metric \"{metric}\" (expected one of: {string.Join(", ", MetricCatalog.All.Select(m => m.Name))})";
            return null;
        }

        if (!TryValue(right, definition.Unit, out double threshold))
        {
            error = $"\"{right}\": expected a number" + (definition.Unit == MetricUnit.Seconds ? " of seconds or a duration (2m30s)" : "") + (definition.Unit == MetricUnit.Fraction ? " or a percentage (99.9%)" : "");
            return null;
        }

        return new Objective(metric + (statistic is null ? "" : "." + statistic) + " " + op + " " + right, metric, statistic, op, threshold);
    }

    private static bool TryValue(string text, MetricUnit unit, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            return true;
        }

        if (unit == MetricUnit.Fraction && text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            value /= 100;
            return true;
        }

        if (unit == MetricUnit.Seconds && Durations.TryParse(text, out var d, out _))
        {
            value = d.TotalSeconds;
            return true;
        }

        return false;
    }
}
