using System.Globalization;

namespace ClusterSim.Bench;

/// <summary>
/// Runs one or more workload implementations as shared/bench-workload.md prescribes: one warm-up run,
/// then 5 timed runs with <see cref="GC.Collect()"/> before each, and prints one line per timed run and
/// the summary lines (check values, allocation, median events/s). With several implementations the
/// timed runs are interleaved, so background load affects them alike and the ratio stays meaningful.
/// </summary>
internal sealed class BenchSession(BenchOptions options, TextWriter output)
{
    public const int TimedRuns = 5;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Measures every benchmark; returns the median events/s of each, or null if a run's check values disagreed.</summary>
    public IReadOnlyList<double>? Measure(IReadOnlyList<IWorkloadBenchmark> benchmarks)
    {
        var runs = new List<RunResult>[benchmarks.Count];
        var warmUps = new RunResult[benchmarks.Count];
        for (int b = 0; b < benchmarks.Count; b++)
        {
            runs[b] = new List<RunResult>(TimedRuns);
            GC.Collect();
            warmUps[b] = benchmarks[b].Run(options);
        }

        for (int r = 1; r <= TimedRuns; r++)
        {
            for (int b = 0; b < benchmarks.Count; b++)
            {
                GC.Collect();
                var result = benchmarks[b].Run(options);
                runs[b].Add(result);
                output.WriteLine(string.Create(Inv,
                    $"{benchmarks[b].Name} run {r}/{TimedRuns}: {result.Elapsed.TotalSeconds:F4} s, {result.EventsPerSecond:F0} events/s, {result.AllocatedBytes} bytes allocated"));
            }
        }

        var medians = new double[benchmarks.Count];
        bool consistent = true;
        for (int b = 0; b < benchmarks.Count; b++)
        {
            if (benchmarks.Count > 1)
            {
                output.WriteLine($"== {benchmarks[b].Name} ==");
            }

            var first = warmUps[b];
            foreach (var run in runs[b])
            {
                if (!run.SameChecks(first))
                {
                    output.WriteLine($"ERROR: {benchmarks[b].Name} runs disagree on the check values");
                    consistent = false;
                }
            }

            double allocPerEvent = runs[b].Max(r => (double)r.AllocatedBytes / r.Processed);
            medians[b] = Median(runs[b].Select(r => r.EventsPerSecond));
            output.WriteLine(string.Create(Inv, $"FinalTicks={first.FinalTicks}"));
            output.WriteLine(string.Create(Inv, $"SumCheck={first.SumCheck:X16}"));
            output.WriteLine(string.Create(Inv, $"OrderHash={first.OrderHash:X16}"));
            output.WriteLine(string.Create(Inv, $"alloc_bytes_per_event={allocPerEvent:0.####}"));
            output.WriteLine(string.Create(Inv, $"events_per_sec: {medians[b]:F0}"));
        }

        return consistent ? medians : null;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
