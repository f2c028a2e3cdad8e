using System.Globalization;
using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;
using CsvHelper;
using CsvHelper.Configuration;

namespace ClusterSim.Planning.Sweeping;

/// <summary>
/// runs.csv: one row per run, `config,run,seed,AXIS...,passed,failures,METRIC...` with the configuration's axis
/// values and every metric of <see cref="MetricCatalog"/>. Numbers are written in round-trip form, so a merge
/// that reads shards' files back gets exactly the values the runs measured, and writes the same bytes.
/// </summary>
public static class RunsCsv
{
    private static CsvConfiguration Config => new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>The header row's fields for a plan with these axes.</summary>
    public static IReadOnlyList<string> Header(PlanDescription plan) =>
        ["config", "run", "seed", .. plan.Axes.Select(a => a.Key), "passed", "failures", .. MetricCatalog.All.Select(m => m.Name)];

    /// <summary>The file's text for <paramref name="records"/>, in the order given.</summary>
    public static string Write(PlanDescription plan, IEnumerable<RunRecord> records)
    {
        var inv = CultureInfo.InvariantCulture;
        using var writer = new StringWriter(inv) { NewLine = "\n" };
        using (var csv = new CsvWriter(writer, Config, leaveOpen: true))
        {
            foreach (var h in Header(plan))
            {
                csv.WriteField(h);
            }

            csv.NextRecord();
            foreach (var r in records)
            {
                csv.WriteField(r.Config.ToString(inv));
                csv.WriteField(r.Run.ToString(inv));
                csv.WriteField(r.Seed.ToString(inv));
                foreach (var s in plan.Configurations[r.Config].Settings)
                {
                    csv.WriteField(s.Value);
                }

                csv.WriteField(r.Passed ? "true" : "false");
                csv.WriteField(r.Failures);
                foreach (var v in r.Values)
                {
                    csv.WriteField(v.ToString("R", inv));
                }

                csv.NextRecord();
            }
        }

        return writer.ToString();
    }

    /// <summary>Reads a runs.csv written by <see cref="Write"/> for the same plan; null and the reason (with the line) when it is not one.</summary>
    public static IReadOnlyList<RunRecord>? Read(PlanDescription plan, string text, string file, out string? error)
    {
        error = null;
        var inv = CultureInfo.InvariantCulture;
        var header = Header(plan);
        var records = new List<RunRecord>();
        using var reader = new StringReader(text);
        using var csv = new CsvParser(reader, Config);
        int line = 0;
        while (csv.Read())
        {
            line++;
            var row = csv.Record ?? [];
            if (line == 1)
            {
                if (!row.SequenceEqual(header, StringComparer.Ordinal))
                {
                    error = $"{file}:1: the header is not this plan's ({string.Join(",", header)})";
                    return null;
                }

                continue;
            }

            int axes = plan.Axes.Count;
            if (row.Length != header.Count
                || !int.TryParse(row[0], NumberStyles.None, inv, out int config) || config >= plan.Configurations.Count
                || !int.TryParse(row[1], NumberStyles.None, inv, out int run) || run >= plan.Runs
                || !long.TryParse(row[2], NumberStyles.AllowLeadingSign, inv, out long seed) || seed != plan.SeedOf(run)
                || row[3 + axes] is not ("true" or "false"))
            {
                error = $"{file}:{line}: not a run of this plan";
                return null;
            }

            var values = new double[MetricCatalog.All.Count];
            for (int m = 0; m < values.Length; m++)
            {
                if (!double.TryParse(row[5 + axes + m], NumberStyles.Float, inv, out values[m]))
                {
                    error = $"{file}:{line}: {MetricCatalog.All[m].Name}: expected a number, got \"{row[5 + axes + m]}\"";
                    return null;
                }
            }

            records.Add(new RunRecord(config, run, seed, row[3 + axes] == "true", row[4 + axes], values));
        }

        if (line == 0)
        {
            error = $"{file}: empty (expected the header {string.Join(",", header)})";
            return null;
        }

        return records;
    }
}
