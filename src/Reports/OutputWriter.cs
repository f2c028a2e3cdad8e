using ClusterSim.Scenarios.Running;

namespace ClusterSim.Reports;

/// <summary>
/// Writes a run's outputs into a directory. Everything is written to a sibling temporary directory
/// first and moved into place at the end, so a failure never leaves a half-written output directory.
/// A run can also stream its outputs as it goes: pass a <see cref="RunOutputFiles"/> as its
/// <see cref="RunOptions.Outputs"/> (what `clustersim run` does); this writes an in-memory result through the same
/// class, so both ways give the same bytes.
/// </summary>
public static class OutputWriter
{
    /// <summary>The files `clustersim run` writes for every scenario, in order.</summary>
    public static readonly IReadOnlyList<string> Files = ["transcript.txt", "events.csv", "timeseries.csv", "summary.md", "replicas.png", "nodes.png", "utilization.png"];

    /// <summary>The files written for <paramref name="result"/>: <see cref="Files"/>, and nodegroups.png when it has node groups.</summary>
    public static IReadOnlyList<string> FilesOf(RunResult result) => result.NodeGroups.Count > 0 ? [.. Files, NodeGroupsPlot.FileName] : Files;

    /// <summary>Writes all outputs of an in-memory <paramref name="result"/> into <paramref name="directory"/>, replacing those files there.</summary>
    public static void Write(string directory, RunResult result)
    {
        if (result.Streamed)
        {
            throw new InvalidOperationException("the run streamed its outputs to the sink it was given; complete that sink instead");
        }

        using var files = RunOutputFiles.Open(directory);
        files.Begin(result.EndTime);
        files.Transcript.Write(result.Transcript);
        foreach (var (time, e) in result.Events)
        {
            files.Event(time, e);
        }

        ReportDigest.ByInstant(result.Samples, files.Samples);
        files.Complete(result);
    }
}
