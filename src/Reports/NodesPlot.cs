using ClusterSim.Scenarios.Running;
using ScottPlot;

namespace ClusterSim.Reports;

/// <summary>
/// nodes.png: above, each node's readiness over time (one step line per node, offset so they do not
/// overlap); below, CPU requested against allocatable, summed over the cluster, in cores. Faults are
/// marked in red on both.
/// </summary>
public static class NodesPlot
{
    /// <summary>Writes the plot as PNG to <paramref name="path"/>.</summary>
    public static void Save(string path, RunResult r, int width = 1200, int height = 900)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var readiness = multiplot.GetPlot(0);
        var cpu = multiplot.GetPlot(1);

        var nodes = r.Samples.Where(s => s.Kind == "Node" && s.Metric == "status.ready")
            .Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var points = r.Samples.Where(s => s.Kind == "Node" && s.Name == nodes[i] && s.Metric == "status.ready").ToList();
            double offset = i * 1.5;
            var line = readiness.Add.ScatterLine(points.Select(p => Minutes(p.TimeTicks)).ToArray(), points.Select(p => offset + p.Value).ToArray(), palette.GetColor(i));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            // No legend: the left axis names each node's two levels.
            ticks.Add(new Tick(offset, nodes[i] + " NotReady"));
            ticks.Add(new Tick(offset + 1, nodes[i] + " Ready"));
        }

        readiness.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        readiness.Title("Node readiness: " + r.ScenarioName);
        readiness.XLabel("virtual time (minutes)");

        foreach (var (metric, label, color) in new[] { ("status.requested.cpu", "CPU requested", Colors.OrangeRed), ("status.allocatable.cpu", "CPU allocatable", Colors.SteelBlue) })
        {
            var totals = r.Samples.Where(s => s.Kind == "Node" && s.Metric == metric)
                .GroupBy(s => s.TimeTicks).OrderBy(g => g.Key)
                .Select(g => (Time: Minutes(g.Key), Value: g.Sum(s => s.Value))).ToList();
            if (totals.Count == 0)
            {
                continue;
            }

            var line = cpu.Add.ScatterLine(totals.Select(t => t.Time).ToArray(), totals.Select(t => t.Value).ToArray(), color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = label + " (all nodes)";
        }

        cpu.Title("CPU requested vs allocatable");
        cpu.XLabel("virtual time (minutes)");
        cpu.YLabel("CPU (cores)");
        cpu.ShowLegend(Alignment.UpperRight);

        foreach (var plot in new[] { readiness, cpu })
        {
            foreach (var m in r.Marks.Where(m => m.IsFault))
            {
                var v = plot.Add.VerticalLine(m.Time.TotalMinutes, 1, Colors.Red);
                v.LinePattern = LinePattern.Dotted;
            }

            plot.Axes.SetLimitsX(0, Math.Max(r.EndTime.TotalMinutes, 0.1));
        }

        if (nodes.Count > 0)
        {
            readiness.Axes.SetLimitsY(-0.5, ((nodes.Count - 1) * 1.5) + 1.5);
        }

        multiplot.SavePng(path, width, height);
    }

    private static double Minutes(long ticks) => new TimeSpan(ticks).TotalMinutes;
}
