using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Scenarios;

/// <summary>The interim Go duration parser: time.ParseDuration's grammar and error texts.</summary>
public class DurationsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("500ms", 5_000_000)]
    [InlineData("90s", 900_000_000)]
    [InlineData("1m30s", 900_000_000)]
    [InlineData("2h", 72_000_000_000)]
    [InlineData("1.5h", 54_000_000_000)]
    [InlineData(".5s", 5_000_000)]
    [InlineData("1h2m3s4ms5us6ns", 37_230_040_050)]
    [InlineData("-1m", -600_000_000)]
    [InlineData("+3s", 30_000_000)]
    [InlineData("2\u00b5s", 20)]
    public void Parses(string text, long ticks)
    {
        Assert.True(Durations.TryParse(text, out var value, out var error), error);
        Assert.Equal(ticks, value.Ticks);
    }

    [Theory]
    [InlineData("5 minutes", "time: unknown unit \" minutes\" in duration \"5 minutes\"")]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("m", "time: invalid duration \"m\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("9999999999h", "time: invalid duration \"9999999999h\"")]
    public void Errors(string text, string message)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(900_000_000, "1m30s")]
    [InlineData(72_000_000_000, "2h0m0s")]
    [InlineData(5_000_000, "500ms")]
    [InlineData(15_000_000, "1.5s")]
    [InlineData(20, "2\u00b5s")]
    [InlineData(-600_000_000, "-1m0s")]
    public void FormatsLikeGo(long ticks, string text) => Assert.Equal(text, Durations.Format(TimeSpan.FromTicks(ticks)));
}
