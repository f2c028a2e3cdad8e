using System.Globalization;
using ClusterSim.Scenarios.Running;
using CsvHelper;
using CsvHelper.Configuration;

namespace ClusterSim.Reports;

/// <summary>events.csv and timeseries.csv, written with CsvHelper (RFC 4180 quoting, invariant culture, LF line ends).</summary>
public static class CsvWriters
{
    private static CsvConfiguration Config => new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>`time_s,namespace,kind,name,type,reason,message,source`, one row per event occurrence.</summary>
    public static void WriteEvents(TextWriter writer, RunResult result)
    {
        using var csv = new CsvWriter(writer, Config, leaveOpen: true);
        foreach (var h in new[] { "time_s", "namespace", "kind", "name", "type", "reason", "message", "source" })
        {
            csv.WriteField(h);
        }

        csv.NextRecord();
        foreach (var (time, e) in result.Events)
        {
            csv.WriteField(Formatting.Seconds(time));
            csv.WriteField(e.InvolvedNamespace);
            csv.WriteField(e.InvolvedKind);
            csv.WriteField(e.InvolvedName);
            csv.WriteField(e.Type);
            csv.WriteField(e.Reason);
            csv.WriteField(e.Message);
            csv.WriteField(e.Host.Length > 0 ? e.Source + ", " + e.Host : e.Source);
            csv.NextRecord();
        }
    }

    /// <summary>`time_s,kind,namespace,name,metric,value`, long format.</summary>
    public static void WriteTimeSeries(TextWriter writer, RunResult result)
    {
        using var csv = new CsvWriter(writer, Config, leaveOpen: true);
        foreach (var h in new[] { "time_s", "kind", "namespace", "name", "metric", "value" })
        {
            csv.WriteField(h);
        }

        csv.NextRecord();
        foreach (var s in result.Samples)
        {
            csv.WriteField(Formatting.Seconds(s.TimeTicks));
            csv.WriteField(s.Kind);
            csv.WriteField(s.Namespace);
            csv.WriteField(s.Name);
            csv.WriteField(s.Metric);
            csv.WriteField(Formatting.Number(s.Value));
            csv.NextRecord();
        }
    }
}
