using System.Globalization;
using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;
using ClusterSim.Planning.Statistics;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Planning.Analysis;

/// <summary>
/// Turns a plan's runs into its answer: per configuration the pass probability with its interval, each metric's
/// summary, a verdict per objective and overall, the runs that would decide an inconclusive one, McNemar's test
/// against the next-cheaper configuration on the shared seeds; then the cheapest configuration that meets every
/// objective, and what that means in words. A pure function of (plan, runs): shards merged give the same answer.
/// </summary>
public static class PlanAnalyzer
{
    /// <summary>Analyses <paramref name="runs"/> (every run of every configuration, in pair order).</summary>
    public static PlanAnalysis Analyze(PlanDescription plan, IReadOnlyList<RunRecord> runs)
    {
        var byConfig = runs.GroupBy(r => r.Config).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Run).ToList());
        var objectives = plan.QuantileObjectives.Select(t => Objective.Parse(t, out _)!).ToList();
        var cheapestFirst = plan.Configurations
            .Select(c => (c.Index, Cost: Mean(byConfig[c.Index], MetricCatalog.Cost)))
            .OrderBy(x => x.Cost).ThenBy(x => x.Index).Select(x => x.Index).ToList();
        var summaries = new List<ConfigSummary>();
        foreach (var config in plan.Configurations)
        {
            var records = byConfig[config.Index];
            int passed = records.Count(r => r.Passed);
            var pass = ProportionInterval.Estimate(passed, records.Count);
            var metrics = MetricCatalog.All.Select(m => MetricSummarizer.Summarize(m.Name, records.Select(r => r.Value(m.Name)).ToList())).ToList();
            var outcomes = new List<ObjectiveOutcome> { PassOutcome(plan, pass) };
            outcomes.AddRange(objectives.Select(o => StatisticOutcome(plan, o, records, metrics[MetricCatalog.IndexOf(o.Metric)])));
            var verdict = outcomes.Max(o => o.Verdict);
            int? toDecide = outcomes[0].Verdict == Verdict.Inconclusive && !plan.PointVerdicts
                ? RunsToDecide.Estimate(pass.Point, plan.Target, records.Count)
                : null;
            int position = cheapestFirst.IndexOf(config.Index);
            PairedComparison? versus = position > 0 ? Compare(records, byConfig[cheapestFirst[position - 1]], cheapestFirst[position - 1]) : null;
            summaries.Add(new ConfigSummary(
                config,
                records.Count,
                Mean(records, MetricCatalog.Cost),
                Mean(records, MetricCatalog.NodeHours),
                pass,
                metrics,
                outcomes,
                verdict,
                toDecide,
                versus));
        }

        var recommended = summaries.Where(s => s.Verdict == Verdict.Meets)
            .OrderBy(s => s.Cost).ThenByDescending(s => s.Pass.Lower).ThenBy(s => s.Config.Index)
            .Select(s => (int?)s.Config.Index).FirstOrDefault();
        return new PlanAnalysis(plan, summaries, recommended, Answer(plan, summaries, recommended), Notes(plan, summaries, recommended, cheapestFirst));
    }

    private static double Mean(List<RunRecord> records, string metric) => records.Average(r => r.Value(metric));

    private static string P(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Interval(ProportionEstimate p) => $"{P(p.Point)} [{P(p.Lower)}, {P(p.Upper)}]";

    /// <summary>The pass probability against the target: meets when the interval's lower bound reaches it, fails when the upper bound is below it.</summary>
    private static ObjectiveOutcome PassOutcome(PlanDescription plan, ProportionEstimate pass)
    {
        var verdict = plan.PointVerdicts
            ? (pass.Point >= plan.Target ? Verdict.Meets : Verdict.Fails)
            : pass.Lower >= plan.Target ? Verdict.Meets : pass.Upper < plan.Target ? Verdict.Fails : Verdict.Inconclusive;
        var what = plan.Expectations ? "the scenario's expectations" : "the simulator's invariants";
        if (plan.RunObjectives.Count > 0)
        {
            what += " and " + string.Join(", ", plan.RunObjectives);
        }

        return new ObjectiveOutcome(
            $"P(a run meets {what}) >= {P(plan.Target)}",
            verdict,
            string.Create(CultureInfo.InvariantCulture, $"{pass.Successes}/{pass.Trials} runs passed: {Interval(pass)} ({pass.Method})"));
    }

    /// <summary>A threshold on a statistic over runs: judged on its 95% interval (or on the point estimate with --point).</summary>
    private static ObjectiveOutcome StatisticOutcome(PlanDescription plan, Objective o, List<RunRecord> records, MetricSummary summary)
    {
        double point;
        double? lower, upper;
        if (o.Statistic == "mean")
        {
            // Student's t interval for the mean (MathNet's StudentT quantile); a single run gives no interval.
            var values = records.Select(r => r.Value(o.Metric)).ToList();
            point = summary.Mean;
            if (values.Count > 1)
            {
                double sd = MathNet.Numerics.Statistics.Statistics.StandardDeviation(values);
                double half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
                (lower, upper) = (point - half, point + half);
            }
            else
            {
                (lower, upper) = (null, null);
            }
        }
        else
        {
            var q = o.Statistic switch { "p50" => summary.P50, "p95" => summary.P95, _ => summary.P99 };
            (point, lower, upper) = (q.Point, q.Lower, q.Upper);
        }

        Verdict verdict;
        if (plan.PointVerdicts || o.Operator is "==" or "!=")
        {
            verdict = o.Holds(point) ? Verdict.Meets : Verdict.Fails;
        }
        else
        {
            // The side of the interval that could still fail decides "meets"; the side that could still pass decides "fails".
            double? worst = o.WantsHigh ? lower : upper;
            double? best = o.WantsHigh ? upper : lower;
            verdict = worst is { } w && o.Holds(w) ? Verdict.Meets : best is { } b && !o.Holds(b) ? Verdict.Fails : Verdict.Inconclusive;
        }

        bool seconds = MetricCatalog.Find(o.Metric)?.Unit == MetricUnit.Seconds;
        string Bound(double? v) => v is not { } x ? "n/a"
            : seconds ? Scenarios.Durations.Format(TimeSpan.FromSeconds(Math.Round(x, 1)))
            : x.ToString("0.####", CultureInfo.InvariantCulture);
        return new ObjectiveOutcome(o.Text, verdict, $"{o.Metric}.{o.Statistic} = {Bound(point)} [{Bound(lower)}, {Bound(upper)}]");
    }

    /// <summary>McNemar's exact test on the seeds both configurations ran.</summary>
    private static PairedComparison Compare(List<RunRecord> self, List<RunRecord> cheaper, int cheaperIndex)
    {
        var other = cheaper.ToDictionary(r => r.Run);
        int onlySelf = 0, onlyCheaper = 0;
        foreach (var r in self)
        {
            if (other.TryGetValue(r.Run, out var c) && r.Passed != c.Passed)
            {
                onlySelf += r.Passed ? 1 : 0;
                onlyCheaper += c.Passed ? 1 : 0;
            }
        }

        return new PairedComparison(cheaperIndex, onlySelf, onlyCheaper, McNemar.ExactPValue(onlySelf, onlyCheaper));
    }

    private static string CostText(PlanDescription plan, ConfigSummary s)
    {
        var hours = s.NodeHours.ToString("0.##", CultureInfo.InvariantCulture) + " node-hours per run";
        return plan.CostUnit == "node-hours" ? hours : s.Cost.ToString("0.##", CultureInfo.InvariantCulture) + " " + plan.CostUnit + " per run, " + hours;
    }

    private static string Answer(PlanDescription plan, IReadOnlyList<ConfigSummary> configs, int? recommended)
    {
        string rule = plan.PointVerdicts ? " (judged on point estimates: --point)" : "";
        string target = string.Create(CultureInfo.InvariantCulture, $">= {plan.Target * 100:0.##}% probability");
        if (recommended is { } r)
        {
            var s = configs[r];
            return $"Smallest configuration meeting every objective with {target}{rule}: {s.Config.Label} ({CostText(plan, s)}; pass {Interval(s.Pass)}).";
        }

        var inconclusive = configs.Where(c => c.Verdict == Verdict.Inconclusive).OrderBy(c => c.Cost).ThenBy(c => c.Config.Index).FirstOrDefault();
        if (inconclusive is not null)
        {
            var more = inconclusive.RunsToDecide is { } n ? string.Create(CultureInfo.InvariantCulture, $"; about {n} runs would decide it") : "";
            return $"No configuration is shown to meet every objective with {target}{rule}; the cheapest undecided one is {inconclusive.Config.Label} (pass {Interval(inconclusive.Pass)}{more}).";
        }

        var best = configs.OrderByDescending(c => c.Pass.Point).ThenBy(c => c.Cost).ThenBy(c => c.Config.Index).First();
        return $"No configuration meets every objective with {target}{rule}; the best is {best.Config.Label} (pass {Interval(best.Pass)}).";
    }

    private static List<string> Notes(PlanDescription plan, IReadOnlyList<ConfigSummary> configs, int? recommended, List<int> cheapestFirst)
    {
        var inv = CultureInfo.InvariantCulture;
        var notes = new List<string>
        {
            string.Create(inv, $"Every configuration ran the same {plan.Runs} seeds ({plan.BaseSeed} to {plan.BaseSeed + plan.Runs - 1}): the same random draws of faults, load noise and timings wherever the configuration leaves them alone, so differences between configurations come from the configuration, not from luck."),
        };
        if (recommended is { } r)
        {
            var s = configs[r];
            notes.Add(s.Pass.Successes == s.Pass.Trials
                ? string.Create(inv, $"All {s.Pass.Trials} runs of {s.Config.Label} passed: with 95% confidence it fails in fewer than {(1 - s.Pass.Lower) * 100:0.#}% of runs (exact Clopper-Pearson bound).")
                : string.Create(inv, $"{s.Config.Label} passed {s.Pass.Successes} of {s.Pass.Trials} runs: with 95% confidence a run passes with probability between {P(s.Pass.Lower)} and {P(s.Pass.Upper)} ({s.Pass.Method})."));
            int position = cheapestFirst.IndexOf(r);
            if (position > 0 && s.VersusCheaper is { } v)
            {
                var cheaper = configs[v.CheaperConfig];
                notes.Add(v.CheaperIsWorse
                    ? string.Create(inv, $"The next cheaper configuration, {cheaper.Config.Label}, failed {v.OnlyThisPassed} seeds that {s.Config.Label} passed (and passed {v.OnlyCheaperPassed} it failed): McNemar's exact test gives p = {v.PValue:0.####}, so it is really worse, not unlucky.")
                    : string.Create(inv, $"The next cheaper configuration, {cheaper.Config.Label} ({cheaper.Verdict.ToString().ToLowerInvariant()}), is not significantly worse on the same seeds (McNemar p = {v.PValue:0.####}); more runs may show it meets the target too."));
            }
        }

        int undecided = configs.Count(c => c.Verdict == Verdict.Inconclusive);
        if (undecided > 0)
        {
            int most = configs.Where(c => c.RunsToDecide is not null).Select(c => c.RunsToDecide!.Value).DefaultIfEmpty(0).Max();
            notes.Add(most > 0
                ? string.Create(inv, $"{undecided} configuration(s) are inconclusive at {plan.Runs} runs (their interval straddles {P(plan.Target)}); rerunning with --runs {most} would decide the pass probability of each, if their pass rates hold.")
                : string.Create(inv, $"{undecided} configuration(s) are inconclusive at {plan.Runs} runs (their interval straddles the target)."));
        }

        int n = plan.Runs;
        var (_, upper) = ProportionInterval.ClopperPearson(0, n);
        notes.Add(string.Create(inv, $"What {n} runs can show: even with no failure at all, the failure rate is only bounded below {upper * 100:0.#}% (95%, two-sided); to claim a pass probability of {P(plan.Target)} a configuration needs its lower bound above it, which takes at least {MinimumRuns(plan.Target)} runs without a failure."));
        return notes;
    }

    /// <summary>The fewest runs whose Clopper-Pearson lower bound with no failure reaches <paramref name="target"/>.</summary>
    private static int MinimumRuns(double target)
    {
        int n = 1;
        while (n < 1_000_000 && ProportionInterval.ClopperPearson(n, n).Lower < target)
        {
            n++;
        }

        return n;
    }
}
