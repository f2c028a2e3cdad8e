using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Scenarios;

/// <summary>Kubernetes quantity syntax and milli values (rounded up), as resource.ParseQuantity.</summary>
public class QuantityTextTests
{
    [Theory]
    [InlineData("100m", 100)]
    [InlineData("0.5", 500)]
    [InlineData("2", 2000)]
    [InlineData("128Mi", 134_217_728_000)]
    [InlineData("1Gi", 1_073_741_824_000)]
    [InlineData("500M", 500_000_000_000)]
    [InlineData("1e9", 1_000_000_000_000)]
    [InlineData("1E3", 1_000_000)]
    [InlineData("1.5k", 1_500_000)]
    [InlineData("1n", 1)]
    [InlineData("0.1m", 1)]
    [InlineData("-1", -1000)]
    [InlineData("+2", 2000)]
    [InlineData("5.", 5000)]
    public void Parses(string text, long milli)
    {
        Assert.True(QuantityText.TryParse(text, out var q, out var error), error);
        Assert.Equal(milli, q.MilliValue());
    }

    [Theory]
    [InlineData("abc", QuantityText.FormatError)]
    [InlineData("", QuantityText.FormatError)]
    [InlineData("1.5.5", QuantityText.FormatError)]
    [InlineData("1 Gi", QuantityText.FormatError)]
    [InlineData("1Gb", QuantityText.FormatError)]
    [InlineData("1ki", QuantityText.SuffixError)]
    [InlineData("1mi", QuantityText.SuffixError)]
    public void Errors(string text, string message)
    {
        Assert.False(QuantityText.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }
}
