using System.Globalization;
using System.Text;
using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Running;

/// <summary>
/// `clustersim run` streams its outputs as the run goes (<see cref="RunOutputFiles"/> as the run's sink): the files must
/// be byte for byte what the in-memory result writes (whose transcript, events, time series and summary
/// GoldenOutputTests pins), nothing may be half-written, and a large run's summary and plots are summarized.
/// </summary>
public sealed class StreamedOutputTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "clustersim-streamed-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void EveryExampleStreamsTheSameFilesAsItsInMemoryResult()
    {
        var examples = Directory.GetFiles(RepoPaths.Scenarios, "*.yaml").Select(Path.GetFileName).OfType<string>()
            .Where(f => !f.StartsWith("plan-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var differences = examples.AsParallel().AsOrdered().SelectMany(file =>
        {
            var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file)).Scenario!;
            var inMemory = Path.Combine(_root, file, "memory");
            var streamed = Path.Combine(_root, file, "streamed");
            var result = ScenarioRunner.Run(scenario);
            OutputWriter.Write(inMemory, result);
            var streamedResult = Stream(scenario, streamed);
            Assert.Equal(result.TraceHash, streamedResult.TraceHash);
            return OutputWriter.FilesOf(result).Where(name => !File.ReadAllBytes(Path.Combine(inMemory, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(streamed, name))))
                .Select(name => file + " " + name);
        }).ToList();
        Assert.True(differences.Count == 0, "streamed outputs differ: " + string.Join(", ", differences));
    }

    [Fact]
    public void AStreamedRunKeepsNoRowsInItsResult()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "node-failure.yaml")).Scenario!;
        var result = Stream(scenario, Path.Combine(_root, "out"));
        Assert.True(result.Streamed);
        Assert.Empty(result.Samples);
        Assert.Empty(result.Events);
        Assert.Equal("", result.Transcript);
        Assert.Throws<InvalidOperationException>(() => SummaryWriter.Render(result));
        Assert.Throws<InvalidOperationException>(() => OutputWriter.Write(Path.Combine(_root, "again"), result));
    }

    [Fact]
    public void ARunThatIsNotCompletedLeavesNothingBehind()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "mysql-myweb.yaml")).Scenario!;
        var target = Path.Combine(_root, "sub", "out");
        using (var files = RunOutputFiles.Open(target))
        {
            ScenarioRunner.Run(scenario, new RunOptions { Outputs = files });
        }

        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_root, "sub")));
    }

    [Fact]
    public void ALargeRunIsSummarizedAndSaysHowLargeItsOutputsAre()
    {
        var path = Path.Combine(_root, "large.yaml");
        Directory.CreateDirectory(_root);
        File.WriteAllText(path, LargeScenario(nodes: 22, deployments: 21));
        var scenario = ScenarioLoader.Load(path).Scenario!;
        var streamed = Path.Combine(_root, "streamed");
        var result = Stream(scenario, streamed);
        var summary = File.ReadAllText(Path.Combine(streamed, "summary.md"));

        // Key figures: totals, the slowest and the most changed by name, not a line per workload.
        Assert.Contains("- 43 workloads (21 Deployment, 22 ReplicaSet); their desired counts changed ", summary, StringComparison.Ordinal);
        Assert.Contains("- The 5 whose desired count changed most:\n  - ReplicaSet default/app-1-", summary, StringComparison.Ordinal);
        Assert.Equal(5, summary.Split('\n').Count(l => l.StartsWith("  - ", StringComparison.Ordinal)));
        Assert.DoesNotContain(summary.Split('\n'), l => l.StartsWith("- ReplicaSet ", StringComparison.Ordinal));

        // Rollouts: one per Deployment (its first revision), summarized, and the 20 longest listed.
        Assert.Contains("22 rollouts of 21 Deployments", summary, StringComparison.Ordinal);
        var rolloutRows = summary[summary.IndexOf("## Rollouts", StringComparison.Ordinal)..summary.IndexOf("## Faults", StringComparison.Ordinal)]
            .Split('\n').Count(l => l.StartsWith("| app-", StringComparison.Ordinal));
        Assert.Equal(SummaryWriter.ListLimit, rolloutRows);
        Assert.Contains("| app-1 | 2 | 00:02:00 |", summary, StringComparison.Ordinal);

        // The sizes of the other outputs, as written.
        Assert.Contains("## Outputs", summary, StringComparison.Ordinal);
        foreach (var name in OutputWriter.Files.Where(n => n != "summary.md"))
        {
            long bytes = new FileInfo(Path.Combine(streamed, name)).Length;
            Assert.Contains("| " + name + " | " + SummaryWriter.Size(bytes) + " (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes) |", summary, StringComparison.Ordinal);
        }

        // The same from the in-memory result, byte for byte; the summary without file sizes lacks only the sizes.
        var inMemory = Path.Combine(_root, "memory");
        var again = ScenarioRunner.Run(scenario);
        Assert.Equal(result.TraceHash, again.TraceHash);
        OutputWriter.Write(inMemory, again);
        foreach (var name in OutputWriter.Files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(inMemory, name)), File.ReadAllBytes(Path.Combine(streamed, name)));
        }

        var plain = SummaryWriter.Render(again);
        Assert.DoesNotContain("## Outputs", plain, StringComparison.Ordinal);
        Assert.StartsWith(plain.TrimEnd('\n'), summary, StringComparison.Ordinal);

        var digest = ReportDigest.Of(again);
        Assert.True(digest.ManyNodes);
        Assert.True(digest.ManyWorkloads);
        Assert.Empty(digest.NodeNames);
        Assert.Null(digest.NodeReadiness("node-1"));
        Assert.Null(digest.WorkloadSeries("Deployment", "default", "app-0", "spec.replicas"));
        // After the crash of node-1 at 1m the counts show it NotReady.
        Assert.Equal(1, digest.NotReadyNodes.Minutes().Ys.Max());
        Assert.Equal(22, digest.ReadyNodes.Minutes().Ys.Max());
        Assert.Equal(21, digest.TotalDesired.Minutes().Ys.Max());
    }

    [Fact]
    public void ASmallRunHasNoOutputsSection()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "rolling-update.yaml")).Scenario!;
        var streamed = Path.Combine(_root, "small");
        Stream(scenario, streamed);
        var summary = File.ReadAllText(Path.Combine(streamed, "summary.md"));
        Assert.DoesNotContain("## Outputs", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PlotLinesStayBoundedWhateverTheRunsLength()
    {
        // 2 hours sampled every second: 7,201 samples a line, more than a plot keeps.
        var scenario = ScenarioLoader.LoadText(
            """
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata: {name: long}
            spec:
              seed: 1
              duration: 2h
              sampleEvery: 1s
              nodes:
                - {name: node, count: 2, capacity: {cpu: "2", memory: 4Gi}}
              images:
                app:1: {pullTime: 1s, startTime: 1s}
              manifests:
                - inline: |
                    apiVersion: v1
                    kind: ReplicationController
                    metadata: {name: web}
                    spec:
                      replicas: 2
                      selector: {app: web}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: "app:1", resources: {requests: {cpu: 100m}}}]}
              timeline:
                - at: 1h
                  fault: node-crash node-1
            """,
            Path.Combine(_root, "long.yaml")).Scenario!;
        using var files = RunOutputFiles.Open(Path.Combine(_root, "long"));
        var result = ScenarioRunner.Run(scenario, new RunOptions { Outputs = files });
        var digest = files.Digest;
        foreach (var line in new[] { digest.NodeReadiness("node-1")!, digest.WorkloadSeries("ReplicationController", "default", "web", "status.readyReplicas")!, digest.CpuRequested })
        {
            Assert.True(line.Bucketed);
            var (xs, ys) = line.Minutes();
            Assert.InRange(xs.Length, 1, PlotSeries.MaxPoints);
            Assert.True(xs.Zip(xs.Skip(1)).All(p => p.First <= p.Second));
        }

        // node-1 was Ready, then NotReady after its crash: both levels survive the bucketing.
        var readiness = digest.NodeReadiness("node-1")!.Minutes();
        Assert.Contains(1.0, readiness.Ys);
        Assert.Contains(0.0, readiness.Ys);
        files.Complete(result);
        Assert.True(File.Exists(Path.Combine(_root, "long", "nodes.png")));
        Assert.Equal(7201, File.ReadAllLines(Path.Combine(_root, "long", "timeseries.csv")).Count(l => l.Contains(",Cluster,", StringComparison.Ordinal)));
    }

    private static RunResult Stream(ClusterSim.Scenarios.Model.Scenario scenario, string directory)
    {
        using var files = RunOutputFiles.Open(directory);
        var result = ScenarioRunner.Run(scenario, new RunOptions { Outputs = files });
        files.Complete(result);
        return result;
    }

    /// <summary>More nodes and workloads than the summary and plots draw one by one, a node crash and a rolling update, over 4 minutes.</summary>
    private static string LargeScenario(int nodes, int deployments)
    {
        var sb = new StringBuilder();
        sb.Append("""
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata: {name: large}
            spec:
              seed: 5
              duration: 4m
              sampleEvery: 10s
              nodes:
                - {name: node, count: NODES, zones: [a, b, c], capacity: {cpu: "1", memory: 4Gi}}
              images:
                app:1: {pullTime: 2s, startTime: 1s}
                app:2: {pullTime: 2s, startTime: 1s}
              manifests:

            """.Replace("NODES", nodes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        for (int i = 0; i < deployments; i++)
        {
            sb.Append("""
                    - inline: |
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: NAME}
                        spec:
                          replicas: 1
                          selector: {matchLabels: {app: NAME}}
                          template:
                            metadata: {labels: {app: NAME}}
                            spec: {containers: [{name: app, image: "app:1", resources: {requests: {cpu: 100m}}}]}

                """.Replace("NAME", "app-" + i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        sb.Append("""
              timeline:
                - at: 1m
                  fault: node-crash node-1
                - at: 2m
                  run: kubectl set image deployment/app-1 app=app:2

            """);
        return sb.ToString();
    }
}
