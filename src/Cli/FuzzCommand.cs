using System.CommandLine;
using System.Globalization;
using ClusterSim.Scenarios.Fuzz;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;

namespace ClusterSim.Cli;

/// <summary>`clustersim fuzz SCENARIO [--runs N] [--seed N] [--out DIR] [--jobs N]` (contract section 8).</summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "the scenario file" };
        var runs = new Option<int>("--runs") { Description = "number of random fault schedules to try (default 100)", DefaultValueFactory = _ => 100 };
        var seed = new Option<long?>("--seed") { Description = "seed of the schedules and of every run (default spec.seed)" };
        var outDir = new Option<string?>("--out") { Description = "output directory (default out/<scenario name>-fuzz)" };
        // No DefaultValueFactory: the help would print this machine's core count, and help text should not vary.
        var jobs = new Option<int?>("--jobs") { Description = "runs simulated at once (default: the machine's cores); the output is the same for any value" };
        var command = new Command("fuzz", "Run the scenario against random fault schedules; shrink the first failure and write it as minimal-failure.yaml.");
        command.Arguments.Add(scenario);
        command.Options.Add(runs);
        command.Options.Add(seed);
        command.Options.Add(outDir);
        command.Options.Add(jobs);
        command.SetAction(parse =>
        {
            int count = parse.GetValue(runs);
            if (count < 1)
            {
                Console.Error.WriteLine("clustersim: --runs: must be at least 1");
                return ExitCodes.BadInput;
            }

            int jobCount = parse.GetValue(jobs) ?? RunPool.DefaultJobs;
            if (jobCount < 1)
            {
                Console.Error.WriteLine("clustersim: --jobs: must be at least 1");
                return ExitCodes.BadInput;
            }

            var path = parse.GetValue(scenario)!;
            var loaded = ScenarioInput.Load(path);
            if (loaded is null)
            {
                return ExitCodes.BadInput;
            }

            long s = parse.GetValue(seed) ?? loaded.Seed;
            var directory = parse.GetValue(outDir) ?? Path.Combine("out", loaded.Name + "-fuzz");
            var outcome = Fuzzer.Run(loaded, count, s, Progress(count), jobCount);
            return Report(path, loaded.Name, directory, outcome);
        });
        return command;
    }

    /// <summary>
    /// The progress line on stderr: rewritten in place on a terminal; one line per tenth of the runs when
    /// stderr is a file or pipe, so logs stay short.
    /// </summary>
    private static Action<int, int> Progress(int total)
    {
        bool terminal = !Console.IsErrorRedirected;
        return (done, failures) =>
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"runs {done}/{total}, failures {failures}");
            if (terminal)
            {
                Console.Error.Write("\r" + line);
                if (done == total)
                {
                    Console.Error.WriteLine();
                }
            }
            else if (done == total || (done * 10 / total) != ((done - 1) * 10 / total))
            {
                Console.Error.WriteLine(line);
            }
        };
    }

    private static int Report(string scenarioPath, string name, string directory, FuzzOutcome outcome)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = Console.Out;
        o.WriteLine(string.Create(inv, $"fuzz {name} (seed {outcome.Seed}): {outcome.Runs} runs, {outcome.Failures} failed"));
        Directory.CreateDirectory(directory);
        var summaryPath = Path.Combine(directory, "fuzz-summary.md");
        if (outcome.FirstFailure is not { } f)
        {
            File.WriteAllText(summaryPath, FuzzSummary.Render(name, outcome, null));
            o.WriteLine("no failure found");
            o.WriteLine($"wrote {summaryPath}");
            return ExitCodes.Ok;
        }

        o.WriteLine(string.Create(inv, $"first failure: seed {outcome.Seed}, run {f.Run}"));
        foreach (var fault in f.Schedule)
        {
            o.WriteLine("  " + fault);
        }

        o.WriteLine(string.Create(inv, $"minimal schedule ({f.Minimal.Count} faults, {f.ShrinkRuns} runs to shrink):"));
        foreach (var fault in f.Minimal)
        {
            o.WriteLine("  " + fault);
        }

        foreach (var e in f.MinimalResult.Expectations.Where(e => !e.Passed))
        {
            var when = e.Time is { } t ? " at " + GoDuration.Format(t) : "";
            o.WriteLine($"  FAIL  {e.Location}  {e.Text}  (seen{when}: {e.Seen})");
        }

        foreach (var v in f.MinimalResult.InvariantViolations)
        {
            o.WriteLine($"  FAIL  invariant {v.Invariant} at {GoDuration.Format(v.At)}: {v.Message}");
        }

        // The replay prints the same hash: the file reproduces this run exactly, not just a similar failure.
        o.WriteLine("  trace sha256:" + f.MinimalResult.TraceHash);
        var minimalPath = MinimalScenarioWriter.Write(scenarioPath, directory, f.Minimal, outcome.Seed);
        File.WriteAllText(summaryPath, FuzzSummary.Render(name, outcome, minimalPath));
        o.WriteLine($"wrote {minimalPath} and {summaryPath}");
        o.WriteLine($"replay: clustersim run {minimalPath}");
        return ExitCodes.ExpectationFailed;
    }
}
