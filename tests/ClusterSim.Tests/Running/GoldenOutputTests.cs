using System.Security.Cryptography;
using System.Text;
using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Running;

/// <summary>
/// Golden outputs: every example scenario's trace hash and the SHA-256 of its transcript, events.csv,
/// timeseries.csv and summary.md, as recorded in Golden/example-outputs.txt. A speed-up must not change results
/// (issue 13): this is the proof, byte for byte. Plots are left out (their bytes depend on the machine's fonts).
/// After a deliberate change of behaviour, regenerate the file with CLUSTERSIM_UPDATE_GOLDEN=1 and say why in
/// the commit.
/// </summary>
public class GoldenOutputTests
{
    internal static readonly string GoldenFile = Path.Combine(RepoPaths.Root, "tests", "ClusterSim.Tests", "Running", "Golden", "example-outputs.txt");

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>One line per output: "scenario file hash" (<paramref name="options"/>: how to run it; FastPathTests runs it without fast paths).</summary>
    internal static IEnumerable<string> Lines(string file, RunOptions? options = null)
    {
        var result = ScenarioRunner.Run(ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file)).Scenario!, options);
        string Csv(Action<TextWriter, RunResult> write)
        {
            using var w = new StringWriter { NewLine = "\n" };
            write(w, result);
            return w.ToString();
        }

        // The summary names the scenario file by the path it was given, which is this checkout's.
        var summary = SummaryWriter.Render(result).Replace(RepoPaths.Root, "<repo>", StringComparison.Ordinal);
        yield return $"{file} trace {result.TraceHash}";
        yield return $"{file} transcript.txt {Hash(result.Transcript)}";
        yield return $"{file} events.csv {Hash(Csv(CsvWriters.WriteEvents))}";
        yield return $"{file} timeseries.csv {Hash(Csv(CsvWriters.WriteTimeSeries))}";
        yield return $"{file} summary.md {Hash(summary)}";
    }

    [Fact]
    public void EveryExampleGivesItsRecordedOutputs()
    {
        var examples = Directory.GetFiles(RepoPaths.Scenarios, "*.yaml").Select(Path.GetFileName).OfType<string>()
            .Where(f => !f.StartsWith("plan-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var actual = examples.AsParallel().AsOrdered().SelectMany(f => Lines(f)).ToList();
        if (Environment.GetEnvironmentVariable("CLUSTERSIM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(GoldenFile, string.Join("\n", actual) + "\n");
        }

        var expected = File.ReadAllLines(GoldenFile);
        var differences = expected.Except(actual, StringComparer.Ordinal).ToList();
        Assert.True(differences.Count == 0 && expected.Length == actual.Count, "outputs differ from Golden/example-outputs.txt:\n" + string.Join("\n", differences));
    }
}
