using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Planning.Sweeping;

/// <summary>
/// Runs a plan's (configuration, seed) pairs: run i of every configuration at seed BaseSeed + i (common random
/// numbers), each run single-threaded and deterministic, on up to <c>jobs</c> cores through <see cref="RunPool"/>.
/// Records come back in pair order (configuration, then run), so they, and everything written from them, are
/// the same whatever <c>jobs</c> is and however the plan is sharded. Memory: one record per run; a run's full
/// result is dropped as soon as its metrics are measured.
/// </summary>
public static class Sweep
{
    /// <summary>Runs the pairs of <paramref name="slice"/> (all of them by default).</summary>
    public static IReadOnlyList<RunRecord> Run(PlanSpec plan, int jobs, Slice? slice = null, Action<SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        slice ??= Slice.All;
        // The loader bounds a plan at PlanLoader.MaxRuns pairs, so a slice's count fits an int.
        int count = (int)slice.CountOf((long)plan.Configurations.Count * plan.Runs);
        var records = new List<RunRecord>(count);
        int failures = 0;
        RunPool.Run(
            count,
            jobs,
            i => RunOne(plan, (int)(slice.Pair(i) / plan.Runs), (int)(slice.Pair(i) % plan.Runs)),
            (_, record) =>
            {
                records.Add(record);
                failures += record.Passed ? 0 : 1;
                progress?.Invoke(new SweepProgress(records.Count, count, failures));
            },
            cancel);
        return records;
    }

    /// <summary>One run of configuration <paramref name="config"/> at the seed of run <paramref name="run"/>, measured and judged.</summary>
    public static RunRecord RunOne(PlanSpec plan, int config, int run)
    {
        var scenario = plan.Configurations[config].Scenario;
        long seed = plan.BaseSeed + run;
        // Only the rows the metrics read are kept: nothing of a run outlives it but its record.
        var result = ScenarioRunner.Run(scenario, new RunOptions(seed) { Outputs = new InMemoryRunOutputs { KeepTranscript = false, KeepEvents = false, KeepSample = RunMetrics.Reads } });
        var values = RunMetrics.Measure(result, scenario, plan.Cost);
        var failures = new List<string>();
        if (plan.Expectations)
        {
            failures.AddRange(RunMetrics.Failures(result));
        }
        else
        {
            // The simulator's own invariants always count: a violation is a simulator bug, never a capacity answer.
            failures.AddRange(result.InvariantViolations.Select(v => "invariant " + v.Invariant));
        }

        foreach (var o in plan.Objectives.Where(o => o.PerRun))
        {
            if (!o.Holds(values[MetricCatalog.IndexOf(o.Metric)]))
            {
                failures.Add("objective " + o.Text);
            }
        }

        return new RunRecord(config, run, seed, failures.Count == 0, string.Join("; ", failures), values);
    }
}
