using System.Globalization;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;
using CsvHelper;
using CsvHelper.Configuration;

namespace ClusterSim.Reports;

/// <summary>
/// events.csv and timeseries.csv, written with CsvHelper (RFC 4180 quoting, invariant culture, LF line ends), either
/// whole from a <see cref="RunResult"/> or a header and then row by row while a run makes them (<see cref="RunOutputFiles"/>):
/// the same functions write both, so the bytes are the same.
/// </summary>
public static class CsvWriters
{
    private static readonly string[] EventColumns = ["time_s", "namespace", "kind", "name", "type", "reason", "message", "source"];
    private static readonly string[] SampleColumns = ["time_s", "kind", "namespace", "name", "metric", "value"];

    private static CsvConfiguration Config => new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>`time_s,namespace,kind,name,type,reason,message,source`, one row per event occurrence.</summary>
    public static void WriteEvents(TextWriter writer, RunResult result)
    {
        using var csv = Open(writer);
        EventsHeader(csv);
        foreach (var (time, e) in result.Events)
        {
            EventRow(csv, time, e);
        }
    }

    /// <summary>`time_s,kind,namespace,name,metric,value`, long format.</summary>
    public static void WriteTimeSeries(TextWriter writer, RunResult result)
    {
        using var csv = Open(writer);
        TimeSeriesHeader(csv);
        foreach (var s in result.Samples)
        {
            SampleRow(csv, s);
        }
    }

    /// <summary>A CSV writer over <paramref name="writer"/> with the outputs' settings; disposing it flushes, and leaves <paramref name="writer"/> open.</summary>
    internal static CsvWriter Open(TextWriter writer) => new(writer, Config, leaveOpen: true);

    internal static void EventsHeader(CsvWriter csv) => Header(csv, EventColumns);

    internal static void TimeSeriesHeader(CsvWriter csv) => Header(csv, SampleColumns);

    internal static void EventRow(CsvWriter csv, TimeSpan time, KubeEvent e)
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

    internal static void SampleRow(CsvWriter csv, in Sample s)
    {
        csv.WriteField(Formatting.Seconds(s.TimeTicks));
        csv.WriteField(s.Kind);
        csv.WriteField(s.Namespace);
        csv.WriteField(s.Name);
        csv.WriteField(s.Metric);
        csv.WriteField(Formatting.Number(s.Value));
        csv.NextRecord();
    }

    private static void Header(CsvWriter csv, string[] columns)
    {
        foreach (var h in columns)
        {
            csv.WriteField(h);
        }

        csv.NextRecord();
    }
}
