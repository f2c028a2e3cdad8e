using System.Globalization;
using ClusterSim.Scenarios.Running;
using ScottPlot;

namespace ClusterSim.Reports;

/// <summary>
/// replicas.png: desired and ready replicas over time, one colour per workload, with markers at timeline actions and
/// faults. With more workloads than <see cref="ReportDigest.PlottedWorkloads"/> (more than the palette's colours), the
/// replicas summed over all of them and how many had fewer available than desired instead.
/// </summary>
public static class ReplicasPlot
{
    /// <summary>Renders the plot of an in-memory result to PNG bytes.</summary>
    public static byte[] Render(RunResult r, int width = 1200, int height = 700) => Render(r, ReportDigest.Of(r), width, height);

    /// <summary>Renders the plot to PNG bytes from the rows <paramref name="d"/> kept.</summary>
    public static byte[] Render(RunResult r, ReportDigest d, int width = 1200, int height = 700)
    {
        var plot = new Plot();
        double? maxShort = null;
        double maxY = d.ManyWorkloads ? Totals(plot, d, out maxShort) : EachWorkload(plot, d);

        // Markers only where the timeline changed something (faults, create/apply/delete/scale...), not at reads.
        foreach (var m in r.Marks.Where(m => m.IsFault || !IsReadOnly(m.Label)))
        {
            var v = plot.Add.VerticalLine(m.Time.TotalMinutes, 1, m.IsFault ? Colors.Red : Colors.Gray);
            v.LinePattern = LinePattern.Dotted;
            var text = m.Label.StartsWith("kubectl ", StringComparison.Ordinal) ? m.Label[8..] : m.Label;
            v.Text = text.Length > 24 ? text[..24] + "…" : text;
            v.LabelFontSize = 10;
            v.LabelOppositeAxis = true;
        }

        plot.Title("Replicas over time: " + r.ScenarioName);
        plot.Axes.Top.MinimumSize = 60; // room for the title above the marker labels
        plot.XLabel("virtual time (minutes)");
        plot.YLabel("replicas (pods)");
        plot.Axes.SetLimits(0, Math.Max(r.EndTime.TotalMinutes, 0.1), 0, Math.Ceiling(maxY * 1.15) + 0.5);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (maxShort is { } most)
        {
            plot.Axes.SetLimitsY(0, Math.Ceiling(Math.Max(1, most) * 1.15) + 0.5, plot.Axes.Right);
            plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Each workload's lines; returns the highest value drawn.</summary>
    private static double EachWorkload(Plot plot, ReportDigest digest)
    {
        var workloads = digest.Workloads.Select(w => (w.Kind, w.Namespace, w.Name)).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        double maxY = 1;
        var deployments = workloads.Where(w => w.Kind == "Deployment").ToList();
        for (int i = 0; i < workloads.Count; i++)
        {
            var w = workloads[i];
            var color = palette.GetColor(i);
            string label = ShortKind(w.Kind) + "/" + (w.Namespace == "default" ? "" : w.Namespace + "/") + w.Name;

            // A Deployment shows desired, updated, ready and available; each of its ReplicaSets (named
            // <deployment>-<pod-template-hash>) its own pod count as a thin line, so a rollout reads at a glance.
            bool ownedBySomeDeployment = w.Kind == "ReplicaSet" && deployments.Any(d => d.Namespace == w.Namespace
                && w.Name.StartsWith(d.Name + "-", StringComparison.Ordinal) && !w.Name[(d.Name.Length + 1)..].Contains('-', StringComparison.Ordinal));
            var series = w.Kind == "Deployment"
                ? new[] { ("spec.replicas", "desired", LinePattern.Dashed, 2f), ("status.updatedReplicas", "updated", LinePattern.Dotted, 2f), ("status.readyReplicas", "ready", LinePattern.Solid, 1.5f), ("status.availableReplicas", "available", LinePattern.Solid, 3f) }
                : ownedBySomeDeployment
                    ? new[] { ("status.replicas", "pods", LinePattern.DenselyDashed, 1.5f) }
                    : new[] { ("spec.replicas", "desired", LinePattern.Dashed, 2f), ("status.readyReplicas", "ready", LinePattern.Solid, 3f) };
            foreach (var (metric, suffix, pattern, lineWidth) in series)
            {
                if (digest.WorkloadSeries(w.Kind, w.Namespace, w.Name, metric) is not { IsEmpty: false } points)
                {
                    continue;
                }

                maxY = Math.Max(maxY, StepLine(plot, points, color, lineWidth, pattern, label + " " + suffix));
            }
        }

        return maxY;
    }

    /// <summary>Draws <paramref name="points"/> as a step line (replica counts change in steps); returns its highest value.</summary>
    private static double StepLine(Plot plot, PlotSeries points, ScottPlot.Color color, float lineWidth, LinePattern pattern, string legend)
    {
        var (xs, ys) = points.Minutes();
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = lineWidth;
        line.LinePattern = pattern;
        line.LegendText = legend;
        return ys.Max();
    }

    /// <summary>
    /// Too many workloads to tell apart: replicas summed over all of them (a Deployment's ReplicaSets are counted in
    /// their Deployment), and on the right axis how many had fewer available than desired. Returns the highest total.
    /// </summary>
    private static double Totals(Plot plot, ReportDigest d, out double? maxShort)
    {
        maxShort = null;
        var palette = new ScottPlot.Palettes.Category10();
        double maxY = 1;
        foreach (var (points, label, pattern, lineWidth, color) in new[]
        {
            (d.TotalDesired, "desired", LinePattern.Dashed, 2f, palette.GetColor(0)),
            (d.TotalReady, "ready", LinePattern.Solid, 1.5f, palette.GetColor(2)),
            (d.TotalAvailable, "available", LinePattern.Solid, 3f, palette.GetColor(1)),
        })
        {
            if (points.IsEmpty)
            {
                continue;
            }

            maxY = Math.Max(maxY, StepLine(plot, points, color, lineWidth, pattern, string.Create(CultureInfo.InvariantCulture, $"{label}, summed over {d.TopLevelWorkloads} workloads")));
        }

        if (!d.WorkloadsShort.IsEmpty)
        {
            var (xs, ys) = d.WorkloadsShort.Minutes();
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(3));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 1.5f;
            line.LegendText = "workloads with fewer available than desired (right axis)";
            line.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "workloads";
            maxShort = ys.Max();
        }

        return maxY;
    }

    private static bool IsReadOnly(string label) =>
        label.StartsWith("kubectl get", StringComparison.Ordinal) || label.StartsWith("kubectl describe", StringComparison.Ordinal)
        || label.StartsWith("kubectl rollout status", StringComparison.Ordinal) || label.StartsWith("kubectl rollout history", StringComparison.Ordinal)
        || label.StartsWith("kubectl top", StringComparison.Ordinal);

    private static string ShortKind(string kind) => kind switch
    {
        "ReplicationController" => "rc",
        "ReplicaSet" => "rs",
        "Deployment" => "deploy",
        _ => kind.ToLowerInvariant(),
    };
}
