using ClusterSim.Planning.Analysis;
using ScottPlot;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// pass-vs-cost.png: each configuration's pass probability (point and 95% interval) against its cost, coloured
/// by verdict, with the target, the Pareto front as a step line and the recommended configuration ringed.
/// </summary>
internal static class PassVsCostPlot
{
    /// <summary>Points are labelled with their index up to this many configurations; beyond, only the recommended one.</summary>
    private const int MaxLabelled = 24;

    /// <summary>Renders the plot to PNG bytes.</summary>
    public static byte[] Render(PlanAnalysis analysis, int width = 1200, int height = 700)
    {
        var plan = analysis.Plan;
        var configs = analysis.Configs;
        var plot = new Plot();

        var x = SpreadX(configs);
        var front = ParetoFront.Of(configs);
        if (front.Count > 0)
        {
            // Best pass probability reachable for a budget: flat until the next front point's cost, then up.
            double maxX = configs.Max(c => x[c.Config.Index]);
            var xs = front.Select(c => x[c.Config.Index]).Append(maxX).ToArray();
            var ys = front.Select(c => c.Pass.Point).Append(front[^1].Pass.Point).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, Colors.SlateGray);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.LegendText = "Pareto front (best pass probability for the cost)";
        }

        var target = plot.Add.HorizontalLine(plan.Target, 1.5f, Colors.Black, LinePattern.Dotted);
        target.LegendText = "target " + PlanFormat.Probability(plan.Target, plan.Target);

        foreach (var (verdict, name, color) in VerdictColors.All)
        {
            var group = configs.Where(c => c.Verdict == verdict).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            double[] xs = group.Select(c => x[c.Config.Index]).ToArray();
            double[] ys = group.Select(c => c.Pass.Point).ToArray();
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null,
                group.Select(c => Math.Max(0, c.Pass.Upper - c.Pass.Point)).ToArray(),
                group.Select(c => Math.Max(0, c.Pass.Point - c.Pass.Lower)).ToArray())
            {
                Color = color,
                LineWidth = 1.5f,
                CapSize = 6,
            };
            plot.Add.Plottable(bars);
            var points = plot.Add.Scatter(xs, ys, color);
            points.LineWidth = 0;
            points.MarkerSize = 9;
            points.LegendText = name + " (" + PlanFormat.Count(group.Count) + ")";
        }

        bool labelAll = configs.Count <= MaxLabelled;
        double middle = configs.Count == 0 ? 0 : (configs.Min(c => x[c.Config.Index]) + configs.Max(c => x[c.Config.Index])) / 2;
        foreach (var c in configs)
        {
            bool recommended = analysis.Recommended == c.Config.Index;
            if (!labelAll && !recommended)
            {
                continue;
            }

            // Labels point inwards (right of a point on the left half, left of one on the right half) so none is cut off.
            bool right = x[c.Config.Index] > middle && recommended;
            var text = plot.Add.Text(PlanFormat.Id(c.Config.Index) + (recommended ? " " + PlanFormat.ShortLabel(c.Config) + " (recommended)" : ""), x[c.Config.Index], c.Pass.Point);
            text.LabelFontSize = recommended ? 13 : 11;
            text.LabelBold = recommended;
            text.LabelFontColor = Colors.Black;
            text.LabelAlignment = right ? Alignment.LowerRight : Alignment.LowerLeft;
            text.OffsetX = right ? -12 : 7;
            text.OffsetY = recommended ? -12 : -5;
        }

        if (analysis.Configs.FirstOrDefault(c => c.Config.Index == analysis.Recommended) is { } rec)
        {
            var ring = plot.Add.Marker(x[rec.Config.Index], rec.Pass.Point, MarkerShape.OpenCircle, 24, Colors.Black);
            ring.MarkerLineWidth = 2.5f;
            ring.LegendText = "recommended " + PlanFormat.Id(rec.Config.Index);
        }

        plot.Title("Pass probability vs cost: " + plan.Name + " (" + PlanFormat.Count(plan.Runs) + " runs per configuration)");
        plot.XLabel("cost per run (" + plan.CostUnit + ", mean over runs)");
        plot.YLabel("pass probability (95% interval)");
        SetLimits(plot, analysis, x);
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// Each configuration's x: its cost, moved apart slightly (in grid order) from others of the same cost, so
    /// their intervals do not hide each other (node-hours often price two shapes of the same size alike).
    /// </summary>
    private static Dictionary<int, double> SpreadX(IReadOnlyList<ConfigSummary> configs)
    {
        var x = new Dictionary<int, double>();
        if (configs.Count == 0)
        {
            return x;
        }

        double span = configs.Max(c => c.Cost) - configs.Min(c => c.Cost);
        double step = (span > 0 ? span : Math.Max(1, Math.Abs(configs[0].Cost) * 0.1)) * 0.02;
        foreach (var same in configs.GroupBy(c => c.Cost))
        {
            var members = same.OrderBy(c => c.Config.Index).ToList();
            for (int i = 0; i < members.Count; i++)
            {
                x[members[i].Config.Index] = same.Key + ((i - ((members.Count - 1) / 2.0)) * step);
            }
        }

        return x;
    }

    private static void SetLimits(Plot plot, PlanAnalysis analysis, Dictionary<int, double> x)
    {
        var configs = analysis.Configs;
        if (configs.Count == 0)
        {
            plot.Axes.SetLimits(0, 1, 0, 1.05);
            return;
        }

        double minX = configs.Min(c => x[c.Config.Index]), maxX = configs.Max(c => x[c.Config.Index]);
        double spanX = maxX - minX;
        double padX = spanX > 0 ? spanX * 0.06 : Math.Max(1, Math.Abs(minX) * 0.1);

        // Zoomed to where the intervals are (they often sit near 1), always showing the target; labels need room right and above.
        double low = Math.Min(configs.Min(c => c.Pass.Lower), analysis.Plan.Target);
        double minY = Math.Max(0, Math.Floor((low - 0.05) * 20) / 20);
        plot.Axes.SetLimits(minX - padX, maxX + (padX * 2.5), minY, 1 + ((1 - minY) * 0.08));
    }
}
