using ClusterSim.Scenarios.Running;
using ScottPlot;

namespace ClusterSim.Reports;

/// <summary>
/// nodes.png: above, each node's readiness over time (one step line per node, offset so they do not
/// overlap); below, CPU requested against allocatable, summed over the cluster, in cores. Faults are
/// marked in red on both. With more nodes than <see cref="ReportDigest.PlottedNodes"/>, where one line per node
/// could not be told apart, the upper panel shows how many nodes were Ready and NotReady, and a middle panel the
/// spread of CPU requested over allocatable across nodes (lowest, mean, highest).
/// </summary>
public static class NodesPlot
{
    /// <summary>Writes the plot of an in-memory result as PNG to <paramref name="path"/>.</summary>
    public static void Save(string path, RunResult r, int width = 1200, int height = 900) => Save(path, r, ReportDigest.Of(r), width, height);

    /// <summary>Writes the plot as PNG to <paramref name="path"/> from the rows <paramref name="d"/> kept.</summary>
    public static void Save(string path, RunResult r, ReportDigest d, int width = 1200, int height = 900)
    {
        var multiplot = new Multiplot();
        int panels = d.ManyNodes ? 3 : 2;
        multiplot.AddPlots(panels);
        var readiness = multiplot.GetPlot(0);
        var cpu = multiplot.GetPlot(d.ManyNodes ? 2 : 1);
        if (d.ManyNodes)
        {
            NodeCounts(readiness, d, r.ScenarioName);
            CpuSpread(multiplot.GetPlot(1), d);
        }
        else
        {
            EachNode(readiness, d, r.ScenarioName);
        }

        foreach (var (totals, label, color) in new[] { (d.CpuRequested, "CPU requested", Colors.OrangeRed), (d.CpuAllocatable, "CPU allocatable", Colors.SteelBlue) })
        {
            if (totals.IsEmpty)
            {
                continue;
            }

            var (xs, ys) = totals.Minutes();
            var line = cpu.Add.ScatterLine(xs, ys, color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = label + " (all nodes)";
        }

        cpu.Title("CPU requested vs allocatable");
        cpu.XLabel("virtual time (minutes)");
        cpu.YLabel("CPU (cores)");
        cpu.ShowLegend(Alignment.UpperRight);

        for (int i = 0; i < panels; i++)
        {
            var plot = multiplot.GetPlot(i);
            foreach (var m in r.Marks.Where(m => m.IsFault))
            {
                var v = plot.Add.VerticalLine(m.Time.TotalMinutes, 1, Colors.Red);
                v.LinePattern = LinePattern.Dotted;
            }

            plot.Axes.SetLimitsX(0, Math.Max(r.EndTime.TotalMinutes, 0.1));
        }

        var nodes = d.NodeNames;
        if (!d.ManyNodes && nodes.Count > 0)
        {
            readiness.Axes.SetLimitsY(-0.5, ((nodes.Count - 1) * 1.5) + 1.5);
        }

        multiplot.SavePng(path, width, height);
    }

    /// <summary>One step line per node, 0 NotReady and 1 Ready, offset by 1.5 per node; the left axis names each level.</summary>
    private static void EachNode(Plot readiness, ReportDigest d, string scenario)
    {
        var nodes = d.NodeNames;
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var (xs, ys) = d.NodeReadiness(nodes[i])!.Minutes();
            double offset = i * 1.5;
            var line = readiness.Add.ScatterLine(xs, ys.Select(y => offset + y).ToArray(), palette.GetColor(i));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            // No legend: the left axis names each node's two levels.
            ticks.Add(new Tick(offset, nodes[i] + " NotReady"));
            ticks.Add(new Tick(offset + 1, nodes[i] + " Ready"));
        }

        readiness.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        readiness.Title("Node readiness: " + scenario);
        readiness.XLabel("virtual time (minutes)");
    }

    /// <summary>How many nodes were Ready and NotReady at each sample.</summary>
    private static void NodeCounts(Plot readiness, ReportDigest d, string scenario)
    {
        double most = 1;
        foreach (var (counts, label, color) in new[] { (d.ReadyNodes, "Ready", Colors.SeaGreen), (d.NotReadyNodes, "NotReady", Colors.Red) })
        {
            if (counts.IsEmpty)
            {
                continue;
            }

            var (xs, ys) = counts.Minutes();
            most = Math.Max(most, ys.Max());
            var line = readiness.Add.ScatterLine(xs, ys, color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = label + " nodes";
        }

        readiness.Title("Node readiness: " + scenario + " (nodes counted, not drawn one by one)");
        readiness.XLabel("virtual time (minutes)");
        readiness.YLabel("nodes");
        readiness.Axes.SetLimitsY(0, Math.Ceiling(most * 1.1) + 0.5);
        readiness.ShowLegend(Alignment.UpperRight);
    }

    /// <summary>CPU requested as a percentage of allocatable across nodes: lowest, mean and highest at each sample.</summary>
    private static void CpuSpread(Plot spread, ReportDigest d)
    {
        foreach (var (points, label, pattern, width) in new[]
        {
            (d.NodeCpuMax, "highest node", LinePattern.Solid, 1.5f),
            (d.NodeCpuMean, "mean over nodes", LinePattern.Solid, 2.5f),
            (d.NodeCpuMin, "lowest node", LinePattern.Dashed, 1.5f),
        })
        {
            if (points.IsEmpty)
            {
                continue;
            }

            var (xs, ys) = points.Minutes();
            var line = spread.Add.ScatterLine(xs, ys, Colors.OrangeRed);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = width;
            line.LinePattern = pattern;
            line.LegendText = label;
        }

        spread.Title("CPU requested per node, % of its allocatable");
        spread.XLabel("virtual time (minutes)");
        spread.YLabel("CPU requested (%)");
        spread.ShowLegend(Alignment.UpperRight);
    }
}
