using System.Text;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// Where a run's row outputs go while it runs: the transcript, every event occurrence and the time series. The
/// runner writes through it as the rows are made, so a sink that writes files (`clustersim run`, see
/// ClusterSim.Reports.RunOutputFiles) holds nothing that grows with the run's length, and
/// <see cref="InMemoryRunOutputs"/> (the default) keeps them for <see cref="RunResult"/> (tests, plan, fuzz).
/// </summary>
public interface IRunOutputs
{
    /// <summary>Called once before anything else, with the virtual time the run will stop at.</summary>
    void Begin(TimeSpan end);

    /// <summary>The transcript (`[hh:mm:ss] $ kubectl ...` headers and outputs, fault lines), written in time order.</summary>
    TextWriter Transcript { get; }

    /// <summary>One event occurrence: the recorder's event (repeats fold into one, as client-go's correlator does).</summary>
    void Event(TimeSpan time, KubeEvent e);

    /// <summary>Every row of one sampling instant, in the sampler's order. The list is reused afterwards: copy what you keep.</summary>
    void Samples(IReadOnlyList<Sample> rows);
}

/// <summary>
/// Keeps the rows in memory for the <see cref="RunResult"/> (the default sink keeps every one). Many short runs that
/// read only a little of them (plan measures peaks of node rows, fuzz reads expectations) keep only that: rows held to
/// the end of a run outlive the young generation (200 runs of frontend-autoscale.yaml in a row, keeping nothing, had
/// 2 gen1 and no gen2 collections per 100 runs instead of 40 and 20).
/// </summary>
public sealed class InMemoryRunOutputs : IRunOutputs
{
    private readonly StringBuilder _transcript = new();
    private readonly List<(TimeSpan Time, KubeEvent Event)> _events = [];
    private readonly List<Sample> _samples = [];
    private TextWriter? _writer;

    /// <summary>Whether the transcript is kept (default true).</summary>
    public bool KeepTranscript { get; init; } = true;

    /// <summary>Whether event occurrences are kept (default true).</summary>
    public bool KeepEvents { get; init; } = true;

    /// <summary>Which time-series rows are kept; null (the default) keeps every row.</summary>
    public Func<Sample, bool>? KeepSample { get; init; }

    /// <summary>True when every row is kept: the result can be written out whole.</summary>
    public bool KeepsEverything => KeepTranscript && KeepEvents && KeepSample is null;

    public TextWriter Transcript => _writer ??= KeepTranscript ? new StringWriter(_transcript, System.Globalization.CultureInfo.InvariantCulture) : TextWriter.Null;

    /// <summary>Every event occurrence so far, in time order.</summary>
    public IReadOnlyList<(TimeSpan Time, KubeEvent Event)> Events => _events;

    /// <summary>Every time-series row so far, in time then sampler order.</summary>
    public IReadOnlyList<Sample> SampleRows => _samples;

    /// <summary>The transcript so far.</summary>
    public string TranscriptText => _transcript.ToString();

    public void Begin(TimeSpan end)
    {
    }

    public void Event(TimeSpan time, KubeEvent e)
    {
        if (KeepEvents)
        {
            _events.Add((time, e));
        }
    }

    public void Samples(IReadOnlyList<Sample> rows)
    {
        // A List<Sample> is what the sampler hands over; AddRange copies it in one block.
        if (KeepSample is null && rows is List<Sample> list)
        {
            _samples.AddRange(list);
            return;
        }

        foreach (var row in rows)
        {
            if (KeepSample?.Invoke(row) ?? true)
            {
                _samples.Add(row);
            }
        }
    }
}
