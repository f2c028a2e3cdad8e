using System.Globalization;
using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;

namespace ClusterSim.Tests.Planning.Reports;

/// <summary>
/// A plan analysis and its runs made by hand, for the report writer's tests: bigger configurations pass more
/// often, recover faster and serve more. The statistics are rough stand-ins (the writer only prints them).
/// </summary>
internal static class PlanFixture
{
    public const string CountKey = "nodes.worker.count";
    public const string CpuKey = "nodes.worker.capacity.cpu";
    public const string ZoneKey = "nodes.worker.zones";

    /// <summary>2 x 3 configurations: worker count 3, 4 by CPU 2, 4, 8.</summary>
    public static IReadOnlyList<Axis> TwoAxes => [new(CountKey, ["3", "4"]), new(CpuKey, ["2", "4", "8"])];

    /// <summary>Builds the analysis of a plan over <paramref name="axes"/> with <paramref name="runs"/> runs per configuration.</summary>
    /// <param name="pricedByCpu">Cost in USD by CPU-hour; else in node-hours (then configurations of one count cost the same).</param>
    public static (PlanAnalysis Analysis, IReadOnlyList<RunRecord> Runs) Build(IReadOnlyList<Axis> axes, int runs = 20, long baseSeed = 1000, bool pricedByCpu = true)
    {
        var configurations = Grid(axes);
        var plan = new PlanDescription(
            Name: "checkout-capacity",
            ScenarioPath: "scenarios/checkout zone outage.yaml",
            ScenarioName: "checkout-zone-outage",
            BaseSeed: baseSeed,
            Runs: runs,
            Target: 0.8,
            PointVerdicts: false,
            Axes: axes,
            Configurations: configurations,
            Expectations: true,
            RunObjectives: ["servedFraction >= 0.999"],
            QuantileObjectives: ["recoveryTime.p50 <= 5m"],
            CostUnit: pricedByCpu ? "USD" : "node-hours",
            CostTable: pricedByCpu ? "a worker costs 0.05 USD per CPU per hour" : "every node costs 1 per hour");

        var records = new List<RunRecord>();
        foreach (var c in configurations)
        {
            double strength = Strength(c, axes);
            var random = new Random(7919 + c.Index);
            for (int i = 0; i < runs; i++)
            {
                double u = random.NextDouble();
                double recovery = Math.Round(40 + (520 * (1 - strength) * random.NextDouble()), 1);
                double served = 1 - ((1 - strength) * 0.004 * random.NextDouble());
                bool passed = u < 0.55 + (0.47 * strength) && served >= 0.999;
                var values = new double[MetricCatalog.All.Count];
                values[MetricCatalog.IndexOf(MetricCatalog.ServedFraction)] = served;
                values[MetricCatalog.IndexOf(MetricCatalog.RecoveryTime)] = recovery;
                values[MetricCatalog.IndexOf(MetricCatalog.PeakUnservedRps)] = Math.Round((1 - served) * 20000, 1);
                values[MetricCatalog.IndexOf(MetricCatalog.CapacityFaults)] = 1;
                values[MetricCatalog.IndexOf(MetricCatalog.NodeHours)] = NodeCount(c) * 2;
                values[MetricCatalog.IndexOf(MetricCatalog.Cost)] = pricedByCpu ? NodeCount(c) * 2 * Cpu(c) * 0.05 : NodeCount(c) * 2;
                values[MetricCatalog.IndexOf(MetricCatalog.PeakCpuRequested)] = Math.Min(1, 3.0 / (NodeCount(c) * Cpu(c)));
                values[MetricCatalog.IndexOf(MetricCatalog.ExpectationsFailed)] = passed ? 0 : 1;
                records.Add(new RunRecord(c.Index, i, plan.SeedOf(i), passed, passed ? "" : "expectation at scenario.yaml:41 (ready | available)", values));
            }
        }

        var summaries = configurations.Select(c => Summarize(plan, c, records.Where(r => r.Config == c.Index).ToList())).ToList();

        // Paired comparison against the next-cheaper configuration, on the shared seeds.
        var byCost = summaries.OrderBy(s => s.Cost).ThenBy(s => s.Config.Index).ToList();
        for (int i = 1; i < byCost.Count; i++)
        {
            var cheaper = byCost[i - 1];
            var mine = records.Where(r => r.Config == byCost[i].Config.Index).ToList();
            var theirs = records.Where(r => r.Config == cheaper.Config.Index).ToList();
            int onlyThis = mine.Count(r => r.Passed && !theirs[r.Run].Passed);
            int onlyCheaper = mine.Count(r => !r.Passed && theirs[r.Run].Passed);
            var comparison = new PairedComparison(cheaper.Config.Index, onlyThis, onlyCheaper, McNemar(onlyThis, onlyCheaper));
            int at = summaries.FindIndex(s => s.Config.Index == byCost[i].Config.Index);
            summaries[at] = summaries[at] with { VersusCheaper = comparison };
        }

        var recommended = summaries.Where(s => s.Verdict == Verdict.Meets).OrderBy(s => s.Cost).ThenBy(s => s.Config.Index).FirstOrDefault();
        string answer = recommended is null
            ? "No configuration meets every objective with >= 80% probability."
            : string.Create(CultureInfo.InvariantCulture, $"Smallest configuration meeting every objective with >= 80% probability: {recommended.Config.Label} ({recommended.Cost:0.##} {plan.CostUnit}; pass {recommended.Pass.Point:0.00} [{recommended.Pass.Lower:0.00}, {recommended.Pass.Upper:0.00}]).");
        var notes = new List<string>
        {
            "With 20 runs a configuration that passed every run is shown to pass at least 83% of the time: a 95% target would need at least 72 runs.",
            "Inconclusive configurations straddle the target: their interval contains 0.8, so more runs would tell.",
        };
        return (new PlanAnalysis(plan, summaries, recommended?.Config.Index, answer, notes), records);
    }

    private static List<Configuration> Grid(IReadOnlyList<Axis> axes)
    {
        var combos = new List<List<Setting>> { new() };
        foreach (var axis in axes)
        {
            combos = combos.SelectMany(prefix => axis.Values.Select(v => prefix.Append(new Setting(axis.Key, v)).ToList())).ToList();
        }

        return combos.Select((s, i) => new Configuration(i, s)).ToList();
    }

    private static double Strength(Configuration c, IReadOnlyList<Axis> axes)
    {
        if (axes.Count == 0)
        {
            return 0.7;
        }

        double sum = 0;
        foreach (var s in c.Settings)
        {
            var axis = axes.First(a => a.Key == s.Key);
            sum += axis.Values.Count == 1 ? 1 : axis.Values.ToList().IndexOf(s.Value) / (double)(axis.Values.Count - 1);
        }

        return sum / c.Settings.Count;
    }

    private static double NodeCount(Configuration c) =>
        double.Parse(c.Settings.FirstOrDefault(s => s.Key == CountKey)?.Value ?? "3", CultureInfo.InvariantCulture);

    private static double Cpu(Configuration c) =>
        double.Parse(c.Settings.FirstOrDefault(s => s.Key == CpuKey)?.Value ?? "2", CultureInfo.InvariantCulture);

    private static ConfigSummary Summarize(PlanDescription plan, Configuration c, List<RunRecord> runs)
    {
        int n = runs.Count, k = runs.Count(r => r.Passed);
        var pass = Proportion(k, n);
        var metrics = MetricCatalog.All.Select(m => Metric(m.Name, runs.Select(r => r.Value(m.Name)).Order().ToArray())).ToList();
        var p50 = metrics.First(m => m.Metric == MetricCatalog.RecoveryTime).P50;
        var passVerdict = pass.Lower >= plan.Target ? Verdict.Meets : pass.Upper < plan.Target ? Verdict.Fails : Verdict.Inconclusive;
        var recoveryVerdict = p50.Upper is { } u && u <= 300 ? Verdict.Meets : p50.Lower is { } l && l > 300 ? Verdict.Fails : Verdict.Inconclusive;
        var objectives = new List<ObjectiveOutcome>
        {
            new("P(run passes) >= 0.8", passVerdict, string.Create(CultureInfo.InvariantCulture, $"{pass.Point:0.00} [{pass.Lower:0.00}, {pass.Upper:0.00}] vs 0.8")),
            new("recoveryTime.p50 <= 5m", recoveryVerdict, string.Create(CultureInfo.InvariantCulture, $"p50 {p50.Point:0}s [{p50.Lower?.ToString("0", CultureInfo.InvariantCulture) ?? "n/a"}, {p50.Upper?.ToString("0", CultureInfo.InvariantCulture) ?? "n/a"}] vs 300s")),
        };
        var verdict = objectives.Max(o => o.Verdict);
        double nodeHours = runs.Average(r => r.Value(MetricCatalog.NodeHours));
        double cost = runs.Average(r => r.Value(MetricCatalog.Cost));
        return new ConfigSummary(c, n, cost, nodeHours, pass, metrics, objectives, verdict,
            verdict == Verdict.Inconclusive ? 60 : null, null);
    }

    private static ProportionEstimate Proportion(int k, int n)
    {
        if (k == 0 || k == n)
        {
            // Clopper-Pearson at the edges: (alpha/2)^(1/n).
            double edge = Math.Pow(0.025, 1.0 / n);
            return k == 0 ? new(k, n, 0, 0, 1 - edge, "Clopper-Pearson") : new(k, n, 1, edge, 1, "Clopper-Pearson");
        }

        const double z = 1.959963984540054;
        double p = k / (double)n;
        double denominator = 1 + (z * z / n);
        double centre = (p + (z * z / (2 * n))) / denominator;
        double half = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4.0 * n * n))) / denominator;
        return new(k, n, p, centre - half, centre + half, "Wilson");
    }

    private static MetricSummary Metric(string name, double[] sorted) => new(
        name, sorted.Average(), sorted[0], sorted[^1], Quantile(sorted, 0.5), Quantile(sorted, 0.95), Quantile(sorted, 0.99));

    private static QuantileEstimate Quantile(double[] sorted, double p)
    {
        int n = sorted.Length;
        int k = Math.Clamp((int)Math.Ceiling(p * n) - 1, 0, n - 1);
        return new(p, sorted[k], k - 3 >= 0 ? sorted[k - 3] : null, k + 3 < n ? sorted[k + 3] : null);
    }

    private static double McNemar(int b, int c)
    {
        int n = b + c;
        if (n == 0)
        {
            return 1;
        }

        double tail = 0;
        for (int i = 0; i <= Math.Min(b, c); i++)
        {
            tail += Math.Exp(LogChoose(n, i) - (n * Math.Log(2)));
        }

        return Math.Min(1, 2 * tail);
    }

    private static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 1; i <= k; i++)
        {
            s += Math.Log(n - k + i) - Math.Log(i);
        }

        return s;
    }
}
