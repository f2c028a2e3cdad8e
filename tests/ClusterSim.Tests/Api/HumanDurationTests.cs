using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Api;

// Cases ported from k8s.io/apimachinery/pkg/util/duration/duration_test.go; each table names its
// Go test. Go durations are written as TimeSpan tick expressions (time.Second => TicksPerSecond).
// Go's "+1" nanosecond offsets become +1 tick (100 ns) here; the internal nanosecond entry points
// are also checked with the exact Go values.
public class HumanDurationTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private const long Sec = TimeSpan.TicksPerSecond;
    private const long Min = TimeSpan.TicksPerMinute;
    private const long Hr = TimeSpan.TicksPerHour;

    // Go: TestHumanDuration
    [Theory]
    [InlineData(Sec, "1s")]
    [InlineData(70 * Sec, "70s")]
    [InlineData(190 * Sec, "3m10s")]
    [InlineData(70 * Min, "70m")]
    [InlineData(47 * Hr, "47h")]
    [InlineData(49 * Hr, "2d1h")]
    [InlineData(((8 * 24) + 2) * Hr, "8d")]
    [InlineData(367 * 24 * Hr, "367d")]
    [InlineData(((365 * 2 * 24) + 25) * Hr, "2y1d")]
    [InlineData(((365 * 8 * 24) + 2) * Hr, "8y")]
    public void HumanDuration_Table(long ticks, string want) =>
        Assert.Equal(want, HumanDuration.Format(TimeSpan.FromTicks(ticks)));

    // Go: TestHumanDurationBoundaries
    [Theory]
    [InlineData(-2 * Sec, "<invalid>")]
    [InlineData((-2 * Sec) + 1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(Sec - Ms, "0s")]
    [InlineData((2 * Min) - Ms, "119s")]
    [InlineData(2 * Min, "2m")]
    [InlineData((2 * Min) + Sec, "2m1s")]
    [InlineData((10 * Min) - Ms, "9m59s")]
    [InlineData(10 * Min, "10m")]
    [InlineData((10 * Min) + Sec, "10m")]
    [InlineData((3 * Hr) - Ms, "179m")]
    [InlineData(3 * Hr, "3h")]
    [InlineData((3 * Hr) + Min, "3h1m")]
    [InlineData((8 * Hr) - Ms, "7h59m")]
    [InlineData(8 * Hr, "8h")]
    [InlineData((8 * Hr) + (59 * Min), "8h")]
    [InlineData((2 * 24 * Hr) - Ms, "47h")]
    [InlineData(2 * 24 * Hr, "2d")]
    [InlineData((2 * 24 * Hr) + Hr, "2d1h")]
    [InlineData((8 * 24 * Hr) - Ms, "7d23h")]
    [InlineData(8 * 24 * Hr, "8d")]
    [InlineData((8 * 24 * Hr) + (23 * Hr), "8d")]
    [InlineData((2 * 365 * 24 * Hr) - Ms, "729d")]
    [InlineData(2 * 365 * 24 * Hr, "2y")]
    [InlineData((2 * 365 * 24 * Hr) + (23 * Hr), "2y")]
    [InlineData((2 * 365 * 24 * Hr) + (23 * Hr) + (59 * Min), "2y")]
    [InlineData((2 * 365 * 24 * Hr) + (24 * Hr) - Ms, "2y")]
    [InlineData((2 * 365 * 24 * Hr) + (24 * Hr), "2y1d")]
    [InlineData(3 * 365 * 24 * Hr, "3y")]
    [InlineData(4 * 365 * 24 * Hr, "4y")]
    [InlineData(5 * 365 * 24 * Hr, "5y")]
    [InlineData(6 * 365 * 24 * Hr, "6y")]
    [InlineData(7 * 365 * 24 * Hr, "7y")]
    [InlineData((8 * 365 * 24 * Hr) - Ms, "7y364d")]
    [InlineData(8 * 365 * 24 * Hr, "8y")]
    [InlineData((8 * 365 * 24 * Hr) + (364 * 24 * Hr), "8y")]
    [InlineData(9 * 365 * 24 * Hr, "9y")]
    public void HumanDuration_Boundaries(long ticks, string want) =>
        Assert.Equal(want, HumanDuration.Format(TimeSpan.FromTicks(ticks)));

    // Go: TestShortHumanDurationBoundaries
    [Theory]
    [InlineData(-2 * Sec, "<invalid>")]
    [InlineData((-2 * Sec) + 1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(Sec - Ms, "0s")]
    [InlineData(Sec, "1s")]
    [InlineData((2 * Sec) - Ms, "1s")]
    [InlineData(Min - Ms, "59s")]
    [InlineData(Min, "1m")]
    [InlineData((2 * Min) - Ms, "1m")]
    [InlineData(Hr - Ms, "59m")]
    [InlineData(Hr, "1h")]
    [InlineData((2 * Hr) - Ms, "1h")]
    [InlineData((24 * Hr) - Ms, "23h")]
    [InlineData(24 * Hr, "1d")]
    [InlineData((2 * 24 * Hr) - Ms, "1d")]
    [InlineData((365 * 24 * Hr) - Ms, "364d")]
    [InlineData(365 * 24 * Hr, "1y")]
    [InlineData((2 * 365 * 24 * Hr) - Ms, "1y")]
    [InlineData(2 * 365 * 24 * Hr, "2y")]
    public void ShortHumanDuration_Boundaries(long ticks, string want) =>
        Assert.Equal(want, HumanDuration.ShortHumanDuration(TimeSpan.FromTicks(ticks)));

    // Go: the "-2*time.Second + 1" rows, with the exact one-nanosecond offset.
    [Fact]
    public void NanosecondEntryPoints_MatchGoExactly()
    {
        const long second = 1_000_000_000;
        Assert.Equal("<invalid>", HumanDuration.HumanDurationNanoseconds(-2 * second));
        Assert.Equal("0s", HumanDuration.HumanDurationNanoseconds((-2 * second) + 1));
        Assert.Equal("<invalid>", HumanDuration.ShortHumanDurationNanoseconds(-2 * second));
        Assert.Equal("0s", HumanDuration.ShortHumanDurationNanoseconds((-2 * second) + 1));
        Assert.Equal("292y", HumanDuration.HumanDurationNanoseconds(long.MaxValue));
        Assert.Equal("292y", HumanDuration.ShortHumanDurationNanoseconds(long.MaxValue));
    }

    // Examples from the ClusterSim brief (kubectl AGE column).
    [Theory]
    [InlineData(11 * Sec, "11s")]
    [InlineData(5 * Min, "5m")]
    [InlineData((5 * Min) + (30 * Sec), "5m30s")]
    [InlineData(51 * Hr, "2d3h")]
    [InlineData(((3 * 365) + 45) * 24 * Hr, "3y45d")]
    public void HumanDuration_Examples(long ticks, string want) =>
        Assert.Equal(want, HumanDuration.Format(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData(11 * Sec, "11s")]
    [InlineData((5 * Min) + (30 * Sec), "5m")]
    [InlineData(51 * Hr, "2d")]
    [InlineData(((3 * 365) + 45) * 24 * Hr, "3y")]
    public void ShortHumanDuration_Examples(long ticks, string want) =>
        Assert.Equal(want, HumanDuration.ShortHumanDuration(TimeSpan.FromTicks(ticks)));

    // TimeSpans beyond Go's int64-nanosecond range saturate like Go's Time.Sub.
    [Fact]
    public void TimeSpanBeyondGoRange_Saturates()
    {
        Assert.Equal("292y", HumanDuration.Format(TimeSpan.MaxValue));
        Assert.Equal("292y", HumanDuration.ShortHumanDuration(TimeSpan.MaxValue));
        Assert.Equal("<invalid>", HumanDuration.Format(TimeSpan.MinValue));
        Assert.Equal("<invalid>", HumanDuration.ShortHumanDuration(TimeSpan.MinValue));
    }
}
