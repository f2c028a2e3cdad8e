using ClusterSim.Planning.Statistics;

namespace ClusterSim.Tests.Planning.Statistics;

/// <summary>A metric's summary: mean, extremes and the three quantiles with their order-statistic intervals.</summary>
public class MetricSummarizerTests
{
    [Fact]
    public void OneToAHundred()
    {
        // Reversed, so the summarizer must sort a copy; the input stays as it was.
        var values = Enumerable.Range(1, 100).Select(i => (double)(101 - i)).ToArray();
        double[] copy = [.. values];
        var s = MetricSummarizer.Summarize("recoveryTime", values);
        Assert.Equal(copy, values);

        Assert.Equal("recoveryTime", s.Metric);
        Assert.Equal(50.5, s.Mean, 12);
        Assert.Equal(1.0, s.Min);
        Assert.Equal(100.0, s.Max);
        // Type 1: X(ceil(n p)); intervals X(40)..X(61), X(90)..X(100), X(97)..(none), see QuantileIntervalTests.
        Assert.Equal(new(0.50, 50.0, 40.0, 61.0), s.P50);
        Assert.Equal(new(0.95, 95.0, 90.0, 100.0), s.P95);
        Assert.Equal(new(0.99, 99.0, 97.0, null), s.P99);
    }

    [Fact]
    public void OneRun()
    {
        var s = MetricSummarizer.Summarize("cost", [4.5]);
        Assert.Equal((4.5, 4.5, 4.5), (s.Mean, s.Min, s.Max));
        Assert.Equal(new(0.5, 4.5, null, null), s.P50);
    }

    [Fact]
    public void TheOrderOfRunsDoesNotMatter()
    {
        double[] a = [0.1, 0.7, 0.2, 1e9, 0.3, -5, 0.3];
        double[] b = [.. a.Reverse()];
        Assert.Equal(MetricSummarizer.Summarize("m", a), MetricSummarizer.Summarize("m", b));
    }

    [Fact]
    public void EmptyThrows()
    {
        Assert.Throws<ArgumentException>(() => MetricSummarizer.Summarize("m", []));
    }
}
