using ClusterSim.Scenarios.Running;
using ScottPlot;

namespace ClusterSim.Reports;

/// <summary>
/// nodegroups.png, written only when the scenario has node groups: above, for each pool the Cluster Autoscaler resizes,
/// its nodes registered (solid), Ready (thinner) and the autoscaler's target size (dashed), one colour per pool
/// (timeseries.csv's NodeGroup rows); below, the cluster's pending pods. Faults are marked in red on both, and the
/// legends sit right of the data, where they hide no line.
/// </summary>
public static class NodeGroupsPlot
{
    /// <summary>The file's name in a run's output directory.</summary>
    public const string FileName = "nodegroups.png";

    /// <summary>Writes the plot of an in-memory result as PNG to <paramref name="path"/>.</summary>
    public static void Save(string path, RunResult r, int width = 1200, int height = 900) => Save(path, r, ReportDigest.Of(r), width, height);

    /// <summary>Writes the plot as PNG to <paramref name="path"/> from the rows <paramref name="d"/> kept.</summary>
    public static void Save(string path, RunResult r, ReportDigest d, int width = 1200, int height = 900)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var groups = multiplot.GetPlot(0);
        var pending = multiplot.GetPlot(1);
        double most = Pools(groups, d);
        groups.Title("Node groups: " + r.ScenarioName);
        groups.YLabel("nodes");
        groups.Axes.SetLimitsY(0, Math.Ceiling(Math.Max(1, most) * 1.15) + 0.5);

        double mostPending = 0;
        if (!d.PendingPods.IsEmpty)
        {
            var (xs, ys) = d.PendingPods.Minutes();
            mostPending = ys.Max();
            // Black: no pool's colour (the palettes have none).
            var line = pending.Add.ScatterLine(xs, ys, Colors.Black);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = "pending pods";
        }

        pending.Title("Pending pods");
        pending.YLabel("pods");
        pending.Axes.SetLimitsY(0, Math.Ceiling(Math.Max(1, mostPending) * 1.15) + 0.5);

        // The same room right of both panels' data for the legends (enough for the longest pool name), so the two time
        // axes line up.
        float legendWidth = 190 + (8 * d.Pools.Select(p => p.Length).DefaultIfEmpty(0).Max());
        foreach (var plot in new[] { groups, pending })
        {
            foreach (var m in r.Marks.Where(m => m.IsFault))
            {
                var v = plot.Add.VerticalLine(m.Time.TotalMinutes, 1, Colors.Red);
                v.LinePattern = LinePattern.Dotted;
            }

            plot.XLabel("virtual time (minutes)");
            plot.Axes.SetLimitsX(0, Math.Max(r.EndTime.TotalMinutes, 0.1));
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.ShowLegend(Edge.Right);
            plot.Layout.Fixed(new PixelPadding(left: 70, right: legendWidth, bottom: 50, top: 40));
        }

        multiplot.SavePng(path, width, height);
    }

    /// <summary>Each pool's registered, Ready and target lines in its own colour; returns the highest value drawn.</summary>
    private static double Pools(Plot plot, ReportDigest d)
    {
        var pools = d.Pools;
        // Ten colours for up to ten pools, as the other plots; twenty beyond (past twenty pools, colours repeat).
        IPalette palette = pools.Count <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        double most = 0;
        for (int i = 0; i < pools.Count; i++)
        {
            var color = palette.GetColor(i);
            foreach (var (metric, label, pattern, lineWidth) in new[]
            {
                ("nodes", "registered", LinePattern.Solid, 4f),
                ("readyNodes", "Ready", LinePattern.Solid, 1.5f),
                ("targetSize", "target size", LinePattern.Dashed, 2f),
            })
            {
                if (d.PoolSeries(pools[i], metric) is not { IsEmpty: false } points)
                {
                    continue;
                }

                var (xs, ys) = points.Minutes();
                most = Math.Max(most, ys.Max());
                // The registered line is wide and pale, so the Ready one drawn over it shows where they differ.
                var line = plot.Add.ScatterLine(xs, ys, metric == "nodes" ? color.WithAlpha(0.45) : color);
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = lineWidth;
                line.LinePattern = pattern;
                line.LegendText = pools[i] + " " + label;
            }
        }

        return most;
    }
}
