using System.Text;
using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;
using ClusterSim.Reports;
using ClusterSim.Reports.Plan;

namespace ClusterSim.Tests.Planning.Reports;

public sealed class PlanReportWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "clustersim-plan-report-tests-" + Guid.NewGuid().ToString("N"));

    public PlanReportWriterTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static readonly (string Name, byte[] Content)[] Extras =
    [
        ("runs.csv", Encoding.UTF8.GetBytes("config,run,seed\n0,0,1000\n")),
        ("manifests/plan-manifest.json", Encoding.UTF8.GetBytes("{}\n")),
    ];

    [Fact]
    public void FirstLineOfPlanMdIsTheAnswer()
    {
        var (analysis, runs) = PlanFixture.Build(PlanFixture.TwoAxes);
        var dir = Path.Combine(_root, "out");
        PlanReportWriter.Write(dir, analysis, runs, []);

        var text = File.ReadAllText(Path.Combine(dir, "plan.md"));
        Assert.Equal(analysis.Answer, text.Split('\n')[0]);
        Assert.StartsWith("Smallest configuration", analysis.Answer, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WritesTheFilesInOrderAndByteIdenticallyTwice()
    {
        var (analysis, runs) = PlanFixture.Build(PlanFixture.TwoAxes);
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "nested", "b");
        var first = PlanReportWriter.Write(a, analysis, runs, Extras);
        var second = PlanReportWriter.Write(b, analysis, runs, Extras);

        Assert.Equal(
            ["plan.md", "plan.html", "configs.csv", "pass-vs-cost.png", "recovery-cdf.png", "served-cdf.png", "pass-heatmap.png", "runs.csv", "manifests/plan-manifest.json"],
            first);
        Assert.Equal(first, second);
        foreach (var name in first)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, name))), name + " differs between two writes");
        }

        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(a, "manifests", "plan-manifest.json")));
        Assert.Empty(Directory.GetDirectories(_root, ".*"));
    }

    [Fact]
    public void ReplacesExistingFilesOfTheSameNamesAndKeepsOthers()
    {
        var (analysis, runs) = PlanFixture.Build(PlanFixture.TwoAxes);
        var dir = Path.Combine(_root, "out");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "plan.md"), "old");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");

        PlanReportWriter.Write(dir, analysis, runs, Extras);

        Assert.NotEqual("old", File.ReadAllText(Path.Combine(dir, "plan.md")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
    }

    [Fact]
    public void ConfigsCsvHasOneColumnPerAxisAndEightPerMetric()
    {
        var (analysis, runs) = PlanFixture.Build(PlanFixture.TwoAxes);
        var dir = Path.Combine(_root, "out");
        PlanReportWriter.Write(dir, analysis, runs, []);

        var lines = File.ReadAllText(Path.Combine(dir, "configs.csv")).Split('\n');
        var header = lines[0].Split(',');
        Assert.Equal(
            ["config", PlanFixture.CountKey, PlanFixture.CpuKey, "runs", "passed", "pass_point", "pass_lower", "pass_upper", "pass_method", "verdict", "runs_to_decide", "cost", "node_hours",
             "servedFraction_mean", "servedFraction_p50", "servedFraction_p95", "servedFraction_p95_lower", "servedFraction_p95_upper", "servedFraction_p99", "servedFraction_p99_lower", "servedFraction_p99_upper"],
            header.Take(21));
        Assert.Equal(13 + (8 * MetricCatalog.All.Count), header.Length);
        Assert.Equal(analysis.Configs.Count + 2, lines.Length); // header, rows, and "" after the last "\n"
        Assert.Equal("", lines[^1]);

        // Row of configuration 4: count=4, cpu=4.
        var c = analysis.Configs[4];
        var row = lines[5].Split(',');
        Assert.Equal(header.Length, row.Length);
        Assert.Equal("4", row[0]);
        Assert.Equal("4", row[1]);
        Assert.Equal("4", row[2]);
        Assert.Equal("20", row[3]);
        Assert.Equal(Formatting.Number(c.Pass.Successes), row[4]);
        Assert.Equal(Formatting.Number(c.Pass.Point), row[5]);
        Assert.Equal(Formatting.Number(c.Pass.Lower), row[6]);
        Assert.Equal(Formatting.Number(c.Pass.Upper), row[7]);
        Assert.Equal(c.Pass.Method, row[8]);
        Assert.Equal(c.Verdict.ToString().ToLowerInvariant(), row[9]);
        Assert.Equal(c.RunsToDecide?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", row[10]);
        Assert.Equal(Formatting.Number(c.Cost), row[11]);
        Assert.Equal("8", row[12]);

        int recovery = 13 + (8 * MetricCatalog.IndexOf(MetricCatalog.RecoveryTime));
        var m = c.Metrics.First(x => x.Metric == MetricCatalog.RecoveryTime);
        Assert.Equal(Formatting.Number(m.Mean), row[recovery]);
        Assert.Equal(Formatting.Number(m.P95.Point), row[recovery + 2]);
        Assert.Equal(Formatting.Number(m.P95.Lower!.Value), row[recovery + 3]);
        Assert.Null(m.P99.Upper);
        Assert.Equal("", row[recovery + 7]); // too few runs for a p99 upper bound: empty, not 0
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void TheHeatmapIsWrittenOnlyForExactlyTwoAxes(int axisCount, bool heatmap)
    {
        IReadOnlyList<Axis> axes = axisCount switch
        {
            1 => [new(PlanFixture.CountKey, ["3", "4", "5", "6"])],
            2 => PlanFixture.TwoAxes,
            _ => [.. PlanFixture.TwoAxes, new(PlanFixture.ZoneKey, ["1", "2"])],
        };
        var (analysis, runs) = PlanFixture.Build(axes, runs: 10);
        var dir = Path.Combine(_root, "out");
        var written = PlanReportWriter.Write(dir, analysis, runs, []);

        Assert.Equal(heatmap, written.Contains("pass-heatmap.png"));
        Assert.Equal(heatmap, File.Exists(Path.Combine(dir, "pass-heatmap.png")));
        Assert.True(File.Exists(Path.Combine(dir, "recovery-cdf.png")));
    }

    [Fact]
    public void TheHtmlIsSelfContained()
    {
        var (analysis, runs) = PlanFixture.Build(PlanFixture.TwoAxes);
        var dir = Path.Combine(_root, "out");
        PlanReportWriter.Write(dir, analysis, runs, []);

        var html = File.ReadAllText(Path.Combine(dir, "plan.html"));
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"pass", html, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(html, "src=\"data:image/png;base64,"));
        Assert.Contains("<p class=\"answer\">" + analysis.Answer.Replace(">", "&gt;", StringComparison.Ordinal) + "</p>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"meets\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanMdSaysHowToReproduceAndKeepsTablesValid()
    {
        var (analysis, runs) = PlanFixture.Build(PlanFixture.TwoAxes);
        var dir = Path.Combine(_root, "out");
        PlanReportWriter.Write(dir, analysis, runs, []);
        var md = File.ReadAllText(Path.Combine(dir, "plan.md"));

        var cheapest = runs.Where(r => r.Config == 0 && !r.Passed).OrderBy(r => r.Run).ToList();
        Assert.NotEmpty(cheapest);
        Assert.Contains("clustersim run 'scenarios/checkout zone outage.yaml' --seed " + cheapest[0].Seed
            + " --set nodes.worker.count=3 --set nodes.worker.capacity.cpu=2\n", md, StringComparison.Ordinal);
        Assert.Contains("1000..1019", md, StringComparison.Ordinal);
        Assert.Contains("Wilson score", md, StringComparison.Ordinal);
        Assert.Contains("Clopper-Pearson", md, StringComparison.Ordinal);
        Assert.Contains("Hyndman-Fan type 1", md, StringComparison.Ordinal);
        Assert.Contains("McNemar", md, StringComparison.Ordinal);
        Assert.Contains("![", md, StringComparison.Ordinal);
        Assert.Contains("(pass-heatmap.png)", md, StringComparison.Ordinal);
        foreach (var note in analysis.Notes)
        {
            Assert.Contains("- " + note + "\n", md, StringComparison.Ordinal);
        }

        // Each table's rows have as many cells as its header: a "|" in a failure or evidence text is escaped.
        int? columns = null;
        foreach (var line in md.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                columns = null;
                continue;
            }

            int cells = CountOf(line.Replace("\\|", "", StringComparison.Ordinal), "|") - 1;
            columns ??= cells;
            Assert.True(columns == cells, "table row with " + cells + " cells, header " + columns + ": " + line);
        }
    }

    [Fact]
    public void AFailureHalfwayLeavesNeitherStagingNorTheDirectory()
    {
        var (analysis, runs) = PlanFixture.Build(PlanFixture.TwoAxes, runs: 10);
        var parent = Path.Combine(_root, "parent");
        var dir = Path.Combine(parent, "out");

        Assert.Throws<ArgumentException>(() => PlanReportWriter.Write(dir, analysis, runs, [Extras[0], ("../escape.txt", [1, 2, 3])]));
        Assert.False(Directory.Exists(dir));
        // Names are checked before anything is created: not even the parent directory appears.
        Assert.False(Directory.Exists(parent));
        Assert.False(File.Exists(Path.Combine(_root, "escape.txt")));

        Assert.Throws<ArgumentException>(() => PlanReportWriter.Write(dir, analysis, runs, [("a/b/c.txt", [1])]));
        Assert.Throws<ArgumentException>(() => PlanReportWriter.Write(dir, analysis, runs, [("plan.md", [1])]));
        Assert.Throws<ArgumentException>(() => PlanReportWriter.Write(dir, analysis, runs, [("/etc/x", [1])]));
        Assert.False(Directory.Exists(parent));
    }

    [Fact]
    public void ManyConfigurationsAndNoRecommendationStillRender()
    {
        // 4 x 3 = 12 configurations, thinned in the CDFs; with 5 runs nothing is shown to meet 0.95.
        var (analysis, runs) = PlanFixture.Build([new(PlanFixture.CountKey, ["3", "4", "5", "6"]), new(PlanFixture.CpuKey, ["2", "4", "8"])], runs: 5);
        Assert.Null(analysis.Recommended);
        var dir = Path.Combine(_root, "out");
        PlanReportWriter.Write(dir, analysis, runs, []);

        Assert.Equal(analysis.Answer, File.ReadAllText(Path.Combine(dir, "plan.md")).Split('\n')[0]);
        Assert.True(new FileInfo(Path.Combine(dir, "pass-heatmap.png")).Length > 1000);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(12.34, "12.3s")]
    [InlineData(59.96, "1m0s")]
    [InlineData(150, "2m30s")]
    [InlineData(3605.4, "1h0m5s")]
    [InlineData(double.NaN, "n/a")]
    public void DurationsAreShortAndInvariant(double seconds, string expected) => Assert.Equal(expected, Formatting.Duration(seconds));

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
