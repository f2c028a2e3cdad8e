using System.CommandLine;
using System.Globalization;
using ClusterSim.Reports;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;

namespace ClusterSim.Cli;

/// <summary>`clustersim run SCENARIO [--out DIR] [--seed N] [--until DURATION] [--quiet] [--set KEY=VALUE]... [--profile]`.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "the scenario file" };
        var outDir = new Option<string?>("--out") { Description = "output directory (default out/<scenario name>)" };
        var seed = new Option<long?>("--seed") { Description = "random seed (overrides spec.seed)" };
        var until = new Option<string?>("--until") { Description = "simulate only up to this virtual time (Go duration, e.g. 5m)" };
        var quiet = new Option<bool>("--quiet") { Description = "print only failures and the trace hash" };
        var profile = new Option<bool>("--profile") { Description = "print where the time went: wall seconds and events per part of the control plane" };
        var set = new Option<string[]>("--set") { Description = "KEY=VALUE: change the scenario as a plan's configuration does (nodes.worker.count=5, deployment/web.spec.replicas=3); repeatable" };
        var command = new Command("run", "Simulate a scenario, write its outputs, and check its expectations.");
        command.Arguments.Add(scenario);
        command.Options.Add(outDir);
        command.Options.Add(seed);
        command.Options.Add(until);
        command.Options.Add(quiet);
        command.Options.Add(set);
        command.Options.Add(profile);
        command.SetAction(parse =>
        {
            TimeSpan? untilValue = null;
            if (parse.GetValue(until) is { } u)
            {
                if (!GoDuration.TryParse(u, out var t, out var error) || t <= TimeSpan.Zero)
                {
                    Console.Error.WriteLine($"clustersim: --until: {error ?? "must be positive"}");
                    return ExitCodes.BadInput;
                }

                untilValue = t;
            }

            var loaded = ScenarioInput.Load(parse.GetValue(scenario)!);
            if (loaded is null)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(set) is { Length: > 0 } settings)
            {
                loaded = ScenarioInput.Configure(loaded, settings);
                if (loaded is null)
                {
                    return ExitCodes.BadInput;
                }
            }

            var profiler = parse.GetValue(profile) ? new RunProfiler() : null;
            var directory = parse.GetValue(outDir) ?? Path.Combine("out", loaded.Name);

            // The outputs stream into a staging directory as the run goes (memory stays flat however long it runs) and
            // move into place once it is done; interrupted, the staging directory is removed and nothing is half-written.
            using var files = RunOutputFiles.Open(directory);
            ConsoleCancelEventHandler onCancel = (_, _) => files.Abandon();
            Console.CancelKeyPress += onCancel;
            RunResult result;
            double wall;
            try
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                result = ScenarioRunner.Run(loaded, new RunOptions(parse.GetValue(seed), untilValue) { Profiler = profiler, Outputs = files });
                wall = watch.Elapsed.TotalSeconds;
                files.Complete(result);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            if (profiler is not null)
            {
                PrintProfile(profiler, result, wall);
            }

            Print(result, directory, parse.GetValue(quiet));
            return result.Passed ? ExitCodes.Ok : ExitCodes.ExpectationFailed;
        });
        return command;
    }

    /// <summary>The `--profile` table: each part's wall seconds, share and events, then the totals and speed over real time.</summary>
    private static void PrintProfile(RunProfiler profiler, RunResult r, double wall)
    {
        var inv = CultureInfo.InvariantCulture;
        var entries = profiler.Entries();
        double measured = entries.Sum(e => e.Seconds);
        Console.Out.WriteLine(string.Create(inv, $"profile: {r.ProcessedEvents} events in {wall:F2} s of wall time ({r.EndTime.TotalSeconds / Math.Max(wall, 1e-9):F0}x real time); per part of the control plane:"));
        Console.Out.WriteLine(string.Create(inv, $"  {"part",-46} {"seconds",9} {"share",7} {"events",10}"));
        foreach (var e in entries)
        {
            Console.Out.WriteLine(string.Create(inv, $"  {e.Part,-46} {e.Seconds,9:F3} {e.Seconds / Math.Max(measured, 1e-9),7:P1} {e.Events,10}"));
        }

        Console.Out.WriteLine(string.Create(inv, $"  {"(setup, manifests and outside events)",-46} {Math.Max(0, wall - measured),9:F3}"));
    }

    private static void Print(RunResult r, string directory, bool quiet)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = Console.Out;
        if (!quiet)
        {
            o.WriteLine(string.Create(inv, $"scenario {r.ScenarioName} (seed {r.Seed}): simulated {GoDuration.Format(r.EndTime)}, {r.EventCount} events"));
            foreach (var w in r.Warnings)
            {
                o.WriteLine("warning: " + w);
            }
        }

        int passed = r.Expectations.Count(e => e.Passed);
        int failed = r.Expectations.Count - passed;
        foreach (var e in r.Expectations)
        {
            if (!e.Passed || !quiet)
            {
                var when = e.Time is { } t ? " at " + GoDuration.Format(t) : "";
                o.WriteLine($"  {(e.Passed ? "PASS" : "FAIL")}  {e.Location}  {e.Text}  (seen{when}: {e.Seen})");
            }
        }

        foreach (var v in r.InvariantViolations)
        {
            o.WriteLine($"  FAIL  invariant {v.Invariant} at {GoDuration.Format(v.At)}: {v.Message}");
        }

        if (!quiet)
        {
            o.WriteLine(string.Create(inv, $"expectations: {passed} passed, {failed} failed"));
            o.WriteLine($"outputs: {directory}/ ({string.Join(", ", OutputWriter.FilesOf(r))})");
        }

        o.WriteLine("trace sha256:" + r.TraceHash);
    }
}
