using System.Globalization;

namespace ClusterSim.Bench;

/// <summary>
/// Engine benchmark: the "K exponential timers" workload of shared/bench-workload.md.
/// <code>
/// dotnet run -c Release --project bench/ClusterSim.Bench -- engine|pq|all [--k 1000] [--n 10000000] [--seed 42]
/// </code>
/// <c>engine</c> runs it on ClusterSim's kernel, <c>pq</c> on a bare PriorityQueue&lt;int,double&gt;,
/// <c>all</c> both (interleaved) and prints the engine / pq ratio of median events/s.
/// <c>cluster [--nodes N] [--pods P] [--minutes M]</c> runs a whole simulated cluster (see ClusterBenchmark).
/// <c>plan [--plan FILE] [--runs N]</c> runs a fixed plan at --jobs 1 and at all cores (see PlanBenchmark).
/// <c>runs [--scenario FILE] [--runs N]</c> prints runs per second of one small scenario run over and over, as plan and fuzz do (see SmallRunsBenchmark).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cluster")
        {
            return ClusterBenchmark.Run(args);
        }

        if (args.Length > 0 && args[0] == "plan")
        {
            return PlanBenchmark.Run(args);
        }

        if (args.Length > 0 && args[0] == "runs")
        {
            return SmallRunsBenchmark.Run(args);
        }

        var options = BenchOptions.Parse(args, out string? error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        IWorkloadBenchmark[] benchmarks = options.Command switch
        {
            "engine" => [new EngineBenchmark()],
            "pq" => [new BarePriorityQueueBenchmark()],
            _ => [new EngineBenchmark(), new BarePriorityQueueBenchmark()],
        };

        var output = Console.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"workload: K exponential timers, k={options.Processes} n={options.Timeouts} seed={options.Seed}; {BenchSession.TimedRuns} timed runs after 1 warm-up"));
        var medians = new BenchSession(options, output).Measure(benchmarks);
        if (medians is null)
        {
            return 1;
        }

        if (benchmarks.Length == 2)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio_engine_over_pq: {medians[0] / medians[1]:F3}"));
        }

        return 0;
    }
}
