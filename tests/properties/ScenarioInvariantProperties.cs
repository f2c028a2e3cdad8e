using System.Globalization;
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
    }

    /// <summary>Runs the property; on failure throws with the shrunk case's seed, YAML and file.</summary>
    private static void CheckScenarios(string name, Action<List<IPlugin>>? seam, int runs)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "clustersim-properties", name + "-failure.yaml");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.Delete(path);
        (Scenario Scenario, List<string> Violations)? last = null;
        var property = Prop.ForAll(ScenarioGenerators.Arbitrary(Short), s =>
        {
            var result = ScenarioRunner.Run(s, new RunOptions { SchedulerSeam = seam });
            if (result.InvariantViolations.Count == 0)
            {
                return true;
            }

            // FsCheck ends on the last failing candidate it tried: the shrunk one is the last written.
            last = (s, result.InvariantViolations.Select(v => v.Invariant).ToList());
            File.WriteAllText(path, ScenarioYaml.Write(s));
            return false;
        });
        try
        {
            Check.One(PropertyRuns.Config(runs), property);
        }
        catch (Exception e) when (last is { } f)
        {
            throw new ScenarioPropertyFailure(path, f.Violations, string.Create(CultureInfo.InvariantCulture,
                $"invariants violated: {string.Join(", ", f.Violations)}\nseed: {f.Scenario.Seed}\nshrunk scenario written to {path}\nreplay: clustersim run {path}\n---\n{File.ReadAllText(path)}"), e);
        }
    }
}

/// <summary>A failed scenario property: where the shrunk scenario was written and what it violated.</summary>
public sealed class ScenarioPropertyFailure(string path, List<string> violations, string message, Exception inner) : Exception(message, inner)
{
    public string Path { get; } = path;

    public List<string> Violations { get; } = violations;
}
