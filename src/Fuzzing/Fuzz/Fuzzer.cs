using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Scenarios.Fuzz;

/// <summary>The first failing run of a fuzz session and its shrunk schedule.</summary>
public sealed record FuzzFailure(
    int Run,
    IReadOnlyList<FuzzFault> Schedule,
    IReadOnlyList<FuzzFault> Minimal,
    RunResult MinimalResult,
    int ShrinkRuns);

/// <summary>What a fuzz session found.</summary>
public sealed record FuzzOutcome(long Seed, int Runs, int Failures, FuzzFailure? FirstFailure);

/// <summary>
/// `clustersim fuzz`: runs the scenario <c>runs</c> times, each with the schedule
/// <see cref="FaultScheduleGenerator"/> draws for (seed, run index), all at the same simulation seed, and
/// shrinks the first failing schedule. A run fails when any of the scenario's expectations fails or a built-in invariant is violated. Every run
/// is a function of (scenario, seed, run index) alone, so a session is reproducible from its seed.
/// </summary>
public static class Fuzzer
{
    /// <param name="progress">Called after each run with (runs done, failures so far).</param>
    public static FuzzOutcome Run(Scenario scenario, int runs, long seed, Action<int, int>? progress = null)
    {
        int failures = 0;
        (int Run, IReadOnlyList<FuzzFault> Schedule)? first = null;
        for (int i = 0; i < runs; i++)
        {
            var schedule = FaultScheduleGenerator.Generate(scenario, seed, i);
            var (result, resolved) = FuzzScenario.Run(scenario, schedule, seed);
            if (!result.Passed)
            {
                failures++;
                first ??= (i, resolved);
            }

            progress?.Invoke(i + 1, failures);
        }

        if (first is not { } f)
        {
            return new FuzzOutcome(seed, runs, failures, null);
        }

        // Shrinking keeps the failure the same: exactly the expectations that failed first fail. Otherwise moving
        // faults to t=0 often "fails" only because nothing ever started, which says nothing about the bug found.
        var target = Failed(FuzzScenario.Run(scenario, f.Schedule, seed).Result);
        var shrinker = new Shrinker(
            s => Failed(FuzzScenario.Run(scenario, s, seed).Result).SequenceEqual(target, StringComparer.Ordinal),
            s => FuzzScenario.Valid(scenario, s));
        var minimal = shrinker.Shrink(f.Schedule);
        var final = FuzzScenario.Run(scenario, minimal, seed).Result;
        return new FuzzOutcome(seed, runs, failures, new FuzzFailure(f.Run, f.Schedule, minimal, final, shrinker.Runs));
    }

    /// <summary>The locations of the expectations that failed, in scenario order, then the built-in invariants violated.</summary>
    private static List<string> Failed(RunResult result) =>
        result.Expectations.Where(e => !e.Passed).Select(e => e.Location)
            .Concat(result.InvariantViolations.Select(v => "invariant " + v.Invariant)).ToList();
}
