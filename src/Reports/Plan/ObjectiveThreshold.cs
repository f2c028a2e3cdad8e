using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// The threshold of an objective as written ("servedFraction >= 0.999", "recoveryTime.p95 &lt;= 2m"), read only
/// to draw it on a plot: the metric, the quantile (null for a per-run objective) and the value (seconds for a
/// duration). An objective in another form is simply not drawn.
/// </summary>
internal sealed record ObjectiveThreshold(string Text, string Metric, double? Quantile, double Value)
{
    /// <summary>The objectives of <paramref name="texts"/> on <paramref name="metric"/> that can be read.</summary>
    public static IReadOnlyList<ObjectiveThreshold> On(string metric, IEnumerable<string> texts) =>
        texts.Select(Parse).OfType<ObjectiveThreshold>().Where(t => t.Metric == metric).ToList();

    private static ObjectiveThreshold? Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[1] is not ("<=" or ">=" or "<" or ">" or "=="))
        {
            return null;
        }

        string metric = parts[0];
        double? quantile = null;
        int dot = metric.LastIndexOf('.');
        if (dot > 0 && metric.Length > dot + 2 && metric[dot + 1] == 'p'
            && double.TryParse(metric[(dot + 2)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
        {
            quantile = percent / 100;
            metric = metric[..dot];
        }

        if (double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return new ObjectiveThreshold(text, metric, quantile, value);
        }

        return GoDuration.TryParse(parts[2], out var duration, out _) ? new ObjectiveThreshold(text, metric, quantile, duration.TotalSeconds) : null;
    }
}
