using ClusterSim.Scenarios.Running;
using ScottPlot;

namespace ClusterSim.Reports;

/// <summary>
/// utilization.png: one panel per HPA with its CPU utilization (percentage of request, as the HPA saw it)
/// against its target, and its current and desired replicas on a second axis; a last panel with each load
/// target's offered and served requests per second. Faults and timeline actions are marked.
/// </summary>
public static class UtilizationPlot
{
    /// <summary>Writes the plot of an in-memory result as PNG to <paramref name="path"/>.</summary>
    public static void Save(string path, RunResult r, int width = 1200) => Save(path, r, ReportDigest.Of(r), width);

    /// <summary>Writes the plot as PNG to <paramref name="path"/> from the rows <paramref name="d"/> kept.</summary>
    public static void Save(string path, RunResult r, ReportDigest d, int width = 1200)
    {
        var hpas = d.Hpas;
        var loads = r.Load.Select(l => (l.Kind, l.Namespace, l.Name, l.Target)).ToList();
        int panels = hpas.Count + 1;
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels);
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < hpas.Count; i++)
        {
            var (ns, name) = hpas[i];
            var plot = multiplot.GetPlot(i);
            var outcome = r.Autoscalers.FirstOrDefault(a => a.Namespace == ns && a.Name == name);
            var utilization = Series(d.HpaSeries, (ns, name, "status.currentCPUUtilizationPercentage"));
            double maxUtil = 100;
            if (utilization.Xs.Length > 0)
            {
                var line = plot.Add.ScatterLine(utilization.Xs, utilization.Ys, palette.GetColor(0));
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = 2;
                line.LegendText = "CPU utilization (% of request)";
                maxUtil = Math.Max(maxUtil, utilization.Ys.Max());
            }

            if (outcome?.TargetCpuPercent is { } target)
            {
                var h = plot.Add.HorizontalLine(target, 1.5f, Colors.Gray, LinePattern.Dashed);
                h.LegendText = "target " + target.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%";
                maxUtil = Math.Max(maxUtil, target);
            }

            double maxReplicas = outcome?.MaxReplicas ?? 1;
            foreach (var (metric, label, color, pattern) in new[] { ("status.currentReplicas", "current replicas", palette.GetColor(1), LinePattern.Solid), ("status.desiredReplicas", "desired replicas", palette.GetColor(2), LinePattern.Dotted) })
            {
                var series = Series(d.HpaSeries, (ns, name, metric));
                if (series.Xs.Length == 0)
                {
                    continue;
                }

                var line = plot.Add.ScatterLine(series.Xs, series.Ys, color);
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = 2;
                line.LinePattern = pattern;
                line.LegendText = label + " (right axis)";
                line.Axes.YAxis = plot.Axes.Right;
                maxReplicas = Math.Max(maxReplicas, series.Ys.Max());
            }

            plot.Title("HPA " + (ns == "default" ? "" : ns + "/") + name + (outcome is null ? "" : " -> " + outcome.Reference));
            plot.YLabel("CPU utilization (%)");
            plot.Axes.Right.Label.Text = "replicas";
            plot.Axes.SetLimitsY(0, Math.Ceiling(maxUtil * 1.1), plot.Axes.Left);
            plot.Axes.SetLimitsY(0, Math.Ceiling(maxReplicas * 1.1) + 0.5, plot.Axes.Right);
            plot.ShowLegend(Alignment.UpperRight);
        }

        var loadPlot = multiplot.GetPlot(panels - 1);
        for (int i = 0; i < loads.Count; i++)
        {
            var l = loads[i];
            foreach (var (metric, suffix, pattern, widthPx) in new[] { ("load.offeredRps", "offered", LinePattern.Dashed, 1.5f), ("load.servedRps", "served", LinePattern.Solid, 2.5f) })
            {
                var series = Series(d.LoadSeries, (l.Kind, l.Namespace, l.Name, metric));
                if (series.Xs.Length == 0)
                {
                    continue;
                }

                var line = loadPlot.Add.ScatterLine(series.Xs, series.Ys, palette.GetColor(3 + i));
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LinePattern = pattern;
                line.LineWidth = widthPx;
                line.LegendText = l.Target + " " + suffix;
            }
        }

        loadPlot.Title(loads.Count == 0 ? "No load in this scenario" : "Offered vs served load");
        loadPlot.YLabel("requests per second");
        if (loads.Count > 0)
        {
            loadPlot.ShowLegend(Alignment.UpperRight);
        }

        for (int i = 0; i < panels; i++)
        {
            var plot = multiplot.GetPlot(i);
            foreach (var m in r.Marks.Where(m => m.IsFault || IsScaling(m.Label)))
            {
                var v = plot.Add.VerticalLine(m.Time.TotalMinutes, 1, m.IsFault ? Colors.Red : Colors.Gray);
                v.LinePattern = LinePattern.Dotted;
            }

            plot.XLabel("virtual time (minutes)");
            plot.Axes.SetLimitsX(0, Math.Max(r.EndTime.TotalMinutes, 0.1));
        }

        multiplot.SavePng(path, width, 350 * panels);
    }

    private static bool IsScaling(string label) =>
        label.StartsWith("kubectl autoscale", StringComparison.Ordinal) || label.StartsWith("kubectl scale", StringComparison.Ordinal)
        || label.StartsWith("kubectl apply", StringComparison.Ordinal) || label.StartsWith("kubectl create", StringComparison.Ordinal);

    private static (double[] Xs, double[] Ys) Series<TKey>(Dictionary<TKey, PlotSeries> lines, TKey key)
        where TKey : notnull =>
        lines.TryGetValue(key, out var line) ? line.Minutes() : ([], []);
}
