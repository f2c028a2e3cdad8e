using System.Text;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;
using CsvHelper;

namespace ClusterSim.Reports;

/// <summary>
/// A run's outputs written while it runs (`clustersim run`): the transcript, events.csv and timeseries.csv stream
/// into a staging directory next to the output directory as the runner makes them, and a <see cref="ReportDigest"/>
/// keeps what summary.md and the plots need; <see cref="Complete"/> writes those and moves everything into place.
/// Memory stays flat however long the run: nothing here grows with it but the digest's bounded lines. Disposed
/// without <see cref="Complete"/> (the run failed, the process is interrupted), the staging directory is removed and
/// the output directory is left as it was.
/// </summary>
public sealed class RunOutputFiles : IRunOutputs, IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly StagedDirectory.Staging _staging;
    private readonly StreamWriter _transcript;
    private readonly StreamWriter _eventsFile;
    private readonly CsvWriter _events;
    private readonly StreamWriter _samplesFile;
    private readonly CsvWriters.TimeSeriesCsv _samples;
    private bool _closed;

    private RunOutputFiles(string directory)
    {
        _staging = StagedDirectory.Open(directory);
        try
        {
            _transcript = Text("transcript.txt");
            _eventsFile = Text("events.csv");
            _events = CsvWriters.Open(_eventsFile);
            CsvWriters.EventsHeader(_events);
            _samplesFile = Text("timeseries.csv");
            _samples = new CsvWriters.TimeSeriesCsv(_samplesFile);
        }
        catch
        {
            _staging.Dispose();
            throw;
        }
    }

    /// <summary>What summary.md and the plots are drawn from.</summary>
    public ReportDigest Digest { get; } = new();

    public TextWriter Transcript => _transcript;

    /// <summary>Starts the outputs of a run into <paramref name="directory"/> (created, with its parent, only by <see cref="Complete"/>).</summary>
    public static RunOutputFiles Open(string directory) => new(directory);

    public void Begin(TimeSpan end) => Digest.Begin(end);

    public void Event(TimeSpan time, KubeEvent e)
    {
        CsvWriters.EventRow(_events, time, e);
        Digest.Event(time, e);
    }

    public void Samples(IReadOnlyList<Sample> rows)
    {
        foreach (ref readonly var row in ReportDigest.Span(rows))
        {
            _samples.Row(row);
        }

        Digest.Samples(rows);
    }

    /// <summary>
    /// Finishes the streamed files, writes the plots and summary.md (which lists every file's size when it summarizes
    /// a large run), and moves everything into the output directory, replacing files of the same names.
    /// </summary>
    public void Complete(RunResult result)
    {
        CloseStreams();
        Write("replicas.png", path => File.WriteAllBytes(path, ReplicasPlot.Render(result, Digest)));
        Write("nodes.png", path => NodesPlot.Save(path, result, Digest));
        Write("utilization.png", path => UtilizationPlot.Save(path, result, Digest));
        if (result.NodeGroups.Count > 0)
        {
            Write(NodeGroupsPlot.FileName, path => NodeGroupsPlot.Save(path, result, Digest));
        }
        var sizes = _staging.Names.Select(n => (n, _staging.SizeOf(n))).ToList();
        using (var summary = Text("summary.md"))
        {
            summary.Write(SummaryWriter.Render(result, Digest, sizes));
        }

        _staging.Commit();
    }

    /// <summary>
    /// For an interrupt (Ctrl-C) while the run still writes from another thread: removes the staging directory without
    /// touching the open files (the process is about to end). Best effort: a file system that refuses to remove open
    /// files leaves the hidden staging directory, never a half-written output directory.
    /// </summary>
    public void Abandon()
    {
        try
        {
            _staging.Abandon();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Without <see cref="Complete"/>, removes everything written: the output directory is left as it was.</summary>
    public void Dispose()
    {
        CloseStreams();
        _staging.Dispose();
    }

    /// <summary>A text file written through a 64 K-character buffer (the default 1 K made one write call per 1 K of a time series that reaches gigabytes).</summary>
    private StreamWriter Text(string name) => new(_staging.Create(name), Utf8, bufferSize: 1 << 16) { NewLine = "\n" };

    /// <summary>A file a plotting library writes by path: created in the staging directory, then written over by the library.</summary>
    private void Write(string name, Action<string> write)
    {
        string path;
        using (var stream = _staging.Create(name))
        {
            path = stream.Name;
        }

        write(path);
    }

    private void CloseStreams()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _events.Dispose();
        _eventsFile.Dispose();
        _samples.Dispose();
        _samplesFile.Dispose();
        _transcript.Dispose();
    }
}
