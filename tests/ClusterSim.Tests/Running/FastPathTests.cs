using System.Security.Cryptography;
using System.Text;
using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Generation;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Running;

/// <summary>
/// The scale shortcuts (Cluster.FastPaths: incremental, deadline-driven and lazy paths instead of "every period,
/// every object") must change nothing a user sees. The same seeded scenarios run with and without them and every
/// output is compared: trace hash, transcript, events.csv, timeseries.csv, summary.md and each expectation.
/// </summary>
public class FastPathTests
{
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static List<string> Outputs(ClusterSim.Scenarios.Model.Scenario scenario, bool fastPaths)
    {
        var result = ScenarioRunner.Run(scenario, new RunOptions { FastPaths = fastPaths });
        string Csv(Action<TextWriter, RunResult> write)
        {
            using var w = new StringWriter { NewLine = "\n" };
            write(w, result);
            return w.ToString();
        }

        var lines = new List<string>
        {
            "trace " + result.TraceHash,
            "transcript.txt " + Hash(result.Transcript),
            "events.csv " + Hash(Csv(CsvWriters.WriteEvents)),
            "timeseries.csv " + Hash(Csv(CsvWriters.WriteTimeSeries)),
            "summary.md " + Hash(SummaryWriter.Render(result)),
        };
        lines.AddRange(result.Expectations.Select(e => $"{e.Location} {e.Passed} {e.Time} {e.Seen}"));
        return lines;
    }

    /// <summary>
    /// The standard workload's shape at 200 nodes (6,000 pods; an HPA on a diurnal load, a node crash and its
    /// recovery, a rolling update), with its events brought forward so the test runs in seconds.
    /// </summary>
    [Fact]
    public void TheStandardWorkloadAt200NodesGivesTheSameOutputsWithAndWithoutFastPaths()
    {
        var workload = new StandardWorkload(Nodes: 200, Pods: 6000, Duration: TimeSpan.FromMinutes(45), Seed: 7)
        {
            CrashAt = TimeSpan.FromMinutes(10),
            RecoverAt = TimeSpan.FromMinutes(25),
            RolloutAt = TimeSpan.FromMinutes(30),
            SampleEvery = TimeSpan.FromMinutes(1),
        };
        var directory = Directory.CreateTempSubdirectory("clustersim-fastpath-");
        try
        {
            foreach (var (name, text) in workload.Files())
            {
                File.WriteAllText(Path.Combine(directory.FullName, name), text);
            }

            var loaded = ScenarioLoader.Load(Path.Combine(directory.FullName, StandardWorkload.ScenarioFileName));
            Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
            var fast = Outputs(loaded.Scenario!, fastPaths: true);
            var literal = Outputs(loaded.Scenario!, fastPaths: false);
            Assert.Equal(literal, fast);
            // The run did what the workload says (not an idle cluster): the crash was seen and the rollout finished.
            Assert.DoesNotContain(fast.Skip(5), line => line.Contains(" False ", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Every example scenario without the shortcuts gives the outputs the golden file records (with them).</summary>
    [Fact]
    public void EveryExampleWithoutFastPathsGivesItsRecordedOutputs()
    {
        var golden = File.ReadAllLines(GoldenOutputTests.GoldenFile);
        var examples = golden.Select(l => l.Split(' ')[0]).Distinct(StringComparer.Ordinal).ToList();
        var differences = examples.AsParallel().AsOrdered()
            .SelectMany(file => GoldenOutputTests.Lines(file, new RunOptions { FastPaths = false }).Except(golden, StringComparer.Ordinal)).ToList();
        Assert.True(differences.Count == 0, "without fast paths the outputs differ from Golden/example-outputs.txt:\n" + string.Join("\n", differences));
    }
}
