using System.Buffers;
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
        using var csv = new TimeSeriesCsv(writer);
        foreach (var s in result.Samples)
        {
            csv.Row(s);
        }
    }

    /// <summary>A CSV writer over <paramref name="writer"/> with the outputs' settings; disposing it flushes, and leaves <paramref name="writer"/> open.</summary>
    internal static CsvWriter Open(TextWriter writer) => new(writer, Config, leaveOpen: true);

    internal static void EventsHeader(CsvWriter csv) => Header(csv, EventColumns);

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

    /// <summary>
    /// timeseries.csv, the output that grows with nodes x samples (5,000 nodes give 30,000 rows a sample): a row whose
    /// kind, namespace, name and metric are plain (letters, digits and <c>._/:-</c>, which Kubernetes names and the metric
    /// paths are) is written straight to the text writer, with the sample time formatted once per instant, since CsvHelper
    /// quotes no such field; any other row goes through CsvHelper as before. Same bytes, several times faster.
    /// </summary>
    internal sealed class TimeSeriesCsv : IDisposable
    {
        private static readonly SearchValues<char> PlainChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/:-");

        private readonly TextWriter _writer;
        private readonly CsvWriter _csv;
        private readonly char[] _line = new char[512];
        private long _time = -1;
        private string _timeText = "";
        private string? _plainKind;
        private string? _plainNamespace;
        private string? _plainName;
        private string? _plainMetric;

        /// <summary>Writes the header to <paramref name="writer"/>, which stays open when this is disposed.</summary>
        public TimeSeriesCsv(TextWriter writer)
        {
            _writer = writer;
            _csv = Open(writer);
            Header(_csv, SampleColumns);
            _csv.Flush();
        }

        public void Row(in Sample s)
        {
            if (s.TimeTicks != _time)
            {
                _time = s.TimeTicks;
                _timeText = Formatting.Seconds(s.TimeTicks);
            }

            if (!Plain(s.Kind, ref _plainKind) || !Plain(s.Namespace, ref _plainNamespace) || !Plain(s.Name, ref _plainName) || !Plain(s.Metric, ref _plainMetric) || !TryLine(s, out int length))
            {
                SampleRow(_csv, s);
                _csv.Flush();
                return;
            }

            _writer.Write(_line, 0, length);
        }

        public void Dispose() => _csv.Dispose();

        /// <summary>Whether the field is plain; the last plain string seen in each column is remembered (rows repeat the same kind, namespace and metric strings).</summary>
        private static bool Plain(string field, ref string? lastPlain)
        {
            if (ReferenceEquals(field, lastPlain))
            {
                return true;
            }

            if (field.AsSpan().ContainsAnyExcept(PlainChars))
            {
                return false;
            }

            lastPlain = field;
            return true;
        }

        /// <summary>The row in <see cref="_line"/>: fields joined by commas, ending with LF, the value as Formatting.Number writes it.</summary>
        private bool TryLine(in Sample s, out int length)
        {
            var line = _line.AsSpan();
            length = 0;
            foreach (var field in (ReadOnlySpan<string>)[_timeText, s.Kind, s.Namespace, s.Name, s.Metric])
            {
                if (field.Length + 1 > line.Length - length)
                {
                    return false;
                }

                field.AsSpan().CopyTo(line[length..]);
                length += field.Length;
                line[length++] = ',';
            }

            // "R", invariant culture: what Formatting.Number gives. Most values are counts: a whole number below 1e15
            // (other than -0) prints as its digits in "R", which long formatting gives faster.
            double v = s.Value;
            int written;
            bool formatted = v == Math.Floor(v) && Math.Abs(v) < 1e15 && !(v == 0 && double.IsNegative(v))
                ? ((long)v).TryFormat(line[length..], out written, default, CultureInfo.InvariantCulture)
                : v.TryFormat(line[length..], out written, "R", CultureInfo.InvariantCulture);
            if (!formatted || length + written + 1 > line.Length)
            {
                return false;
            }

            length += written;
            line[length++] = '\n';
            return true;
        }
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
