using System.Diagnostics;
using System.Globalization;
using ClusterSim.Planning.Loading;
using ClusterSim.Planning.Sweeping;

namespace ClusterSim.Bench;

/// <summary>
/// `plan [--plan FILE] [--runs N]`: runs a fixed plan (by default scenarios/plan-frontend-nodes.yaml with 8 runs
/// per configuration) at --jobs 1 and at all cores, and prints runs per second for each and their ratio, which
/// should be close to the number of cores (runs are independent and single-threaded). It also checks that both
/// sweeps produced the same records, so a speed-up that changes results is caught here too.
/// </summary>
public static class PlanBenchmark
{
    public static int Run(string[] args)
    {
        string plan = Path.Combine("scenarios", "plan-frontend-nodes.yaml");
        int runs = 8;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--plan":
                    plan = args[i + 1];
                    break;
                case "--runs" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0:
                    runs = n;
                    break;
                default:
                    Console.Error.WriteLine("usage: plan [--plan FILE] [--runs N]");
                    return 2;
            }
        }

        var (spec, diagnostics) = PlanLoader.Load(new PlanRequest(plan) { Runs = runs });
        if (spec is null)
        {
            foreach (var d in diagnostics)
            {
                Console.Error.WriteLine(d);
            }

            return 2;
        }

        int total = spec.Configurations.Count * spec.Runs;
        int cores = Environment.ProcessorCount;
        var o = Console.Out;
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"plan {spec.Name}: {spec.Configurations.Count} configurations x {spec.Runs} runs = {total} runs; {cores} cores"));

        // A whole untimed sweep first, so neither timed one pays for JIT compilation and tiering alone.
        Sweep.Run(spec, cores);
        var watch = Stopwatch.StartNew();
        var single = Sweep.Run(spec, 1);
        double singleSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var all = Sweep.Run(spec, cores);
        double allSeconds = watch.Elapsed.TotalSeconds;
        bool same = single.Count == all.Count && single.Zip(all).All(p => p.First.Seed == p.Second.Seed && p.First.Passed == p.Second.Passed && p.First.Values.SequenceEqual(p.Second.Values));
        o.WriteLine(string.Create(inv, $"jobs_1: {singleSeconds:F2} s, {total / singleSeconds:F2} runs/s"));
        o.WriteLine(string.Create(inv, $"jobs_{cores}: {allSeconds:F2} s, {total / allSeconds:F2} runs/s"));
        o.WriteLine(string.Create(inv, $"speedup: {singleSeconds / allSeconds:F2}x on {cores} cores"));
        o.WriteLine("same_records: " + (same ? "yes" : "NO"));
        return same ? 0 : 1;
    }
}
