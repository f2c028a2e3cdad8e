using ClusterSim.Scenarios.Expectations;

namespace ClusterSim.Scenarios.Model;

/// <summary>
/// An entry of `spec.expect`. The window it is checked over is [<see cref="Start"/>, <see cref="End"/>]:
/// at: [T, T]; during: [A, B]; by: [after, T]; always: [after, end of run] (<see cref="End"/> null).
/// </summary>
public sealed record Expectation
{
    /// <summary>Where the entry starts (reported with failures).</summary>
    public required SourceLocation Location { get; init; }

    public required ExpectationMode Mode { get; init; }

    /// <summary>Start of the window: `at`, the first `during` bound, or `after`.</summary>
    public required TimeSpan Start { get; init; }

    /// <summary>End of the window: `at`, the second `during` bound, `by`; null for always (the end of the run).</summary>
    public TimeSpan? End { get; init; }

    /// <summary>`after:` (by and always; 0s when absent).</summary>
    public TimeSpan After { get; init; }

    /// <summary>The parsed `that`.</summary>
    public required Condition Condition { get; init; }

    /// <summary>The `that` text as written.</summary>
    public required string That { get; init; }
}
