using System.Globalization;
using System.Runtime.CompilerServices;
using ClusterSim.Fuzzing;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// Whole generated scenarios (clusters, workloads, HPAs, load, kubectl actions and faults) run with every
/// built-in invariant checked after every event. A failure is shrunk by the scenario shrinker and reported
/// with its seed, its YAML and the path of a file holding it, which `clustersim run FILE` replays.
/// </summary>
public sealed class ScenarioInvariantProperties
{
    /// <summary>The name a run that threw is reported under, in place of an invariant's.</summary>
    internal const string ThrewViolation = "exception";

    private static readonly ScenarioOptions Short = ScenarioOptions.Default with { MinDurationMinutes = 2, MaxDurationMinutes = 5 };

    /// <summary>Generated scenarios hold every built-in invariant.</summary>
    [Fact]
    public void Generated_scenarios_hold_every_invariant() => CheckScenarios("generated", seam: null, runs: 10);

    /// <summary>
    /// A scheduler with no resource, taint or cordon filters breaks capacity or placement; the property fails,
    /// shrinks, and the file it writes replays to the same violations.
    /// </summary>
    [Fact]
    public void A_scheduler_without_filters_is_caught_shrunk_and_written_to_a_replayable_file()
    {
        static void NoFilters(List<IPlugin> plugins) => plugins.RemoveAll(p => p is NodeResourcesFit or TaintToleration or NodeUnschedulable);
        var failure = Assert.Throws<ScenarioPropertyFailure>(() => CheckScenarios("no-filters", NoFilters, runs: 40));
        Assert.True(File.Exists(failure.Path));
        Assert.Contains("replay: clustersim run " + failure.Path, failure.Message, StringComparison.Ordinal);

        // The written file loads and, run with the same broken scheduler, violates the same invariants.
        var replay = ScenarioRunner.Run(ScenarioText.Load(File.ReadAllText(failure.Path), failure.Path), new RunOptions { SchedulerSeam = NoFilters });
        Assert.Equal(failure.Violations, replay.InvariantViolations.Select(v => v.Invariant).ToList());

        // The message names the run's FsCheck seed, and the property run again from it fails and shrinks to the same scenario.
        Assert.Contains($"{PropertyRuns.ReplayVariable}=\"{failure.Replay}\"", failure.Message, StringComparison.Ordinal);
        var shrunk = File.ReadAllText(failure.Path);
        var again = Assert.Throws<ScenarioPropertyFailure>(() => CheckScenarios("no-filters", NoFilters, runs: 40, failure.Replay));
        Assert.Equal(shrunk, File.ReadAllText(again.Path));
        File.Delete(again.Path);
    }

    /// <summary>
    /// Runs the property; on failure throws with the run's FsCheck seed (to replay it), the shrunk case's
    /// scenario seed, YAML and file. A run that throws counts as a failure too, reported the same way.
    /// </summary>
    private static void CheckScenarios(string name, Action<List<IPlugin>>? seam, int runs, string? replay = null, [CallerMemberName] string test = "")
    {
        // One file per process: other checkouts run these tests at the same time, and one run's File.Delete
        // must not remove the file another has just written.
        var path = FailurePath(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.Delete(path);
        (Scenario Scenario, List<string> Violations, string Detail)? last = null;
        var property = Prop.ForAll(ScenarioGenerators.Arbitrary(Short), s =>
        {
            List<string> violations;
            string detail;
            try
            {
                var result = ScenarioRunner.Run(s, new RunOptions { SchedulerSeam = seam });
                if (result.InvariantViolations.Count == 0)
                {
                    return true;
                }

                violations = result.InvariantViolations.Select(v => v.Invariant).ToList();
                detail = string.Join("\n", result.InvariantViolations);
            }
            catch (Exception e)
            {
                violations = [ThrewViolation];
                detail = e.ToString();
            }

            // FsCheck ends on the last failing candidate it tried: the shrunk one is the last written.
            last = (s, violations, detail);
            File.WriteAllText(path, ScenarioYaml.Write(s));
            return false;
        });
        var config = replay is null ? PropertyRuns.Config(runs, out replay) : PropertyRuns.Seeded(runs, PropertyRuns.ParseReplay(replay), out replay);
        try
        {
            Check.One(config, property);
        }
        catch (Exception e) when (last is { } f)
        {
            throw new ScenarioPropertyFailure(path, f.Violations, replay, string.Create(CultureInfo.InvariantCulture,
                $"invariants violated: {string.Join(", ", f.Violations)}\n{f.Detail}\nFsCheck seed: {replay}; this run again: {PropertyRuns.ReplayVariable}=\"{replay}\" CLUSTERSIM_PROPERTY_RUNS={PropertyRuns.Count(runs)} dotnet test tests/properties --filter \"FullyQualifiedName~{test}\"\nscenario seed: {f.Scenario.Seed}\nshrunk scenario written to {path}\nreplay: clustersim run {path}\n---\n{File.ReadAllText(path)}"), e);
        }
    }

    /// <summary>Where the shrunk failure of the property <paramref name="name"/> is written: a file of this process's own.</summary>
    internal static string FailurePath(string name) => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "clustersim-properties",
        string.Create(CultureInfo.InvariantCulture, $"{name}-{Environment.ProcessId}-failure.yaml"));
}

/// <summary>A failed scenario property: where the shrunk scenario was written and what it violated.</summary>
public sealed class ScenarioPropertyFailure(string path, List<string> violations, string replay, string message, Exception inner) : Exception(message, inner)
{
    public string Path { get; } = path;

    public List<string> Violations { get; } = violations;

    /// <summary>The run's FsCheck seed, as <see cref="PropertyRuns.ReplayVariable"/> takes it.</summary>
    public string Replay { get; } = replay;
}
