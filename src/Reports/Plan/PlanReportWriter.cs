using System.Globalization;
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
        var full = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, "." + Path.GetFileName(full) + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        var written = new List<string>();
        try
        {
            var byConfig = new RunsByConfig(runs);
            var plots = Plots(analysis, byConfig);
            var document = PlanReportContent.Build(analysis, byConfig, plots.Select(p => (p.Name, p.Caption)).ToList());
            Save(staging, written, "plan.md", Utf8.GetBytes(MarkdownRenderer.Render(document)));
            Save(staging, written, "plan.html", Utf8.GetBytes(HtmlRenderer.Render(document, plots.Select(p => (p.Name, p.Png)).ToList())));
            Save(staging, written, "configs.csv", ConfigsCsv.Render(analysis));
            foreach (var p in plots)
            {
                Save(staging, written, p.Name, p.Png);
            }

            foreach (var (name, content) in extraFiles)
            {
                CheckName(name);
                Save(staging, written, name, content);
            }

            Directory.CreateDirectory(full);
            foreach (var name in written)
            {
                var target = Path.Combine(full, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(staging, name), target, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return written;
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

    private static void Save(string staging, List<string> written, string name, byte[] content)
    {
        if (written.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException("file " + name + " would be written twice", nameof(name));
        }

        var path = Path.Combine(staging, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        written.Add(name);
    }

    /// <summary>A file name, or a folder and a file name, '/' separated, that stays inside the output directory.</summary>
    private static void CheckName(string name)
    {
        var parts = name.Split('/');
        bool valid = parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p != "." && p != ".."
            && !p.Any(ch => char.IsControl(ch) || ch == '\\' || ch == ':' || Path.GetInvalidFileNameChars().Contains(ch)));
        if (!valid)
        {
            throw new ArgumentException("invalid output file name \"" + name + "\": expected a file name or folder/file name", nameof(name));
        }
    }
}
