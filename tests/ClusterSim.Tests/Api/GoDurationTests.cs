using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Api;

// Cases ported from Go's src/time/time_test.go (parseDurationTests, parseDurationErrorTests,
// durationTests); each table names its Go test.
public class GoDurationTests
{
    private const long Nanosecond = 1;
    private const long Microsecond = 1000 * Nanosecond;
    private const long Millisecond = 1000 * Microsecond;
    private const long Second = 1000 * Millisecond;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;

    // Go: TestParseDuration (parseDurationTests)
    [Theory]
    // simple
    [InlineData("0", 0)]
    [InlineData("5s", 5 * Second)]
    [InlineData("30s", 30 * Second)]
    [InlineData("1478s", 1478 * Second)]
    // sign
    [InlineData("-5s", -5 * Second)]
    [InlineData("+5s", 5 * Second)]
    [InlineData("-0", 0)]
    [InlineData("+0", 0)]
    // decimal
    [InlineData("5.0s", 5 * Second)]
    [InlineData("5.6s", (5 * Second) + (600 * Millisecond))]
    [InlineData("5.s", 5 * Second)]
    [InlineData(".5s", 500 * Millisecond)]
    [InlineData("1.0s", 1 * Second)]
    [InlineData("1.00s", 1 * Second)]
    [InlineData("1.004s", (1 * Second) + (4 * Millisecond))]
    [InlineData("1.0040s", (1 * Second) + (4 * Millisecond))]
    [InlineData("100.00100s", (100 * Second) + (1 * Millisecond))]
    // different units
    [InlineData("10ns", 10 * Nanosecond)]
    [InlineData("11us", 11 * Microsecond)]
    [InlineData("12\u00B5s", 12 * Microsecond)] // U+00B5
    [InlineData("12\u03BCs", 12 * Microsecond)] // U+03BC
    [InlineData("13ms", 13 * Millisecond)]
    [InlineData("14s", 14 * Second)]
    [InlineData("15m", 15 * Minute)]
    [InlineData("16h", 16 * Hour)]
    // composite durations
    [InlineData("3h30m", (3 * Hour) + (30 * Minute))]
    [InlineData("10.5s4m", (4 * Minute) + (10 * Second) + (500 * Millisecond))]
    [InlineData("-2m3.4s", -((2 * Minute) + (3 * Second) + (400 * Millisecond)))]
    [InlineData("1h2m3s4ms5us6ns", (1 * Hour) + (2 * Minute) + (3 * Second) + (4 * Millisecond) + (5 * Microsecond) + (6 * Nanosecond))]
    [InlineData("39h9m14.425s", (39 * Hour) + (9 * Minute) + (14 * Second) + (425 * Millisecond))]
    // large value
    [InlineData("52763797000ns", 52763797000 * Nanosecond)]
    // more than 9 digits after decimal point, see https://golang.org/issue/6617
    [InlineData("0.3333333333333333333h", 20 * Minute)]
    // 9007199254740993 = 1<<53+1 cannot be stored precisely in a float64
    [InlineData("9007199254740993ns", ((1L << 53) + 1) * Nanosecond)]
    // largest duration that can be represented by int64 in nanoseconds
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("9223372036854775.807us", long.MaxValue)]
    [InlineData("9223372036s854ms775us807ns", long.MaxValue)]
    [InlineData("-9223372036854775808ns", long.MinValue)]
    [InlineData("-9223372036854775.808us", long.MinValue)]
    [InlineData("-9223372036s854ms775us808ns", long.MinValue)]
    // largest negative round trip value, see https://golang.org/issue/48629
    [InlineData("-2562047h47m16.854775808s", long.MinValue)]
    // huge string; issue 15011.
    [InlineData("0.100000000000000000000h", 6 * Minute)]
    // This value tests the first overflow check in leadingFraction.
    [InlineData("0.830103483285477580700h", (49 * Minute) + (48 * Second) + (372539827 * Nanosecond))]
    public void ParseNanoseconds_Table(string input, long want)
    {
        Assert.True(GoDuration.TryParseNanoseconds(input, out var got, out var error), error);
        Assert.Null(error);
        Assert.Equal(want, got);
        Assert.Equal(want, GoDuration.ParseNanoseconds(input));

        // The TimeSpan overload truncates toward zero to 100 ns ticks.
        Assert.True(GoDuration.TryParse(input, out var span, out _));
        Assert.Equal(want / 100, span.Ticks);
    }

    // Go: TestParseDurationErrors (parseDurationErrorTests). The rows holding invalid UTF-8 bytes
    // ("\x85\x85", "\xffff", "hello \xffff world") cannot be expressed as .NET strings.
    [Theory]
    // invalid
    [InlineData("", "\"\"")]
    [InlineData("3", "\"3\"")]
    [InlineData("-", "\"-\"")]
    [InlineData("s", "\"s\"")]
    [InlineData(".", "\".\"")]
    [InlineData("-.", "\"-.\"")]
    [InlineData(".s", "\".s\"")]
    [InlineData("+.s", "\"+.s\"")]
    [InlineData("1d", "\"1d\"")]
    [InlineData("\uFFFD", "\"\\xef\\xbf\\xbd\"")] // utf8.RuneError
    [InlineData("\uFFFD hello \uFFFD world", "\"\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world\"")] // utf8.RuneError
    // overflow
    [InlineData("9223372036854775810ns", "\"9223372036854775810ns\"")]
    [InlineData("9223372036854775808ns", "\"9223372036854775808ns\"")]
    [InlineData("-9223372036854775809ns", "\"-9223372036854775809ns\"")]
    [InlineData("9223372036854776us", "\"9223372036854776us\"")]
    [InlineData("3000000h", "\"3000000h\"")]
    [InlineData("9223372036854775.808us", "\"9223372036854775.808us\"")]
    [InlineData("9223372036854ms775us808ns", "\"9223372036854ms775us808ns\"")]
    public void TryParse_ErrorTable(string input, string expect)
    {
        Assert.False(GoDuration.TryParseNanoseconds(input, out var value, out var error));
        Assert.Equal(0, value);
        Assert.NotNull(error);
        Assert.Contains(expect, error, StringComparison.Ordinal);

        Assert.False(GoDuration.TryParse(input, out var span, out var spanError));
        Assert.Equal(TimeSpan.Zero, span);
        Assert.Equal(error, spanError);
        Assert.Equal(error, Assert.Throws<FormatException>(() => GoDuration.Parse(input)).Message);
    }

    // Go's exact error texts for the three error kinds.
    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("1", "time: missing unit in duration \"1\"")]
    [InlineData("5 minutes", "time: unknown unit \" minutes\" in duration \"5 minutes\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("abc", "time: invalid duration \"abc\"")]
    [InlineData("1h 30m", "time: unknown unit \"h \" in duration \"1h 30m\"")]
    [InlineData("a\"b", "time: invalid duration \"a\\\"b\"")]
    public void TryParse_GoErrorText(string input, string expect)
    {
        Assert.False(GoDuration.TryParse(input, out _, out var error));
        Assert.Equal(expect, error);
    }

    [Fact]
    public void TryParse_Null_IsInvalid()
    {
        Assert.False(GoDuration.TryParse(null, out _, out var error));
        Assert.Equal("time: invalid duration \"\"", error);
    }

    // Go: TestDurationString (durationTests); positive rows are also checked negated.
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("1ns", 1 * Nanosecond)]
    [InlineData("1.1\u00B5s", 1100 * Nanosecond)]
    [InlineData("2.2ms", 2200 * Microsecond)]
    [InlineData("3.3s", 3300 * Millisecond)]
    [InlineData("4m5s", (4 * Minute) + (5 * Second))]
    [InlineData("4m5.001s", (4 * Minute) + (5001 * Millisecond))]
    [InlineData("5h6m7.001s", (5 * Hour) + (6 * Minute) + (7001 * Millisecond))]
    [InlineData("8m0.000000001s", (8 * Minute) + (1 * Nanosecond))]
    [InlineData("2562047h47m16.854775807s", long.MaxValue)]
    [InlineData("-2562047h47m16.854775808s", long.MinValue)]
    public void FormatNanoseconds_Table(string str, long d)
    {
        Assert.Equal(str, GoDuration.FormatNanoseconds(d));
        if (d > 0)
        {
            Assert.Equal("-" + str, GoDuration.FormatNanoseconds(-d));
        }

        if (d % 100 == 0)
        {
            Assert.Equal(str, GoDuration.Format(TimeSpan.FromTicks(d / 100)));
        }
    }

    // Go: TestParseDurationRoundTrip (the fixed extremes).
    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void FormatThenParse_RoundTripsExtremes(long d) =>
        Assert.Equal(d, GoDuration.ParseNanoseconds(GoDuration.FormatNanoseconds(d)));

    // Examples from the ClusterSim brief.
    [Theory]
    [InlineData("500ms", 500 * TimeSpan.TicksPerMillisecond)]
    [InlineData("90s", 90 * TimeSpan.TicksPerSecond)]
    [InlineData("1m30s", 90 * TimeSpan.TicksPerSecond)]
    [InlineData("2h", 2 * TimeSpan.TicksPerHour)]
    [InlineData("1.5h", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("-1s", -TimeSpan.TicksPerSecond)]
    [InlineData("0", 0)]
    [InlineData("1ns", 0)] // below one tick: truncated
    [InlineData("199ns", 1)]
    [InlineData("-199ns", -1)] // truncated toward zero
    public void Parse_TimeSpan_Examples(string input, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), GoDuration.Parse(input));

    [Theory]
    [InlineData(90 * TimeSpan.TicksPerSecond, "1m30s")]
    [InlineData(2 * TimeSpan.TicksPerHour, "2h0m0s")]
    [InlineData(500 * TimeSpan.TicksPerMillisecond, "500ms")]
    [InlineData(0, "0s")]
    [InlineData(1, "100ns")]
    [InlineData(-15, "-1.5\u00B5s")]
    [InlineData(TimeSpan.TicksPerDay, "24h0m0s")]
    [InlineData(long.MaxValue, "256204778h48m5.4775807s")] // beyond Go's range: same algorithm
    [InlineData(long.MinValue, "-256204778h48m5.4775808s")]
    public void Format_TimeSpan_Examples(long ticks, string want) =>
        Assert.Equal(want, GoDuration.Format(TimeSpan.FromTicks(ticks)));
}
