using ClusterSim.Reports;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Tests.Reports;

/// <summary>The streamed time-series rows print every value as Formatting.Number does ("R"), whole numbers included.</summary>
public class TimeSeriesCsvTests
{
    [Fact]
    public void EveryKindOfValuePrintsAsFormattingNumber()
    {
        double[] values = [0.0, -0.0, 30.0, -5.0, 17179869184.0, 99999999999999.0, 999999999999999.0, 1e15, -1e15, 1e16, 0.1, 123.456, 1.5e-7, double.MaxValue, double.NaN, double.PositiveInfinity];
        foreach (var value in values)
        {
            AValuePrintsAsFormattingNumber(value);
        }
    }

    private static void AValuePrintsAsFormattingNumber(double value)
    {
        using var text = new StringWriter { NewLine = "\n" };
        using (var csv = new CsvWriters.TimeSeriesCsv(text))
        {
            csv.Row(new Sample(TimeSpan.FromSeconds(15).Ticks, "Node", "", "node-1", "status.pods", value));
        }

        var lines = text.ToString().Split('\n');
        Assert.Equal("15,Node,,node-1,status.pods," + Formatting.Number(value), lines[1]);
    }
}
