using System.Diagnostics;
using System.Globalization;
using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Generation;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Bench;

/// <summary>
/// `cluster --workload standard`: the scale issue's standard workload (see <see cref="StandardWorkload"/>),
/// written as scenario files, loaded by the scenario loader and run by the scenario runner exactly as
/// `clustersim run` does (without writing the outputs: time that with `clustersim run` itself, see the README).
/// Prints, per phase of virtual time (placement, steady, fault, rollout, ...), the wall time, kernel events,
/// events/s, bytes allocated, the managed heap and the process's peak working set at the phase's end, and each
/// part of the control plane's share of the phase; then the run's trace hash, which identifies the result.
/// <code>dotnet run -c Release --project bench/ClusterSim.Bench -- cluster --workload standard [--nodes 5000] [--pods 150000] [--hours 24] [--write DIR]</code>
/// With --write DIR it only writes the scenario files into DIR (for `clustersim run DIR/standard.yaml`).
/// </summary>
public static class StandardWorkloadBenchmark
{
    public static int Run(string[] args)
    {
        int nodes = ClusterBenchmark.Arg(args, "--nodes", 5000);
        int pods = ClusterBenchmark.Arg(args, "--pods", 150_000);
        int hours = ClusterBenchmark.Arg(args, "--hours", 24);
        var workload = new StandardWorkload(nodes, pods, TimeSpan.FromHours(hours));
        int write = Array.IndexOf(args, "--write");
        string directory = write >= 0 && write + 1 < args.Length
            ? args[write + 1]
            : Path.Combine(Path.GetTempPath(), "clustersim-bench-standard-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in workload.Files())
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }

        var output = Console.Out;
        string scenarioPath = Path.Combine(directory, StandardWorkload.ScenarioFileName);
        if (write >= 0)
        {
            output.WriteLine("wrote " + scenarioPath);
            return 0;
        }

        output.WriteLine(Invariant($"workload: standard, nodes={nodes} pods={pods} virtual={hours}h deployments={workload.Deployments}"));
        var load = Stopwatch.StartNew();
        var loaded = ScenarioLoader.Load(scenarioPath);
        load.Stop();
        if (loaded.Scenario is null)
        {
            foreach (var d in loaded.Errors)
            {
                Console.Error.WriteLine(d.ToString());
            }

            return 1;
        }

        output.WriteLine(Invariant($"load_seconds={load.Elapsed.TotalSeconds:F2}"));
        // As `clustersim run` does: the transcript, events and time series stream into files as the run goes, and
        // summary.md and the plots are written at the end (timed apart as "outputs").
        var phases = new PhasedProfiler(Phases(workload));
        string outDirectory = Path.Combine(directory, "out");
        var run = Stopwatch.StartNew();
        Scenarios.Running.RunResult result;
        long outputBytes;
        TimeSpan completing;
        using (var files = RunOutputFiles.Open(outDirectory))
        {
            result = ScenarioRunner.Run(loaded.Scenario, new RunOptions { Profiler = phases, Outputs = files });
            phases.Finish();
            var complete = Stopwatch.StartNew();
            files.Complete(result);
            completing = complete.Elapsed;
        }

        run.Stop();
        outputBytes = new DirectoryInfo(outDirectory).EnumerateFiles().Sum(f => f.Length);
        Directory.Delete(directory, recursive: true);

        double virtualSeconds = workload.Length.TotalSeconds;
        foreach (var p in phases.Results)
        {
            output.WriteLine(Invariant(
                $"phase {p.Name,-10} [{p.From,9} .. {p.To,9}] wall={p.Wall.TotalSeconds,8:F2}s events={p.Events,11} events_per_sec={p.Events / Math.Max(1e-9, p.Wall.TotalSeconds),10:F0} alloc_mb={p.AllocatedBytes / 1048576.0,9:F1} heap_mb={p.HeapBytes / 1048576.0,7:F0} peak_ws_mb={p.PeakWorkingSet / 1048576.0,7:F0}"));
            // The parts' times include the collections their allocations triggered; this says how much that was.
            output.WriteLine(Invariant($"  GC pauses (inside the parts above)                {100 * p.GcPauses.TotalSeconds / Math.Max(p.Wall.TotalSeconds, 1e-9),5:F1}%  {p.GcPauses.TotalSeconds,8:F2}s  gen0={p.Collections[0]} gen1={p.Collections[1]} gen2={p.Collections[2]}"));
            double total = p.Parts.Sum(x => x.Seconds);
            foreach (var part in p.Parts.Where(x => x.Seconds > 0.005 * Math.Max(total, 1e-9)))
            {
                output.WriteLine(Invariant($"  {part.Part,-48} {100 * part.Seconds / Math.Max(total, 1e-9),5:F1}%  {part.Seconds,8:F2}s  events={part.Events}"));
            }
        }

        output.WriteLine(Invariant($"outputs: summary.md and plots written in {completing.TotalSeconds:F2}s; all outputs {outputBytes / 1048576.0:F1} MB"));
        output.WriteLine(Invariant($"passed={result.Passed} expectations_failed={result.Expectations.Count(e => !e.Passed)} invariant_violations={result.InvariantViolations.Count}"));
        output.WriteLine("trace_hash=" + result.TraceHash);
        output.WriteLine(Invariant($"events={phases.Results.Sum(p => p.Events)}"));
        output.WriteLine(Invariant($"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0}"));
        output.WriteLine(Invariant($"wall_seconds={run.Elapsed.TotalSeconds:F2}"));
        output.WriteLine(Invariant($"speedup_over_real_time={virtualSeconds / run.Elapsed.TotalSeconds:F0}x"));
        return 0;
    }

    /// <summary>The phases by virtual time: placement (the first 10 minutes), steady state, the crash and its evictions, the recovery, the rollout, and the rest of the day.</summary>
    private static List<(string Name, TimeSpan From)> Phases(StandardWorkload w)
    {
        var list = new List<(string, TimeSpan)> { ("placement", TimeSpan.Zero), ("steady", TimeSpan.FromMinutes(10)) };
        if (w.Length > w.CrashAt)
        {
            list.Add(("fault", w.CrashAt));
            list.Add(("steady", w.CrashAt + TimeSpan.FromMinutes(15)));
        }

        if (w.Length > w.RolloutAt)
        {
            list.Add(("rollout", w.RolloutAt));
            list.Add(("steady", w.RolloutAt + TimeSpan.FromMinutes(15)));
        }

        return list;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>One phase's figures.</summary>
    private sealed record PhaseResult(string Name, string From, string To, TimeSpan Wall, long Events, long AllocatedBytes, long HeapBytes, long PeakWorkingSet, TimeSpan GcPauses, int[] Collections, IReadOnlyList<ProfileEntry> Parts);

    /// <summary>
    /// A profiler that starts a new <see cref="RunProfiler"/> whenever virtual time enters the next phase, and
    /// records the wall time, events and memory of the one that ended. It only reads the kernel's clock.
    /// </summary>
    private sealed class PhasedProfiler(List<(string Name, TimeSpan From)> phases) : IEventProfiler
    {
        private readonly List<PhaseResult> _results = [];
        private Kernel? _kernel;
        private int _phase;
        private RunProfiler _current = new();
        private long _events;
        private long _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        private long _startTimestamp = Stopwatch.GetTimestamp();
        private TimeSpan _pausesAtStart = GC.GetTotalPauseDuration();
        private int[] _collectionsAtStart = Collections();

        public IReadOnlyList<PhaseResult> Results => _results;

        public void Attach(Kernel kernel) => _kernel = kernel;

        public void Event(object owner, Action run)
        {
            while (_phase + 1 < phases.Count && _kernel!.Now >= phases[_phase + 1].From)
            {
                Close(phases[_phase + 1].From);
                _phase++;
            }

            _events++;
            _current.Event(owner, run);
        }

        public void Observers(Action run) => _current.Observers(run);

        public void Finish() => Close(_kernel?.Now ?? TimeSpan.Zero);

        private void Close(TimeSpan to)
        {
            long now = Stopwatch.GetTimestamp();
            _results.Add(new PhaseResult(
                phases[_phase].Name,
                ClusterSim.Sim.Api.GoDuration.Format(phases[_phase].From),
                ClusterSim.Sim.Api.GoDuration.Format(to),
                Stopwatch.GetElapsedTime(_startTimestamp, now),
                _events,
                GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart,
                GC.GetTotalMemory(forceFullCollection: false),
                Process.GetCurrentProcess().PeakWorkingSet64,
                GC.GetTotalPauseDuration() - _pausesAtStart,
                [.. Collections().Zip(_collectionsAtStart, (a, b) => a - b)],
                _current.Entries()));
            _pausesAtStart = GC.GetTotalPauseDuration();
            _collectionsAtStart = Collections();
            _current = new RunProfiler();
            _events = 0;
            _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
            _startTimestamp = Stopwatch.GetTimestamp();
        }

        private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    }
}
