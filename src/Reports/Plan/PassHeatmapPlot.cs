using ClusterSim.Planning.Analysis;
using ScottPlot;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// pass-heatmap.png, for a plan of exactly two axes: the pass probability of each (first axis, second axis)
/// cell, written in the cell with its verdict, on a colour scale from 0 to 1; the recommended cell is framed.
/// </summary>
internal static class PassHeatmapPlot
{
    /// <summary>Renders the plot to PNG bytes; the plan must have two axes.</summary>
    public static byte[] Render(PlanAnalysis analysis)
    {
        var plan = analysis.Plan;
        if (plan.Axes.Count != 2)
        {
            throw new ArgumentException("the pass heatmap needs exactly two axes", nameof(analysis));
        }

        var rowsAxis = plan.Axes[0];
        var colsAxis = plan.Axes[1];
        int rows = rowsAxis.Values.Count, cols = colsAxis.Values.Count;

        // The first axis reads downwards like a table: its first value in the top row.
        var cells = new ConfigSummary?[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                cells[r, c] = analysis.Configs.FirstOrDefault(s =>
                    s.Config.Settings.Any(x => x.Key == rowsAxis.Key && x.Value == rowsAxis.Values[r])
                    && s.Config.Settings.Any(x => x.Key == colsAxis.Key && x.Value == colsAxis.Values[c]));
            }
        }

        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.CustomInterpolated([Color.FromHex("#C62828"), Color.FromHex("#F4D03F"), Color.FromHex("#2E7D32")]);

        // Cells are drawn as rectangles (exactly one unit around each tick); a hidden heatmap only feeds the colour bar.
        var scale = plot.Add.Heatmap(new double[,] { { 0, 1 } });
        scale.Colormap = colormap;
        scale.ManualRange = new ScottPlot.Range(0, 1);
        scale.IsVisible = false;

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double y = rows - 1 - r;
                var cell = plot.Add.Rectangle(c - 0.5, c + 0.5, y - 0.5, y + 0.5);
                cell.LineStyle.Color = Colors.White;
                cell.LineStyle.Width = 2;
                if (cells[r, c] is not { } s)
                {
                    cell.FillStyle.Color = Colors.LightGray;
                    AddText(plot, "no runs", c, y, 12, false, Colors.Black);
                    continue;
                }

                // Dark text on the light middle of the scale, white on its dark ends.
                var fill = colormap.GetColor(Math.Clamp(s.Pass.Point, 0, 1));
                cell.FillStyle.Color = fill;
                var ink = ((0.299 * fill.R) + (0.587 * fill.G) + (0.114 * fill.B)) > 150 ? Colors.Black : Colors.White;
                AddText(plot, PlanFormat.Probability(s.Pass.Point, plan.Target), c, y + 0.1, 20, true, ink);
                AddText(plot, "[" + PlanFormat.Probability(s.Pass.Lower, plan.Target) + ", " + PlanFormat.Probability(s.Pass.Upper, plan.Target) + "]", c, y - 0.12, 12, false, ink);
                AddText(plot, PlanFormat.Id(s.Config.Index) + " " + VerdictName(s.Verdict), c, y - 0.3, 12, false, ink);
                if (analysis.Recommended == s.Config.Index)
                {
                    var frame = plot.Add.Rectangle(c - 0.47, c + 0.47, y - 0.47, y + 0.47);
                    frame.FillStyle.Color = Colors.Transparent;
                    frame.LineStyle.Color = Colors.Black;
                    frame.LineStyle.Width = 4;
                    AddText(plot, "recommended", c, y + 0.36, 12, true, ink);
                }
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            colsAxis.Values.Select((v, i) => new Tick(i, v)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            rowsAxis.Values.Select((v, i) => new Tick(rows - 1 - i, v)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
        plot.XLabel(colsAxis.Key);
        plot.YLabel(rowsAxis.Key);
        plot.Title("Pass probability per configuration (target " + PlanFormat.Probability(plan.Target, plan.Target) + ", 95% interval below)");
        plot.Add.ColorBar(scale);

        int width = Math.Max(800, 260 + (170 * cols));
        int height = Math.Max(560, 200 + (130 * rows));
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void AddText(Plot plot, string text, double x, double y, float size, bool bold, Color color)
    {
        var t = plot.Add.Text(text, x, y);
        t.LabelFontSize = size;
        t.LabelBold = bold;
        t.LabelFontColor = color;
        t.LabelAlignment = Alignment.MiddleCenter;
    }

    private static string VerdictName(Verdict v) => VerdictColors.All.First(x => x.Verdict == v).Name;
}
