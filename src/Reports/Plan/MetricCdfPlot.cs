using ClusterSim.Planning.Analysis;
using ScottPlot;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// recovery-cdf.png and served-cdf.png: the empirical CDF of one metric over the runs, one step line per
/// configuration (a readable subset when there are many), with the objectives' thresholds on that metric.
/// </summary>
internal static class MetricCdfPlot
{
    /// <summary>Lines drawn at most; more configurations are thinned to every k-th plus the recommended.</summary>
    public const int MaxLines = 8;

    /// <summary>
    /// Renders the CDF of <paramref name="metric"/>; values are divided by <paramref name="scale"/> for the axis
    /// (60 shows seconds as minutes).
    /// </summary>
    public static byte[] Render(PlanAnalysis analysis, RunsByConfig runs, string metric, string what, string axisLabel, double scale, int width = 1200, int height = 700)
    {
        var plan = analysis.Plan;
        var (shown, note) = Subset(analysis);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.DenselyDashed, LinePattern.Dotted];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < shown.Count; i++)
        {
            var c = shown[i];
            var values = runs.Of(c.Config.Index).Select(r => r.Value(metric) / scale).Where(double.IsFinite).Order().ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            // Steps up by 1/n at each run's value, from 0 before the smallest to 1 at the largest.
            var xs = new double[values.Length + 1];
            var ys = new double[values.Length + 1];
            xs[0] = values[0];
            for (int k = 0; k < values.Length; k++)
            {
                xs[k + 1] = values[k];
                ys[k + 1] = (k + 1) / (double)values.Length;
            }

            min = Math.Min(min, values[0]);
            max = Math.Max(max, values[^1]);
            bool recommended = analysis.Recommended == c.Config.Index;
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(i % 10));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = recommended ? 3.5f : 2;
            line.LinePattern = recommended ? LinePattern.Solid : patterns[i % patterns.Length];
            line.LegendText = PlanFormat.Id(c.Config.Index) + " " + PlanFormat.ShortLabel(c.Config) + (recommended ? " (recommended)" : "");
        }

        foreach (var t in ObjectiveThreshold.On(metric, plan.RunObjectives.Concat(plan.QuantileObjectives)))
        {
            var v = plot.Add.VerticalLine(t.Value / scale, 1.5f, Colors.Black, LinePattern.Dotted);
            v.LegendText = "objective " + t.Text;
            min = Math.Min(min, t.Value / scale);
            max = Math.Max(max, t.Value / scale);
            if (t.Quantile is { } q)
            {
                var h = plot.Add.HorizontalLine(q, 1, Colors.Gray, LinePattern.Dotted);
                h.LegendText = PlanFormat.Plain(q * 100) + "% of runs";
            }
        }

        plot.Title(what + " over runs, per configuration" + note);
        plot.XLabel(axisLabel);
        plot.YLabel("fraction of runs at or below");
        if (double.IsFinite(min))
        {
            double span = max - min;
            double pad = span > 0 ? span * 0.04 : Math.Max(0.01, Math.Abs(max) * 0.05);
            plot.Axes.SetLimits(min - pad, max + pad, -0.02, 1.04);
        }
        else
        {
            plot.Axes.SetLimits(0, 1, -0.02, 1.04);
        }

        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// The configurations drawn: all when few, else every k-th in grid order and the recommended one, with a
    /// note for the title saying which.
    /// </summary>
    private static (IReadOnlyList<ConfigSummary> Shown, string Note) Subset(PlanAnalysis analysis)
    {
        var all = analysis.Configs;
        if (all.Count <= MaxLines)
        {
            return (all, "");
        }

        // One slot is kept for the recommended configuration.
        int k = (int)Math.Ceiling(all.Count / (double)(MaxLines - 1));
        var shown = all.Where((c, i) => i % k == 0 || c.Config.Index == analysis.Recommended).ToList();
        string every = k == 2 ? "every 2nd" : k == 3 ? "every 3rd" : "every " + PlanFormat.Count(k) + "th";
        return (shown, "\n(" + PlanFormat.Count(shown.Count) + " of " + PlanFormat.Count(all.Count) + " configurations: " + every
            + " in grid order" + (shown.Count > all.Where((c, i) => i % k == 0).Count() ? " and the recommended" : "") + ")");
    }
}
