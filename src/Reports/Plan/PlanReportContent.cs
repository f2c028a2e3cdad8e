using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Model;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// What plan.md and plan.html say, in order: the answer, the plan, what it means, one row per configuration,
/// the plots, each configuration's objectives and metrics, the methods, and how to reproduce a run.
/// </summary>
internal static class PlanReportContent
{
    /// <summary>Failing seeds listed per configuration in "Reproduce a run".</summary>
    private const int FailingSeedsShown = 5;

    /// <summary>Builds the document; <paramref name="plots"/> are the image files written next to it, with their captions.</summary>
    public static ReportDocument Build(PlanAnalysis analysis, RunsByConfig runs, IReadOnlyList<(string File, string Caption)> plots)
    {
        var plan = analysis.Plan;
        var blocks = new List<ReportBlock>
        {
            new AnswerBlock(analysis.Answer),
            new HeadingBlock(1, "Capacity plan: " + plan.Name),
        };

        AppendPlan(blocks, plan);
        if (analysis.Notes.Count > 0)
        {
            blocks.Add(new HeadingBlock(2, "What this means"));
            blocks.Add(new ListBlock(analysis.Notes.Select(n => (IReadOnlyList<Span>)[new Span(n)]).ToList()));
        }

        AppendConfigurations(blocks, analysis);
        if (plots.Count > 0)
        {
            blocks.Add(new HeadingBlock(2, "Plots"));
            foreach (var (file, caption) in plots)
            {
                blocks.Add(new ParagraphBlock([new Span(caption)]));
                blocks.Add(new ImageBlock(caption, file));
            }
        }

        blocks.Add(new HeadingBlock(2, "Each configuration"));
        foreach (var c in analysis.Configs)
        {
            AppendDetails(blocks, analysis, c);
        }

        AppendMethod(blocks, plan);
        AppendReproduce(blocks, analysis, runs);
        return new ReportDocument("Capacity plan: " + plan.Name, blocks);
    }

    private static void AppendPlan(List<ReportBlock> blocks, PlanDescription plan)
    {
        blocks.Add(new HeadingBlock(2, "The plan"));
        string target = PlanFormat.Probability(plan.Target, plan.Target);
        var rows = new List<IReadOnlyList<TableCell>>
        {
            Row("scenario", new TableCell([new Span(plan.ScenarioName), new Span(" ("), new Span(plan.ScenarioPath, SpanStyle.Code), new Span(")")])),
            Row("configurations", PlanFormat.Count(plan.Configurations.Count) + (plan.Axes.Count == 0
                ? " (the scenario as written)"
                : ": " + string.Join(" x ", plan.Axes.Select(a => a.Key + " in {" + string.Join(", ", a.Values) + "}")))),
            Row("runs per configuration", PlanFormat.Count(plan.Runs)),
            Row("seeds", plan.Runs > 0
                ? PlanFormat.Count(plan.SeedOf(0)) + ".." + PlanFormat.Count(plan.SeedOf(plan.Runs - 1))
                    + ": run i of every configuration uses seed " + PlanFormat.Count(plan.BaseSeed) + " + i (common random numbers: configurations are compared on the same seeds)"
                : "none"),
            Row("target", "every objective met with probability >= " + target),
            Row("cost", plan.CostTable + " (unit: " + plan.CostUnit + ")"),
        };
        blocks.Add(new TableBlock(["", ""], [false, false], rows));

        blocks.Add(new ParagraphBlock([new Span("Objectives. A run passes when every one of these holds in it:")]));
        var perRun = new List<IReadOnlyList<Span>>();
        if (plan.Expectations)
        {
            perRun.Add([new Span("the scenario's expectations and the simulator's invariants")]);
        }

        perRun.AddRange(plan.RunObjectives.Select(o => (IReadOnlyList<Span>)[new Span(o, SpanStyle.Code)]));
        if (perRun.Count == 0)
        {
            perRun.Add([new Span("(none: every run passes)")]);
        }

        blocks.Add(new ListBlock(perRun));
        blocks.Add(new ParagraphBlock([new Span("A configuration must pass with probability >= " + target
            + (plan.QuantileObjectives.Count > 0 ? ", and meet these statistics over its runs:" : "."))]));
        if (plan.QuantileObjectives.Count > 0)
        {
            blocks.Add(new ListBlock(plan.QuantileObjectives.Select(o => (IReadOnlyList<Span>)[new Span(o, SpanStyle.Code)]).ToList()));
        }

        blocks.Add(new ParagraphBlock([new Span("Verdict rule.", SpanStyle.Strong), new Span(plan.PointVerdicts
            ? " Point estimates decide (--point): an objective is met when its estimate is on the right side of its threshold (the pass probability's estimate >= "
                + target + "), failed otherwise. The 95% intervals are shown but do not decide, so nothing is inconclusive and a verdict may change with more runs."
            : " Each objective is decided by its 95% interval: meets when the interval lies on the right side of the threshold (for the pass probability: the lower bound >= "
                + target + "), fails when it lies on the wrong side (the upper bound < " + target
                + "), inconclusive otherwise (the interval straddles the threshold: more runs would decide). A configuration's verdict is its worst objective's.")]));
    }

    private static void AppendConfigurations(List<ReportBlock> blocks, PlanAnalysis analysis)
    {
        var plan = analysis.Plan;
        blocks.Add(new HeadingBlock(2, "Configurations"));
        blocks.Add(new ParagraphBlock([new Span("One row per configuration, in grid order. Pass probability: the fraction of runs that passed, with its 95% interval. "
            + "Versus the next-cheaper configuration: \"a vs b seeds\" counts the seeds only this configuration passed and the seeds only the cheaper one passed (McNemar's exact test on the shared seeds).")]));
        bool separateNodeHours = plan.CostUnit != "node-hours";
        var headers = new List<string> { "#" };
        headers.AddRange(plan.Axes.Count == 0 ? ["configuration"] : plan.Axes.Select(a => a.Key));
        headers.Add("cost (" + plan.CostUnit + ")");
        if (separateNodeHours)
        {
            headers.Add("node-hours");
        }

        headers.AddRange(["passed", "pass probability", "verdict", "versus next-cheaper"]);
        var right = headers.Select((h, i) => i == 0 || h.StartsWith("cost", StringComparison.Ordinal) || h == "node-hours" || h == "passed").ToList();
        var rows = new List<IReadOnlyList<TableCell>>();
        foreach (var c in analysis.Configs)
        {
            bool recommended = analysis.Recommended == c.Config.Index;
            var row = new List<TableCell>
            {
                recommended
                    ? new TableCell([new Span(PlanFormat.Id(c.Config.Index) + " (recommended)", SpanStyle.Strong)])
                    : PlanFormat.Id(c.Config.Index),
            };
            row.AddRange(plan.Axes.Count == 0 ? [c.Config.Label] : plan.Axes.Select(a => (TableCell)ValueOf(c.Config, a.Key)));
            row.Add(PlanFormat.Plain(c.Cost));
            if (separateNodeHours)
            {
                row.Add(PlanFormat.Plain(c.NodeHours));
            }

            row.Add(PlanFormat.Count(c.Pass.Successes) + "/" + PlanFormat.Count(c.Pass.Trials));
            row.Add(PlanFormat.Interval(c.Pass, plan.Target) + " " + c.Pass.Method);
            row.Add(new TableCell([new Span(PlanFormat.Verdict(c.Verdict, c.RunsToDecide))], c.Verdict));
            row.Add(PlanFormat.Versus(c.VersusCheaper));
            rows.Add(row);
        }

        blocks.Add(new TableBlock(headers, right, rows));
    }

    private static void AppendDetails(List<ReportBlock> blocks, PlanAnalysis analysis, ConfigSummary c)
    {
        var plan = analysis.Plan;
        bool recommended = analysis.Recommended == c.Config.Index;
        blocks.Add(new HeadingBlock(3, PlanFormat.Id(c.Config.Index) + " " + c.Config.Label + (recommended ? " (recommended)" : "")));
        blocks.Add(new ParagraphBlock([
            new Span("Verdict: "),
            new Span(PlanFormat.Verdict(c.Verdict, c.RunsToDecide), SpanStyle.Strong),
            new Span(". " + PlanFormat.Count(c.Pass.Successes) + " of " + PlanFormat.Count(c.Runs) + " runs passed; pass probability "
                + PlanFormat.Interval(c.Pass, plan.Target) + " (" + c.Pass.Method + "). Cost " + PlanFormat.Plain(c.Cost) + " " + plan.CostUnit
                + (plan.CostUnit != "node-hours" ? " (" + PlanFormat.Plain(c.NodeHours) + " node-hours)" : "") + " per run on average."),
        ]));

        if (c.Objectives.Count > 0)
        {
            blocks.Add(new TableBlock(["objective", "verdict", "evidence"], [false, false, false], c.Objectives
                .Select(o => (IReadOnlyList<TableCell>)[
                    new TableCell([new Span(o.Objective, SpanStyle.Code)]),
                    new TableCell([new Span(PlanFormat.Verdict(o.Verdict, null))], o.Verdict),
                    o.Evidence,
                ]).ToList()));
        }

        // Metrics that were zero in every run say nothing per quantile: one line lists them instead.
        var shown = c.Metrics.Where(m => !(m.Min == 0 && m.Max == 0)).ToList();
        var zero = c.Metrics.Where(m => m.Min == 0 && m.Max == 0).Select(m => m.Metric).ToList();
        if (shown.Count > 0)
        {
            blocks.Add(new TableBlock(
                ["metric", "mean", "p50", "p95 [95% interval]", "p99 [95% interval]", "max"],
                [false, true, true, true, true, true],
                shown.Select(m => (IReadOnlyList<TableCell>)[
                    new TableCell([new Span(m.Metric, SpanStyle.Code)]),
                    PlanFormat.Metric(m.Metric, m.Mean),
                    PlanFormat.Metric(m.Metric, m.P50.Point),
                    PlanFormat.Quantile(m.Metric, m.P95),
                    PlanFormat.Quantile(m.Metric, m.P99),
                    PlanFormat.Metric(m.Metric, m.Max),
                ]).ToList()));
        }

        if (zero.Count > 0)
        {
            blocks.Add(new ParagraphBlock([new Span("Zero in every run: " + string.Join(", ", zero) + ".")]));
        }
    }

    private static void AppendMethod(List<ReportBlock> blocks, PlanDescription plan)
    {
        blocks.Add(new HeadingBlock(2, "Method"));
        blocks.Add(new ListBlock([
            [new Span("Runs: every configuration runs the same " + PlanFormat.Count(plan.Runs) + " seeds (common random numbers), so the same faults and load meet every configuration and differences come from the configuration, not luck.")],
            [new Span("Pass probability: the fraction of runs that passed, with the Wilson score 95% interval; the exact Clopper-Pearson interval when all or none of the runs passed (where Wilson's is too narrow).")],
            [new Span("Quantiles: the inverse of the empirical CDF (Hyndman-Fan type 1: the smallest observed value with at least the fraction p of runs at or below it). Their 95% intervals are distribution-free, from order statistics and the binomial distribution; \"n/a\" where there are too few runs to bound the quantile at 95% (a p99's upper bound needs several hundred runs).")],
            [new Span("Versus next-cheaper: McNemar's exact test on the shared seeds (a two-sided binomial test on the seeds where exactly one of the two configurations passed); the cheaper one is called worse or better at p < 0.05.")],
            [new Span("Verdicts: " + (plan.PointVerdicts ? "from point estimates (--point)." : "from 95% intervals: meets when the interval's lower bound >= target, fails when its upper bound < target, inconclusive otherwise; \"~N runs would decide\" is the analysis's estimate of the runs that would settle an inconclusive verdict, were the pass rate to stay as observed."))],
            [new Span("Numbers: probabilities with two decimals, more where rounding would cross the target or reach 0 or 1; durations to a tenth of a second below a minute, whole seconds above (2m30s); cost is the mean over runs.")],
        ]));
    }

    private static void AppendReproduce(List<ReportBlock> blocks, PlanAnalysis analysis, RunsByConfig runs)
    {
        var plan = analysis.Plan;
        blocks.Add(new HeadingBlock(2, "Reproduce a run"));
        blocks.Add(new ParagraphBlock([new Span("Any run of the plan is one "), new Span("clustersim run", SpanStyle.Code), new Span(" with its seed and the configuration's settings. For each configuration, its first failing run (its first run when none failed):")]));
        foreach (var c in analysis.Configs)
        {
            var own = runs.Of(c.Config.Index);
            var failing = own.Where(r => !r.Passed).ToList();
            long seed = failing.Count > 0 ? failing[0].Seed : own.Count > 0 ? own[0].Seed : plan.SeedOf(0);
            blocks.Add(new ParagraphBlock([
                new Span(PlanFormat.Id(c.Config.Index) + " " + c.Config.Label, SpanStyle.Strong),
                new Span(failing.Count == 0
                    ? ": no run failed."
                    : ": " + PlanFormat.Count(failing.Count) + " of " + PlanFormat.Count(own.Count) + " runs failed; the first "
                        + (failing.Count > FailingSeedsShown ? PlanFormat.Count(FailingSeedsShown) + " failing seeds:" : failing.Count == 1 ? "failing seed:" : "failing seeds:")),
            ]));
            if (failing.Count > 0)
            {
                blocks.Add(new ListBlock(failing.Take(FailingSeedsShown).Select(r => (IReadOnlyList<Span>)[
                    new Span("seed " + PlanFormat.Count(r.Seed)),
                    new Span(r.Failures.Length > 0 ? ": " + r.Failures : ""),
                ]).ToList()));
            }

            var command = "clustersim run " + PlanFormat.ShellWord(plan.ScenarioPath) + " --seed " + PlanFormat.Count(seed)
                + (c.Config.Settings.Count > 0 ? " " + c.Config.SetArguments : "");
            blocks.Add(new CodeBlock([command]));
        }
    }

    private static IReadOnlyList<TableCell> Row(string name, TableCell value) => [new TableCell([new Span(name, SpanStyle.Strong)]), value];

    private static string ValueOf(Configuration c, string key) => c.Settings.FirstOrDefault(s => s.Key == key)?.Value ?? "";
}
