using System.Globalization;
using System.Text;
using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Metrics;
using CsvHelper;
using CsvHelper.Configuration;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// configs.csv: one row per configuration in grid order: `config`, one column per axis key, `runs, passed,
/// pass_point, pass_lower, pass_upper, pass_method, verdict, runs_to_decide, cost, node_hours`, then per metric of
/// <see cref="MetricCatalog.All"/>: `_mean, _p50, _p95, _p95_lower, _p95_upper, _p99, _p99_lower, _p99_upper`.
/// Numbers in round-trip form; an empty cell where a value does not exist (a bound from too few runs, no
/// runs-to-decide, a metric the analysis did not summarize). Verdicts are lower case: meets, inconclusive, fails.
/// </summary>
internal static class ConfigsCsv
{
    /// <summary>The suffixes of each metric's columns, in order.</summary>
    public static readonly IReadOnlyList<string> MetricSuffixes = ["mean", "p50", "p95", "p95_lower", "p95_upper", "p99", "p99_lower", "p99_upper"];

    /// <summary>The CSV as UTF-8 bytes (no byte order mark), "\n" line ends.</summary>
    public static byte[] Render(PlanAnalysis analysis)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }, leaveOpen: true))
        {
            var header = new List<string> { "config" };
            header.AddRange(analysis.Plan.Axes.Select(a => a.Key));
            header.AddRange(["runs", "passed", "pass_point", "pass_lower", "pass_upper", "pass_method", "verdict", "runs_to_decide", "cost", "node_hours"]);
            header.AddRange(MetricCatalog.All.SelectMany(m => MetricSuffixes.Select(s => m.Name + "_" + s)));
            foreach (var h in header)
            {
                csv.WriteField(h);
            }

            csv.NextRecord();
            foreach (var c in analysis.Configs)
            {
                csv.WriteField(c.Config.Index.ToString(CultureInfo.InvariantCulture));
                foreach (var axis in analysis.Plan.Axes)
                {
                    csv.WriteField(c.Config.Settings.FirstOrDefault(s => s.Key == axis.Key)?.Value ?? "");
                }

                csv.WriteField(c.Runs.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(c.Pass.Successes.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(Formatting.Number(c.Pass.Point));
                csv.WriteField(Formatting.Number(c.Pass.Lower));
                csv.WriteField(Formatting.Number(c.Pass.Upper));
                csv.WriteField(c.Pass.Method);
                csv.WriteField(c.Verdict.ToString().ToLowerInvariant());
                csv.WriteField(c.RunsToDecide?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(Formatting.Number(c.Cost));
                csv.WriteField(Formatting.Number(c.NodeHours));
                foreach (var metric in MetricCatalog.All)
                {
                    var m = c.Metrics.FirstOrDefault(s => s.Metric == metric.Name);
                    foreach (var v in m is null ? new double?[MetricSuffixes.Count] : [m.Mean, m.P50.Point, m.P95.Point, m.P95.Lower, m.P95.Upper, m.P99.Point, m.P99.Lower, m.P99.Upper])
                    {
                        csv.WriteField(v is { } x ? Formatting.Number(x) : "");
                    }
                }

                csv.NextRecord();
            }
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }
}
