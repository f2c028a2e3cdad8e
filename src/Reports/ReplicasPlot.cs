using ClusterSim.Scenarios.Running;
using ScottPlot;

namespace ClusterSim.Reports;

/// <summary>replicas.png: desired and ready replicas over time, one colour per workload, with markers at timeline actions and faults.</summary>
public static class ReplicasPlot
{
    /// <summary>Renders the plot to PNG bytes.</summary>
    public static byte[] Render(RunResult r, int width = 1200, int height = 700)
    {
        var plot = new Plot();
        var workloads = r.Samples.Where(s => s.Metric == "spec.replicas")
            .Select(s => (s.Kind, s.Namespace, s.Name)).Distinct()
            .OrderBy(w => w.Kind, StringComparer.Ordinal).ThenBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();
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
                var points = r.Samples.Where(s => s.Kind == w.Kind && s.Namespace == w.Namespace && s.Name == w.Name && s.Metric == metric).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var xs = points.Select(p => new TimeSpan(p.TimeTicks).TotalMinutes).ToArray();
                var ys = points.Select(p => p.Value).ToArray();
                maxY = Math.Max(maxY, ys.Max());
                var line = plot.Add.ScatterLine(xs, ys, color);
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = lineWidth;
                line.LinePattern = pattern;
                line.LegendText = label + " " + suffix;
            }
        }

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
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
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
