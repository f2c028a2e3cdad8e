using System.Text;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Reports;

/// <summary>
/// Writes a run's outputs into a directory. Everything is written to a sibling temporary directory
/// first and moved into place at the end, so a failure never leaves a half-written output directory.
/// </summary>
public static class OutputWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The files `clustersim run` writes, in order.</summary>
    public static readonly IReadOnlyList<string> Files = ["transcript.txt", "events.csv", "timeseries.csv", "summary.md", "replicas.png", "nodes.png", "utilization.png"];

    /// <summary>Writes all outputs of <paramref name="result"/> into <paramref name="directory"/>, replacing those files there.</summary>
    public static void Write(string directory, RunResult result)
    {
        var full = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, "." + Path.GetFileName(full) + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, "transcript.txt"), result.Transcript, Utf8);
            WriteText(Path.Combine(staging, "events.csv"), w => CsvWriters.WriteEvents(w, result));
            WriteText(Path.Combine(staging, "timeseries.csv"), w => CsvWriters.WriteTimeSeries(w, result));
            File.WriteAllText(Path.Combine(staging, "summary.md"), SummaryWriter.Render(result), Utf8);
            File.WriteAllBytes(Path.Combine(staging, "replicas.png"), ReplicasPlot.Render(result));
            NodesPlot.Save(Path.Combine(staging, "nodes.png"), result);
            UtilizationPlot.Save(Path.Combine(staging, "utilization.png"), result);

            Directory.CreateDirectory(full);
            foreach (var file in Directory.GetFiles(staging).OrderBy(f => f, StringComparer.Ordinal))
            {
                File.Move(file, Path.Combine(full, Path.GetFileName(file)), overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void WriteText(string path, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(path, append: false, Utf8) { NewLine = "\n" };
        write(writer);
    }
}
