using System.Diagnostics;
using System.Globalization;
using ClusterSim.Planning.Metrics;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Bench;

/// <summary>
/// `runs [--scenario FILE] [--runs N]`: what `plan` and `fuzz` pay per run of one small scenario (by default the
/// book's scenarios/frontend-autoscale.yaml). The first run includes loading (parsing and validating) the file and
/// the JIT; the next N runs reuse the loaded scenario, as a sweep does, each at its own seed (seed + i, as a plan's
/// runs are), and the median of their wall times gives runs per second. The first seed is run again at the end and
/// its trace hash compared with the first run's, so a shortcut that leaks state from one run into the next is caught.
/// Each N is measured twice: keeping every row in memory (as tests do), and keeping only what a plan's metrics read
/// (as `plan` and, with even less, `fuzz` do).
/// </summary>
public static class SmallRunsBenchmark
{
    public static int Run(string[] args)
    {
        string file = Path.Combine("scenarios", "frontend-autoscale.yaml");
        int runs = 200;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--scenario":
                    file = args[i + 1];
                    break;
                case "--runs" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0:
                    runs = n;
                    break;
                default:
                    Console.Error.WriteLine("usage: runs [--scenario FILE] [--runs N]");
                    return 2;
            }
        }

        var o = Console.Out;
        var inv = CultureInfo.InvariantCulture;
        var watch = Stopwatch.StartNew();
        var loaded = ScenarioLoader.Load(file);
        if (loaded.Scenario is not { } scenario)
        {
            foreach (var d in loaded.Diagnostics)
            {
                Console.Error.WriteLine(d);
            }

            return 2;
        }

        double loadMs = watch.Elapsed.TotalMilliseconds;
        var first = ScenarioRunner.Run(scenario);
        double firstMs = watch.Elapsed.TotalMilliseconds;
        o.WriteLine(string.Create(inv, $"scenario {scenario.Name}: {first.EventCount} events per run at seed {first.Seed}"));
        o.WriteLine(string.Create(inv, $"first_run: {firstMs:F1} ms (load {loadMs:F1} ms, JIT included)"));

        // Each seed twice, interleaved so both ways see the same JIT tiering and machine load: as a test keeps a run
        // (every row in memory), then as `plan` does (only the node rows its metrics read).
        var ways = new (string Label, Func<IRunOutputs?> Outputs)[]
        {
            ("keep_all", () => null),
            ("keep_plan", () => new InMemoryRunOutputs { KeepTranscript = false, KeepEvents = false, KeepSample = RunMetrics.Reads }),
        };
        var times = ways.Select(_ => new double[runs]).ToArray();
        var allocated = new long[ways.Length];
        for (int i = 0; i < runs; i++)
        {
            for (int w = 0; w < ways.Length; w++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                watch.Restart();
                ScenarioRunner.Run(scenario, new RunOptions(scenario.Seed + 1 + i) { Outputs = ways[w].Outputs() });
                times[w][i] = watch.Elapsed.TotalMilliseconds;
                allocated[w] += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        for (int w = 0; w < ways.Length; w++)
        {
            var t = times[w];
            Array.Sort(t);
            double median = runs % 2 == 1 ? t[runs / 2] : (t[(runs / 2) - 1] + t[runs / 2]) / 2;
            o.WriteLine(string.Create(inv, $"{ways[w].Label}: next {runs} runs: median {median:F2} ms, min {t[0]:F2} ms, max {t[^1]:F2} ms; runs_per_sec {1000 / median:F1}; allocated {allocated[w] / runs / 1024.0 / 1024.0:F2} MiB a run"));
        }

        bool same = ScenarioRunner.Run(scenario).TraceHash == first.TraceHash;
        o.WriteLine("same_trace_on_rerun: " + (same ? "yes" : "NO"));
        return same ? 0 : 1;
    }
}
