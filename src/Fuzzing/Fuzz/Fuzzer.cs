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
/// is a function of (scenario, seed, run index) alone, so a session is reproducible from its seed, and the runs
/// can go on several cores: <see cref="RunPool"/> hands their results back in index order, so the first failure
/// is the lowest failing index and the outcome is the same whatever the number of jobs.
/// </summary>
public static class Fuzzer
{
    /// <param name="scenario">The loaded scenario; only read, so the runs can share it.</param>
    /// <param name="runs">How many schedules to try.</param>
    /// <param name="seed">The seed of the schedules and of every run.</param>
    /// <param name="progress">Called on the calling thread after each run, in run order, with (runs done, failures so far).</param>
    /// <param name="jobs">Runs simulated at once (at least 1). The shrinking after them is sequential.</param>
    public static FuzzOutcome Run(Scenario scenario, int runs, long seed, Action<int, int>? progress = null, int jobs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        int failures = 0;
        (int Run, IReadOnlyList<FuzzFault> Schedule)? first = null;
        RunPool.Run(
            runs,
            jobs,
            i =>
            {
                var (result, resolved) = FuzzScenario.Run(scenario, FaultScheduleGenerator.Generate(scenario, seed, i), seed);
                // Only the verdict and the resolved schedule wait for delivery, not the run's trace and series.
                return (Passed: result.Passed, Resolved: resolved);
            },
            (i, r) =>
            {
                if (!r.Passed)
                {
                    failures++;
                    first ??= (i, r.Resolved);
                }

                progress?.Invoke(i + 1, failures);
            });

        if (first is not { } f)
        {
            return new FuzzOutcome(seed, runs, failures, null);
        }

        return new FuzzOutcome(seed, runs, failures, Shrink(scenario, f.Run, f.Schedule, seed));
    }

    /// <summary>
    /// Shrinks the failing <paramref name="schedule"/> of run <paramref name="run"/> to a minimal one that fails
    /// the same expectations and invariants at <paramref name="seed"/>, and runs that minimal schedule once more
    /// for its result.
    /// </summary>
    public static FuzzFailure Shrink(Scenario scenario, int run, IReadOnlyList<FuzzFault> schedule, long seed)
    {
        // Shrinking keeps the failure the same: exactly the expectations that failed first fail. Otherwise moving
        // faults to t=0 often "fails" only because nothing ever started, which says nothing about the bug found.
        var target = Failed(FuzzScenario.Run(scenario, schedule, seed).Result);
        var shrinker = new Shrinker(
            s => Failed(FuzzScenario.Run(scenario, s, seed).Result).SequenceEqual(target, StringComparer.Ordinal),
            s => FuzzScenario.Valid(scenario, s));
        var minimal = shrinker.Shrink(schedule);
        var final = FuzzScenario.Run(scenario, minimal, seed).Result;
        return new FuzzFailure(run, schedule, minimal, final, shrinker.Runs);
    }

    /// <summary>The locations of the expectations that failed, in scenario order, then the built-in invariants violated.</summary>
    private static List<string> Failed(RunResult result) =>
        result.Expectations.Where(e => !e.Passed).Select(e => e.Location)
            .Concat(result.InvariantViolations.Select(v => "invariant " + v.Invariant)).ToList();
}
