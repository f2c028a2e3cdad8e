using System.Globalization;
using System.Text;
using ClusterSim.Reports;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Tests.Running;

/// <summary>The pieces a streamed run's reports are built from: PlotSeries, the workload figures, the staging directory.</summary>
public sealed class ReportDigestTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "clustersim-digest-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void APlotSeriesKeepsUpToMaxPointsAsGiven()
    {
        var series = new PlotSeries(TimeSpan.FromHours(1));
        Assert.True(series.IsEmpty);
        var rng = new Random(3);
        var points = Enumerable.Range(0, PlotSeries.MaxPoints).Select(i => (T: i * TimeSpan.TicksPerSecond / 2, V: (double)rng.Next(100))).ToList();
        foreach (var (t, v) in points)
        {
            series.Add(t, v);
        }

        Assert.False(series.Bucketed);
        var (xs, ys) = series.Minutes();
        Assert.Equal(points.Select(p => new TimeSpan(p.T).TotalMinutes), xs);
        Assert.Equal(points.Select(p => p.V), ys);
    }

    [Fact]
    public void ABucketedPlotSeriesKeepsEachBucketsExtremesInTimeOrder()
    {
        var end = TimeSpan.FromHours(24);
        var series = new PlotSeries(end);
        var rng = new Random(7);
        var points = new List<(long T, double V)>();
        for (long t = 0; t <= end.Ticks; t += TimeSpan.TicksPerSecond * 5)
        {
            points.Add((t, Math.Round(rng.NextDouble() * 1000) + (t == TimeSpan.TicksPerHour * 7 ? 5000 : 0)));
        }

        foreach (var (t, v) in points)
        {
            series.Add(t, v);
        }

        Assert.True(series.Bucketed);
        var (xs, ys) = series.Minutes();
        Assert.InRange(xs.Length, PlotSeries.MaxPoints / 2, PlotSeries.MaxPoints);
        Assert.True(xs.Zip(xs.Skip(1)).All(p => p.First < p.Second), "points in strictly increasing time");
        var original = points.ToDictionary(p => new TimeSpan(p.T).TotalMinutes, p => p.V);
        Assert.All(xs.Zip(ys), p => Assert.Equal(original[p.First], p.Second));
        Assert.Equal(points.Max(p => p.V), ys.Max());
        Assert.Equal(points.Min(p => p.V), ys.Min());
        Assert.True(xs[0] < end.TotalMinutes / (PlotSeries.MaxPoints / 2), "the first point is in the first bucket");
    }

    /// <summary>The key figures' rule as SummaryWriter applied it to the whole list of samples before streaming.</summary>
    private static string OldWorkloadFigures(IReadOnlyList<Sample> samples)
    {
        var sb = new StringBuilder();
        var workloads = samples.Where(s => s.Metric == "spec.replicas")
            .Select(s => (s.Kind, s.Namespace, s.Name)).Distinct().OrderBy(w => w.Kind, StringComparer.Ordinal).ThenBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal);
        foreach (var w in workloads)
        {
            var desired = samples.Where(s => s.Kind == w.Kind && s.Namespace == w.Namespace && s.Name == w.Name && s.Metric == "spec.replicas").ToList();
            var ready = samples.Where(s => s.Kind == w.Kind && s.Namespace == w.Namespace && s.Name == w.Name && s.Metric == "status.readyReplicas").ToDictionary(s => s.TimeTicks, s => s.Value);
            double last = -1;
            long changedAt = 0;
            bool waiting = false;
            var parts = new List<string>();
            foreach (var d in desired)
            {
                if (d.Value != last)
                {
                    last = d.Value;
                    changedAt = d.TimeTicks;
                    waiting = true;
                }

                if (waiting && ready.TryGetValue(d.TimeTicks, out var rv) && rv == d.Value)
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Value} ready {Formatting.Seconds(d.TimeTicks - changedAt)}s after it was asked for at {Formatting.Clock(new TimeSpan(changedAt))}"));
                    waiting = false;
                }
            }

            if (waiting)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{last} asked for at {Formatting.Clock(new TimeSpan(changedAt))}, never all ready"));
            }

            sb.Append("- ").Append(w.Kind).Append(' ').Append(w.Namespace).Append('/').Append(w.Name).Append(": ")
                .Append(string.Join("; ", parts)).Append(" (to sample resolution)\n");
        }

        return sb.ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void WorkloadFiguresGatheredInstantByInstantReadAsTheWholeListDid(int seed)
    {
        var rng = new Random(seed);
        var samples = new List<Sample>();
        var names = new[] { ("Deployment", "web"), ("ReplicaSet", "web-5d8f"), ("ReplicationController", "db"), ("ReplicaSet", "lone") };
        for (int tick = 0; tick < 60; tick++)
        {
            long t = tick * TimeSpan.TicksPerSecond * 5;
            foreach (var (kind, name) in names)
            {
                // Workloads appear late, some instants have no ready row, and counts move in small steps so both waits and matches happen.
                if (rng.Next(8) == 0 || (name == "lone" && tick < 20))
                {
                    continue;
                }

                samples.Add(new Sample(t, kind, "default", name, "spec.replicas", rng.Next(3)));
                if (rng.Next(4) != 0)
                {
                    samples.Add(new Sample(t, kind, "default", name, "status.readyReplicas", rng.Next(3)));
                }
            }

            samples.Add(new Sample(t, "Cluster", "", "cluster", "pendingPods", rng.Next(4)));
        }

        var digest = new ReportDigest();
        digest.Begin(TimeSpan.FromMinutes(5));
        ReportDigestReplay(samples, digest);
        var streamed = string.Concat(digest.Workloads.Select(w => "- " + w.Describe() + "\n"));
        Assert.Equal(OldWorkloadFigures(samples), streamed);

        var pending = samples.Where(s => s.Kind == "Cluster").ToList();
        Assert.Equal(pending.Max(s => s.Value), digest.PeakPending);
        Assert.Equal(new TimeSpan(pending.First(s => s.Value == pending.Max(p => p.Value)).TimeTicks), digest.PeakPendingAt);
    }

    [Fact]
    public void ASummarizedWorkloadLineShowsItsFirstChangesAndCountsTheRest()
    {
        var digest = new ReportDigest();
        digest.Begin(TimeSpan.FromMinutes(10));
        var samples = new List<Sample>();
        for (int tick = 0; tick < 10; tick++)
        {
            samples.Add(new Sample(tick * TimeSpan.TicksPerSecond, "Deployment", "default", "web", "spec.replicas", tick + 1));
            samples.Add(new Sample(tick * TimeSpan.TicksPerSecond, "Deployment", "default", "web", "status.readyReplicas", tick + 1));
        }

        ReportDigestReplay(samples, digest);
        var w = Assert.Single(digest.Workloads);
        Assert.Equal(10, w.Changes);
        Assert.Equal(
            "Deployment default/web: 1 ready 0s after it was asked for at 00:00:00; 2 ready 0s after it was asked for at 00:00:01; 8 more (to sample resolution)",
            w.Describe(2));
    }

    [Fact]
    public void TimeSeriesRowsWrittenDirectlyAreTheBytesCsvHelperWrites()
    {
        // Plain rows take the direct path; quotes, commas, spaces, line breaks, non-ASCII and very long fields take CsvHelper's.
        string[] texts = ["web", "", "kube-system", "a,b", "say \"hi\"", " lead", "trail ", "in side", "line\nbreak", "cr\rhere", "zoné", "x/y:z_1.2-3", new string('n', 600), "-1", "=cmd"];
        double[] values = [0, 1, -1, 0.1, 1e-7, 123456789.125, double.NaN, double.PositiveInfinity, double.MinValue, 2.5e300];
        var rng = new Random(11);
        var samples = new List<Sample>();
        for (int i = 0; i < 2000; i++)
        {
            samples.Add(new Sample(i / 7 * TimeSpan.TicksPerMillisecond * 1500, texts[rng.Next(texts.Length)], texts[rng.Next(texts.Length)], texts[rng.Next(texts.Length)], texts[rng.Next(texts.Length)], values[rng.Next(values.Length)]));
        }

        var result = new ClusterSim.Scenarios.Running.RunResult
        {
            ScenarioName = "csv",
            Description = "",
            ScenarioFile = "csv.yaml",
            Seed = 1,
            EndTime = TimeSpan.FromMinutes(1),
            Transcript = "",
            Events = [],
            Samples = samples,
            Expectations = [],
            Marks = [],
            Warnings = [],
            TraceHash = "",
            EventCount = 0,
        };
        using var direct = new StringWriter { NewLine = "\n" };
        CsvWriters.WriteTimeSeries(direct, result);

        using var helper = new StringWriter { NewLine = "\n" };
        using (var csv = new CsvHelper.CsvWriter(helper, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }, leaveOpen: true))
        {
            foreach (var h in new[] { "time_s", "kind", "namespace", "name", "metric", "value" })
            {
                csv.WriteField(h);
            }

            csv.NextRecord();
            foreach (var s in samples)
            {
                csv.WriteField(Formatting.Seconds(s.TimeTicks));
                csv.WriteField(s.Kind);
                csv.WriteField(s.Namespace);
                csv.WriteField(s.Name);
                csv.WriteField(s.Metric);
                csv.WriteField(Formatting.Number(s.Value));
                csv.NextRecord();
            }
        }

        Assert.Equal(helper.ToString(), direct.ToString());
    }

    [Fact]
    public void AStagedDirectoryShowsNothingUntilCommittedAndNothingWhenAbandoned()
    {
        var target = Path.Combine(_root, "out");
        using (var staging = StagedDirectory.Open(target))
        {
            using (var s = staging.Create("a.txt"))
            {
                s.Write("hello"u8);
            }

            Assert.Throws<ArgumentException>(() => staging.Create("a.txt"));
            Assert.Throws<ArgumentException>(() => staging.Create("../escape.txt"));
            Assert.Equal(5, staging.SizeOf("a.txt"));
            Assert.False(Directory.Exists(target));
        }

        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(_root));

        using (var staging = StagedDirectory.Open(target))
        {
            using (var s = staging.Create("a.txt"))
            {
                s.Write("hello"u8);
            }

            using (var s = staging.Create("sub/b.txt"))
            {
                s.Write("world"u8);
            }

            Assert.Equal(["a.txt", "sub/b.txt"], staging.Commit());
        }

        Assert.Equal("hello", File.ReadAllText(Path.Combine(target, "a.txt")));
        Assert.Equal("world", File.ReadAllText(Path.Combine(target, "sub", "b.txt")));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    /// <summary>Hands rows to the digest one sampling instant at a time, as the sampler does.</summary>
    private static void ReportDigestReplay(List<Sample> samples, ReportDigest digest)
    {
        foreach (var batch in samples.GroupBy(s => s.TimeTicks))
        {
            digest.Samples(batch.ToList());
        }
    }
}
