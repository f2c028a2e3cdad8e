using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Scenarios.Running;

/// <summary>Everything a finished run produced, ready to be written out by src/Reports.</summary>
public sealed class RunResult
{
    public required string ScenarioName { get; init; }

    public required string Description { get; init; }

    public required string ScenarioFile { get; init; }

    public required long Seed { get; init; }

    /// <summary>Virtual time the run reached.</summary>
    public required TimeSpan EndTime { get; init; }

    /// <summary>The outputs of the timeline's kubectl commands under `[hh:mm:ss] $ kubectl ...` headers (empty when <see cref="Streamed"/>).</summary>
    public required string Transcript { get; init; }

    /// <summary>Every event occurrence, in time order (empty when <see cref="Streamed"/>).</summary>
    public required IReadOnlyList<(TimeSpan Time, KubeEvent Event)> Events { get; init; }

    /// <summary>timeseries.csv rows (empty when <see cref="Streamed"/>).</summary>
    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>
    /// True when the transcript, events and samples went to the sink given in <see cref="RunOptions.Outputs"/> and this
    /// result carries none or only some of them (what an <see cref="InMemoryRunOutputs"/> was told to keep).
    /// </summary>
    public bool Streamed { get; init; }

    /// <summary>Each expectation's verdict.</summary>
    public required IReadOnlyList<ExpectationOutcome> Expectations { get; init; }

    /// <summary>Timeline actions and faults, for plot markers and the summary.</summary>
    public required IReadOnlyList<TimelineMark> Marks { get; init; }

    /// <summary>Warnings raised while running (e.g. a kubectl command that failed).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>For each fault that took nodes down: times to NotReady, eviction, recovery, and capacity lost.</summary>
    public IReadOnlyList<FaultImpact> FaultImpacts { get; init; } = [];

    /// <summary>Each Deployment rollout: start, completion, and the fewest replicas available meanwhile.</summary>
    public IReadOnlyList<Rollout> Rollouts { get; init; } = [];

    /// <summary>How long pods waited for a node: pod-seconds summed over pods, and the longest wait.</summary>
    public PendingOutcome Pending { get; init; } = PendingOutcome.None;

    /// <summary>Each load target's offered and served requests over the run, in the scenario's order.</summary>
    public IReadOnlyList<LoadOutcome> Load { get; init; } = [];

    /// <summary>Each HPA: its rescales, reaction time to each change of the load feeding it, peak unserved load.</summary>
    public IReadOnlyList<AutoscalerOutcome> Autoscalers { get; init; } = [];

    /// <summary>Each autoscaled pool: bounds, nodes at start/peak/end, scale-ups, removals, node-hours and cost (none without node groups).</summary>
    public IReadOnlyList<NodeGroupOutcome> NodeGroups { get; init; } = [];

    /// <summary>SHA-256 of the trace.</summary>
    public required string TraceHash { get; init; }

    /// <summary>Number of kernel events run, as the literal run (no fast paths) counts them: what the summary prints.</summary>
    public required long EventCount { get; init; }

    /// <summary>Number of kernel events this run actually ran (fewer than <see cref="EventCount"/> when components left out no-op events).</summary>
    public long ProcessedEvents { get; init; }

    /// <summary>The first violation of each of the simulator's built-in invariants (empty when all held).</summary>
    public IReadOnlyList<Sim.Instruments.Invariants.InvariantViolation> InvariantViolations { get; init; } = [];

    /// <summary>True when every expectation and every built-in invariant held.</summary>
    public bool Passed => Expectations.All(e => e.Passed) && InvariantViolations.Count == 0;
}

/// <summary>The verdict of one expectation: where it is, what it says, and the value that decided it.</summary>
public sealed record ExpectationOutcome(string Location, string Text, bool Passed, TimeSpan? Time, string Seen);

/// <summary>A timeline entry that happened: a kubectl command or a fault.</summary>
public sealed record TimelineMark(TimeSpan Time, string Label, bool IsFault);
