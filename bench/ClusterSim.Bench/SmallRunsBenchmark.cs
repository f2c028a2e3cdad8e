using System.Diagnostics;
using System.Globalization;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Bench;

/// <summary>
/// `runs [--scenario FILE] [--runs N]`: what `plan` and `fuzz` pay per run of one small scenario (by default the
/// book's scenarios/frontend-autoscale.yaml). The first run includes loading (parsing and validating) the file and
/// the JIT; the next N runs reuse the loaded scenario, as a sweep does, each at its own seed (seed + i, as a plan's
/// runs are), and the median of their wall times gives runs per second. The first seed is run again at the end and
/// its trace hash compared with the first run's, so a shortcut that leaks state from one run into the next is caught.
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

        var times = new double[runs];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        for (int i = 0; i < runs; i++)
        {
            watch.Restart();
            ScenarioRunner.Run(scenario, new RunOptions(scenario.Seed + 1 + i));
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;

        Array.Sort(times);
        double median = runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
        o.WriteLine(string.Create(inv, $"next_{runs}_runs: median {median:F2} ms, min {times[0]:F2} ms, max {times[^1]:F2} ms"));
        o.WriteLine(string.Create(inv, $"runs_per_sec: {1000 / median:F1}"));
        o.WriteLine(string.Create(inv, $"allocated_per_run: {allocated / runs / 1024.0 / 1024.0:F2} MiB; collections per 100 runs: gen0 {gen0 * 100.0 / runs:F0}, gen1 {gen1 * 100.0 / runs:F0}, gen2 {gen2 * 100.0 / runs:F0}"));
        bool same = ScenarioRunner.Run(scenario).TraceHash == first.TraceHash;
        o.WriteLine("same_trace_on_rerun: " + (same ? "yes" : "NO"));
        return same ? 0 : 1;
    }
}
