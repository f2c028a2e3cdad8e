using System.Text;
using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// Writes the report of `clustersim plan`: plan.md (its first line is the answer), plan.html (the same, one
/// self-contained page), configs.csv, pass-vs-cost.png, recovery-cdf.png, served-cdf.png, pass-heatmap.png
/// (two axes only), then the caller's extra files. Everything is written to a sibling staging directory first
/// and moved into place at the end, so a failure never leaves a half-written directory. The same inputs give
/// byte-identical files.
/// </summary>
public static class PlanReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the report of <paramref name="analysis"/> into <paramref name="directory"/> (created if needed),
    /// replacing files of the same names there. <paramref name="runs"/> give the CDFs and the failing seeds.
    /// <paramref name="extraFiles"/> (runs.csv, manifests...) are written as given; a name is relative, with '/'
    /// and at most one folder ("failures/x.yaml"), and must not repeat a name already written.
    /// </summary>
    /// <returns>The names written, in order ('/' separated).</returns>
    /// <exception cref="ArgumentException">An extra file's name is invalid or repeated; nothing is written then.</exception>
    public static IReadOnlyList<string> Write(string directory, PlanAnalysis analysis, IReadOnlyList<RunRecord> runs, IReadOnlyList<(string Name, byte[] Content)> extraFiles)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(extraFiles);
        var byConfig = new RunsByConfig(runs);
        var plots = Plots(analysis, byConfig);
        var document = PlanReportContent.Build(analysis, byConfig, plots.Select(p => (p.Name, p.Caption)).ToList());
        var files = new List<(string Name, byte[] Content)>
        {
            ("plan.md", Utf8.GetBytes(MarkdownRenderer.Render(document))),
            ("plan.html", Utf8.GetBytes(HtmlRenderer.Render(document, plots.Select(p => (p.Name, p.Png)).ToList()))),
            ("configs.csv", ConfigsCsv.Render(analysis)),
        };
        files.AddRange(plots.Select(p => (p.Name, p.Png)));
        files.AddRange(extraFiles);
        return StagedDirectory.Write(directory, files);
    }

    private static List<(string Name, string Caption, byte[] Png)> Plots(PlanAnalysis analysis, RunsByConfig runs)
    {
        var plots = new List<(string Name, string Caption, byte[] Png)>
        {
            ("pass-vs-cost.png", "Pass probability against cost, with 95% intervals, the target, the Pareto front and the recommended configuration (configurations of equal cost are drawn slightly apart).", PassVsCostPlot.Render(analysis)),
            ("recovery-cdf.png", "Recovery time over runs (empirical CDF), per configuration.",
                MetricCdfPlot.Render(analysis, runs, MetricCatalog.RecoveryTime, "Recovery time", "recovery time (minutes): longest from a fault to all replicas ready", 60)),
            ("served-cdf.png", "Fraction of load served over runs (empirical CDF), per configuration.",
                MetricCdfPlot.Render(analysis, runs, MetricCatalog.ServedFraction, "Fraction of load served", "fraction of requests served", 1)),
        };
        if (analysis.Plan.Axes.Count == 2)
        {
            plots.Add(("pass-heatmap.png", "Pass probability per configuration over the two axes.", PassHeatmapPlot.Render(analysis)));
        }

        return plots;
    }
}
