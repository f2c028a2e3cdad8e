using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Api;

// Cases ported from k8s.io/apimachinery/pkg/api/resource/quantity_test.go; each table names its Go test.
// decQuantity(m, e, f) in Go is m * 10^e in format f; here it is Q(m, e, f).
public class QuantityTests
{
    private const long MostPositive = long.MaxValue;
    private const long MostNegative = long.MinValue;

    private static Quantity Q(long mantissa, int exponent, QuantityFormat format = QuantityFormat.DecimalSI) =>
        Quantity.FromScaled(mantissa, exponent).WithFormat(format);

    // Go: TestQuantityParse (valid table; each row is also checked with a "-" and a "+" prefix).
    [Theory]
    [InlineData("0", 0, 0, QuantityFormat.DecimalSI)]
    [InlineData("0n", 0, 0, QuantityFormat.DecimalSI)]
    [InlineData("0u", 0, 0, QuantityFormat.DecimalSI)]
    [InlineData("0m", 0, 0, QuantityFormat.DecimalSI)]
    [InlineData("0Ki", 0, 0, QuantityFormat.BinarySI)]
    [InlineData("0k", 0, 0, QuantityFormat.DecimalSI)]
    [InlineData("0Mi", 0, 0, QuantityFormat.BinarySI)]
    [InlineData("0M", 0, 0, QuantityFormat.DecimalSI)]
    [InlineData("0Gi", 0, 0, QuantityFormat.BinarySI)]
    [InlineData("0G", 0, 0, QuantityFormat.DecimalSI)]
    [InlineData("0Ti", 0, 0, QuantityFormat.BinarySI)]
    [InlineData("0T", 0, 0, QuantityFormat.DecimalSI)]
    // Quantity less numbers are allowed
    [InlineData("1", 1, 0, QuantityFormat.DecimalSI)]
    // Binary suffixes
    [InlineData("1Ki", 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("8Ki", 8 * 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("7Mi", 7 * 1024 * 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("6Gi", 6L * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("5Ti", 5L * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("4Pi", 4L * 1024 * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("3Ei", 3L * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("10Ti", 10L * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI)]
    [InlineData("100Ti", 100L * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI)]
    // Decimal suffixes
    [InlineData("5n", 5, -9, QuantityFormat.DecimalSI)]
    [InlineData("4u", 4, -6, QuantityFormat.DecimalSI)]
    [InlineData("3m", 3, -3, QuantityFormat.DecimalSI)]
    [InlineData("9", 9, 0, QuantityFormat.DecimalSI)]
    [InlineData("8k", 8, 3, QuantityFormat.DecimalSI)]
    [InlineData("50k", 5, 4, QuantityFormat.DecimalSI)]
    [InlineData("7M", 7, 6, QuantityFormat.DecimalSI)]
    [InlineData("6G", 6, 9, QuantityFormat.DecimalSI)]
    [InlineData("5T", 5, 12, QuantityFormat.DecimalSI)]
    [InlineData("40T", 4, 13, QuantityFormat.DecimalSI)]
    [InlineData("300T", 3, 14, QuantityFormat.DecimalSI)]
    [InlineData("2P", 2, 15, QuantityFormat.DecimalSI)]
    [InlineData("1E", 1, 18, QuantityFormat.DecimalSI)]
    // Decimal exponents
    [InlineData("1E-3", 1, -3, QuantityFormat.DecimalExponent)]
    [InlineData("1e3", 1, 3, QuantityFormat.DecimalExponent)]
    [InlineData("1E6", 1, 6, QuantityFormat.DecimalExponent)]
    [InlineData("1e9", 1, 9, QuantityFormat.DecimalExponent)]
    [InlineData("1E12", 1, 12, QuantityFormat.DecimalExponent)]
    [InlineData("1e15", 1, 15, QuantityFormat.DecimalExponent)]
    [InlineData("1E18", 1, 18, QuantityFormat.DecimalExponent)]
    // Nonstandard but still parsable
    [InlineData("1e14", 1, 14, QuantityFormat.DecimalExponent)]
    [InlineData("1e13", 1, 13, QuantityFormat.DecimalExponent)]
    [InlineData("100.035k", 100035, 0, QuantityFormat.DecimalSI)]
    // Things that look like floating point
    [InlineData("0.001", 1, -3, QuantityFormat.DecimalSI)]
    [InlineData("0.0005k", 5, -1, QuantityFormat.DecimalSI)]
    [InlineData("0.005", 5, -3, QuantityFormat.DecimalSI)]
    [InlineData("0.05", 5, -2, QuantityFormat.DecimalSI)]
    [InlineData("0.5", 5, -1, QuantityFormat.DecimalSI)]
    [InlineData("0.00050k", 5, -1, QuantityFormat.DecimalSI)]
    [InlineData("0.00500", 5, -3, QuantityFormat.DecimalSI)]
    [InlineData("0.05000", 5, -2, QuantityFormat.DecimalSI)]
    [InlineData("0.50000", 5, -1, QuantityFormat.DecimalSI)]
    [InlineData("0.5e0", 5, -1, QuantityFormat.DecimalExponent)]
    [InlineData("0.5e-1", 5, -2, QuantityFormat.DecimalExponent)]
    [InlineData("0.5e-2", 5, -3, QuantityFormat.DecimalExponent)]
    [InlineData("10.035M", 10035, 3, QuantityFormat.DecimalSI)]
    [InlineData("1.2e3", 12, 2, QuantityFormat.DecimalExponent)]
    [InlineData("1.3E+6", 13, 5, QuantityFormat.DecimalExponent)]
    [InlineData("1.40e9", 14, 8, QuantityFormat.DecimalExponent)]
    [InlineData("1.53E12", 153, 10, QuantityFormat.DecimalExponent)]
    [InlineData("1.6e15", 16, 14, QuantityFormat.DecimalExponent)]
    [InlineData("1.7E18", 17, 17, QuantityFormat.DecimalExponent)]
    [InlineData("9.01", 901, -2, QuantityFormat.DecimalSI)]
    [InlineData("8.1k", 81, 2, QuantityFormat.DecimalSI)]
    [InlineData("7.123456M", 7123456, 0, QuantityFormat.DecimalSI)]
    [InlineData("6.987654321G", 6987654321, 0, QuantityFormat.DecimalSI)]
    [InlineData("5.444T", 5444, 9, QuantityFormat.DecimalSI)]
    [InlineData("40.1T", 401, 11, QuantityFormat.DecimalSI)]
    [InlineData("300.2T", 3002, 11, QuantityFormat.DecimalSI)]
    [InlineData("2.5P", 25, 14, QuantityFormat.DecimalSI)]
    [InlineData("1.01E", 101, 16, QuantityFormat.DecimalSI)]
    // Things that saturate/round
    [InlineData("3.001n", 4, -9, QuantityFormat.DecimalSI)]
    [InlineData("1.1E-9", 2, -9, QuantityFormat.DecimalExponent)]
    [InlineData("0.0000000001", 1, -9, QuantityFormat.DecimalSI)]
    [InlineData("0.0000000005", 1, -9, QuantityFormat.DecimalSI)]
    [InlineData("0.00000000050", 1, -9, QuantityFormat.DecimalSI)]
    [InlineData("0.5e-9", 1, -9, QuantityFormat.DecimalExponent)]
    [InlineData("0.9n", 1, -9, QuantityFormat.DecimalSI)]
    [InlineData("0.00000012345", 124, -9, QuantityFormat.DecimalSI)]
    [InlineData("0.00000012354", 124, -9, QuantityFormat.DecimalSI)]
    [InlineData("9Ei", MostPositive, 0, QuantityFormat.BinarySI)]
    [InlineData("9223372036854775807Ki", MostPositive, 0, QuantityFormat.BinarySI)]
    [InlineData("12E", 12, 18, QuantityFormat.DecimalSI)]
    // We'll accept fractional binary stuff, too.
    [InlineData("100.035Ki", 10243584, -2, QuantityFormat.BinarySI)]
    [InlineData("0.5Mi", 524288, 0, QuantityFormat.BinarySI)]
    [InlineData("0.05Gi", 536870912, -1, QuantityFormat.BinarySI)]
    [InlineData("0.025Ti", 274877906944, -1, QuantityFormat.BinarySI)]
    // Things written by trolls
    [InlineData("0.000000000001Ki", 2, -9, QuantityFormat.DecimalSI)] // rounds up, changes format
    [InlineData(".001", 1, -3, QuantityFormat.DecimalSI)]
    [InlineData(".0001k", 100, -3, QuantityFormat.DecimalSI)]
    [InlineData("1.", 1, 0, QuantityFormat.DecimalSI)]
    [InlineData("1.G", 1, 9, QuantityFormat.DecimalSI)]
    public void Parse_ValidTable(string input, long mantissa, int exponent, QuantityFormat format)
    {
        var expected = Q(mantissa, exponent, format);

        var got = Quantity.Parse(input);
        Assert.Equal(0, Quantity.Compare(expected, got));
        Assert.Equal(format, got.Format);

        var negative = Quantity.Parse("-" + input);
        Assert.Equal(0, Quantity.Compare(expected.Neg(), negative));
        Assert.Equal(format, negative.Format);

        var positive = Quantity.Parse("+" + input);
        Assert.Equal(0, Quantity.Compare(expected, positive));
        Assert.Equal(format, positive.Format);
    }

    // Go: TestQuantityParse (invalid table and the empty string).
    [Theory]
    [InlineData("")]
    [InlineData("1.1.M")]
    [InlineData("1+1.0M")]
    [InlineData("0.1mi")]
    [InlineData("0.1am")]
    [InlineData("aoeu")]
    [InlineData(".5i")]
    [InlineData("1i")]
    [InlineData("-3.01i")]
    [InlineData("-3.01e-")]
    [InlineData("1e4294967297")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("Non-Numeric")] // Go: TestQuantityParseNonNumericPanic
    public void TryParse_InvalidTable_Fails(string input)
    {
        Assert.False(Quantity.TryParse(input, out var q, out var error));
        Assert.True(q.IsZero);
        Assert.NotNull(error);
        Assert.True(error is Quantity.ErrFormatWrong or Quantity.ErrSuffix or Quantity.ErrNumeric or Quantity.ErrRange, error);
        var ex = Assert.Throws<FormatException>(() => Quantity.Parse(input));
        Assert.Equal("invalid quantity \"" + input + "\": " + error, ex.Message);
    }

    [Fact]
    public void TryParse_Null_Fails()
    {
        Assert.False(Quantity.TryParse(null, out _, out var error));
        Assert.Contains(Quantity.ErrFormatWrong, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aoeu", Quantity.ErrFormatWrong)]
    [InlineData("1 ", Quantity.ErrFormatWrong)]
    [InlineData("1i", Quantity.ErrSuffix)]
    [InlineData("-3.01e-", Quantity.ErrSuffix)]
    [InlineData("1e4294967297", Quantity.ErrSuffix)]
    // Kubernetes' int64 fast path rejects 19-digit mantissas that overflow int64.
    [InlineData("9223372036854775808", Quantity.ErrNumeric)]
    [InlineData("9999999999999999999", Quantity.ErrNumeric)]
    // Beyond this port's documented range (Kubernetes itself would accept these).
    [InlineData("1e30", Quantity.ErrRange)]
    [InlineData("-1e30", Quantity.ErrRange)]
    [InlineData("1E2147483647", Quantity.ErrRange)]
    public void TryParse_ReportsKubernetesErrorText(string input, string reason)
    {
        Assert.False(Quantity.TryParse(input, out _, out var error));
        Assert.Equal(reason, error);
        var e = Assert.Throws<FormatException>(() => Quantity.Parse(input));
        Assert.Equal("invalid quantity \"" + input + "\": " + reason, e.Message);
    }

    // Go: TestParseQuantityString
    [Theory]
    [InlineData("0.025Ti", true, "0.025", "0", "025", "Ti")]
    [InlineData("1.025Ti", true, "1.025", "1", "025", "Ti")]
    [InlineData("-1.025Ti", false, "-1.025", "1", "025", "Ti")]
    [InlineData(".", true, ".", "0", "", "")]
    [InlineData("-.", false, "-.", "0", "", "")]
    [InlineData("1E-3", true, "1", "1", "", "E-3")]
    public void Split_Table(string input, bool positive, string value, string num, string denom, string suffix)
    {
        Assert.True(Quantity.TrySplit(input, out var p, out var v, out var n, out var d, out var s));
        Assert.Equal((positive, value, num, denom, suffix), (p, v, n, d, s));
    }

    // Go: TestInterpretExponentInt32Bounds
    [Theory]
    [InlineData("e14", 14, true)]
    [InlineData("E2147483647", 2147483647, true)]
    [InlineData("E-2147483647", -2147483647, true)]
    [InlineData("E2147483648", 0, false)]
    [InlineData("E-2147483648", 0, false)]
    [InlineData("E4294967297", 0, false)]
    [InlineData("E8589934592", 0, false)]
    [InlineData("E9223372036854775807", 0, false)]
    [InlineData("E9223372036854775808", 0, false)]
    [InlineData("E6024865272343", 0, false)]
    public void InterpretSuffix_ExponentInt32Bounds(string suffix, int exponent, bool ok)
    {
        Assert.Equal(ok, Quantity.TryInterpretSuffix(suffix, out var binary, out var exp, out var format));
        if (ok)
        {
            Assert.False(binary);
            Assert.Equal(exponent, exp);
            Assert.Equal(QuantityFormat.DecimalExponent, format);
        }
    }

    // Go: TestQuantityParseZero
    [Fact]
    public void ParseZero_PrintsZero() => Assert.Equal("0", Quantity.Parse("0").ToString());

    // Go: TestQuantityString. Omitted rows: BinarySI 1e70/2e70/1e72 (beyond this port's range) and
    // decQuantity(10800, -10) (scale below nano cannot be constructed here).
    [Theory]
    [InlineData(1024L * 1024 * 1024, 0, QuantityFormat.BinarySI, "1Gi", "1024Mi")]
    [InlineData(300L * 1024 * 1024, 0, QuantityFormat.BinarySI, "300Mi", "307200Ki")]
    [InlineData(6L * 1024, 0, QuantityFormat.BinarySI, "6Ki", "")]
    [InlineData(1001L * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI, "1001Gi", "1025024Mi")]
    [InlineData(1024L * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI, "1Ti", "1024Gi")]
    [InlineData(5, 0, QuantityFormat.BinarySI, "5", "5000m")]
    [InlineData(500, -3, QuantityFormat.BinarySI, "500m", "0.5")]
    [InlineData(1, 9, QuantityFormat.DecimalSI, "1G", "1000M")]
    [InlineData(1000, 6, QuantityFormat.DecimalSI, "1G", "0.001T")]
    [InlineData(1000000, 3, QuantityFormat.DecimalSI, "1G", "")]
    [InlineData(1000000000, 0, QuantityFormat.DecimalSI, "1G", "")]
    [InlineData(1, -3, QuantityFormat.DecimalSI, "1m", "1000u")]
    [InlineData(80, -3, QuantityFormat.DecimalSI, "80m", "")]
    [InlineData(1080, -3, QuantityFormat.DecimalSI, "1080m", "1.08")]
    [InlineData(108, -2, QuantityFormat.DecimalSI, "1080m", "1080000000n")]
    [InlineData(10800, -4, QuantityFormat.DecimalSI, "1080m", "")]
    [InlineData(300, 6, QuantityFormat.DecimalSI, "300M", "")]
    [InlineData(1, 12, QuantityFormat.DecimalSI, "1T", "")]
    [InlineData(1, 18, QuantityFormat.DecimalSI, "1E", "")]
    [InlineData(1, 21, QuantityFormat.DecimalSI, "1e21", "1000E")]
    [InlineData(5, 21, QuantityFormat.DecimalSI, "5e21", "5000E")]
    [InlineData(1, 24, QuantityFormat.DecimalSI, "1e24", "1000000E")]
    [InlineData(1234567, 6, QuantityFormat.DecimalSI, "1234567M", "")]
    [InlineData(1234567, -3, QuantityFormat.BinarySI, "1234567m", "")]
    [InlineData(3, 3, QuantityFormat.DecimalSI, "3k", "")]
    [InlineData(1025, 0, QuantityFormat.BinarySI, "1025", "")]
    [InlineData(0, 0, QuantityFormat.DecimalSI, "0", "")]
    [InlineData(0, 0, QuantityFormat.BinarySI, "0", "")]
    [InlineData(1, 9, QuantityFormat.DecimalExponent, "1e9", ".001e12")]
    [InlineData(1, -3, QuantityFormat.DecimalExponent, "1e-3", "0.001e0")]
    [InlineData(1, -9, QuantityFormat.DecimalExponent, "1e-9", "1000e-12")]
    [InlineData(80, -3, QuantityFormat.DecimalExponent, "80e-3", "")]
    [InlineData(300, 6, QuantityFormat.DecimalExponent, "300e6", "")]
    [InlineData(1, 12, QuantityFormat.DecimalExponent, "1e12", "")]
    [InlineData(1, 3, QuantityFormat.DecimalExponent, "1e3", "")]
    [InlineData(3, 3, QuantityFormat.DecimalExponent, "3e3", "")]
    [InlineData(0, 0, QuantityFormat.DecimalExponent, "0", "00")]
    [InlineData(1, -9, QuantityFormat.DecimalSI, "1n", "")]
    [InlineData(80, -9, QuantityFormat.DecimalSI, "80n", "")]
    [InlineData(1080, -9, QuantityFormat.DecimalSI, "1080n", "")]
    [InlineData(108, -8, QuantityFormat.DecimalSI, "1080n", "")]
    [InlineData(1, -6, QuantityFormat.DecimalSI, "1u", "")]
    [InlineData(80, -6, QuantityFormat.DecimalSI, "80u", "")]
    [InlineData(1080, -6, QuantityFormat.DecimalSI, "1080u", "")]
    public void ToString_CanonicalTable(long mantissa, int exponent, QuantityFormat format, string expect, string alternate)
    {
        var q = Q(mantissa, exponent, format);
        Assert.Equal(expect, q.ToString());
        Assert.Equal(expect, q.ToCanonicalString());

        // Parsing the canonical text keeps it verbatim.
        var reparsed = Quantity.Parse(expect);
        Assert.Equal(expect, reparsed.OriginalText);
        Assert.Equal(expect, reparsed.ToString());

        if (alternate.Length > 0)
        {
            var alt = Quantity.Parse(alternate);
            Assert.Null(alt.OriginalText);
            Assert.Equal(expect, alt.ToString());
        }

        if (!q.IsZero)
        {
            // Negation never prints "-0" and otherwise just prefixes the sign.
            Assert.Equal("-" + expect, q.Neg().ToString());
        }
    }

    // Go: TestQuantityStringBelowNano has no equivalent: scales below nano are not representable.

    // Go: TestBinarySIZeroExponentString
    [Theory]
    [InlineData(2000, "2000")]
    [InlineData(-2000, "-2000")]
    public void BinarySI_WithoutBinaryFactor_PrintsPlainInteger(long value, string want) =>
        Assert.Equal(want, Quantity.FromValue(value, QuantityFormat.BinarySI).ToString());

    // Go: TestBinarySIPastEiArithmeticRoundTrip
    [Fact]
    public void BinarySI_PastEi_FallsBackToExactDecimal()
    {
        var q = Quantity.Parse("1Ei").Mul(1024); // 2^70
        Assert.Equal("1180591620717411303424", q.ToString());
        Assert.Equal(q, Quantity.Parse(q.ToString()));
    }

    // Go: TestQuantityParseEmit (each row also negated).
    [Theory]
    [InlineData("1Ki", "1Ki")]
    [InlineData("1Mi", "1Mi")]
    [InlineData("1Gi", "1Gi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1000M", "1G")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    public void ParseEmit_Table(string input, string expect)
    {
        Assert.Equal(expect, Quantity.Parse(input).ToString());
        Assert.Equal("-" + expect, Quantity.Parse("-" + input).ToString());
    }

    // Go: TestQuantityAddZeroPreservesSuffix and TestQuantitySubZeroPreservesSuffix
    [Theory]
    [InlineData("100m")]
    [InlineData("1Gi")]
    public void AddSubZero_PreservesSuffix(string text)
    {
        var value = Quantity.Parse(text);
        var zero = Quantity.Parse("0");
        Assert.Equal(text, value.Add(zero).ToString());
        Assert.Equal(text, zero.Add(value).ToString());
        Assert.Equal(text, value.Sub(zero).ToString());
        Assert.Equal(value.Neg().ToString(), zero.Sub(value).ToString());
    }

    // Go: TestQuantityCanocicalizeZero
    [Fact]
    public void CanonicalizeZero_PrintsBareZero() =>
        Assert.Equal("0", Quantity.Parse("1000m").Sub(Quantity.FromValue(1)).ToString());

    // Go: TestQuantityCmp
    [Theory]
    [InlineData("0", "0", 0)]
    [InlineData("100m", "50m", 1)]
    [InlineData("50m", "100m", -1)]
    [InlineData("10000T", "100Gi", 1)]
    public void Compare_ParsedTable(string x, string y, int expect)
    {
        Assert.Equal(expect, Quantity.Compare(Quantity.Parse(x), Quantity.Parse(y)));
        Assert.Equal(expect, Quantity.Parse(x).CompareTo(Quantity.Parse(y)));
    }

    // Go: TestQuantityCmpInt64AndDec (rows whose scale is below nano are omitted).
    [Theory]
    [InlineData(901, -2, 901, -2, 0)]
    [InlineData(90, -1, 901, -2, -1)]
    [InlineData(901, -2, 900, -2, 1)]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(0, 1, 0, -1, 0)]
    [InlineData(0, -1, 0, 1, 0)]
    [InlineData(800, -3, 1, 0, -1)]
    [InlineData(800, -3, 79, -2, 1)]
    [InlineData(MostPositive, 0, 1, -1, 1)]
    [InlineData(MostPositive, 1, 1, 0, 1)]
    [InlineData(MostPositive, 1, 1, 1, 1)]
    [InlineData(MostPositive, 1, 0, 1, 1)]
    [InlineData(MostNegative, 0, 0, 0, -1)]
    public void Compare_ScaledTable(long a, int aScale, long b, int bScale, int expect)
    {
        Assert.Equal(expect, Quantity.Compare(Q(a, aScale), Q(b, bScale)));
        Assert.Equal(-expect, Quantity.Compare(Q(b, bScale), Q(a, aScale)));
    }

    // Go: TestQuantityRoundUp
    [Theory]
    [InlineData("9.01", -3, 901, -2, true)]
    [InlineData("9.01", -2, 901, -2, true)]
    [InlineData("9.01", -1, 91, -1, false)]
    [InlineData("9.01", 0, 10, 0, false)]
    [InlineData("9.01", 1, 10, 0, false)]
    [InlineData("9.01", 2, 100, 0, false)]
    [InlineData("-9.01", -3, -901, -2, true)]
    [InlineData("-9.01", -2, -901, -2, true)]
    [InlineData("-9.01", -1, -91, -1, false)]
    [InlineData("-9.01", 0, -10, 0, false)]
    [InlineData("-9.01", 1, -10, 0, false)]
    [InlineData("-9.01", 2, -100, 0, false)]
    public void RoundUp_Table(string input, int scale, long mantissa, int exponent, bool ok)
    {
        var got = Quantity.Parse(input).RoundUp(scale, out var exact);
        Assert.Equal(ok, exact);
        Assert.Equal(Q(mantissa, exponent), got);
    }

    // Go: TestQuantityNeg and TestNeg
    [Fact]
    public void Neg_NegatesAndKeepsFormat()
    {
        var q = Q(901, -2);
        Assert.Equal("-9010m", q.Neg().ToString());
        Assert.Equal("9010m", q.ToString());
        Assert.Equal(Quantity.Zero, Quantity.Zero.Neg());
        Assert.Equal(QuantityFormat.BinarySI, Q(10, 0, QuantityFormat.BinarySI).Neg().Format);
        Assert.Equal(Q(10, 0), Q(-10, 0, QuantityFormat.BinarySI).Neg());
    }

    // Go: TestMilliNewSet ("invalidFormatDefaultsToExponent" is DecimalExponent here).
    [Theory]
    [InlineData(1, QuantityFormat.DecimalSI, "1m", true)]
    [InlineData(1000, QuantityFormat.DecimalSI, "1", true)]
    [InlineData(1234000, QuantityFormat.DecimalSI, "1234", true)]
    [InlineData(1024, QuantityFormat.BinarySI, "1024m", false)] // Format changes
    [InlineData(1000000, QuantityFormat.DecimalExponent, "1e3", true)]
    [InlineData(1024 * 1024, QuantityFormat.BinarySI, "1048576m", false)] // Format changes
    public void FromMilli_Table(long value, QuantityFormat format, string expect, bool exact)
    {
        var q = Quantity.FromMilli(value, format);
        Assert.Equal(expect, q.ToString());
        if (exact)
        {
            Assert.Equal(value, Quantity.Parse(q.ToString()).MilliValue());
        }
    }

    // Go: TestNewSet
    [Theory]
    [InlineData(1, QuantityFormat.DecimalSI, "1")]
    [InlineData(1000, QuantityFormat.DecimalSI, "1k")]
    [InlineData(1234000, QuantityFormat.DecimalSI, "1234k")]
    [InlineData(1024, QuantityFormat.BinarySI, "1Ki")]
    [InlineData(1000000, QuantityFormat.DecimalExponent, "1e6")]
    [InlineData(1024 * 1024, QuantityFormat.BinarySI, "1Mi")]
    public void FromValue_Table(long value, QuantityFormat format, string expect)
    {
        var q = Quantity.FromValue(value, format);
        Assert.Equal(expect, q.ToString());
        Assert.Equal(value, Quantity.Parse(q.ToString()).Value());
    }

    // Go: TestNewScaledSet
    [Theory]
    [InlineData(1, -9, "1n")]
    [InlineData(1000, -9, "1u")]
    [InlineData(1, -6, "1u")]
    [InlineData(1000, -6, "1m")]
    [InlineData(1, -3, "1m")]
    [InlineData(1000, -3, "1")]
    [InlineData(1, 0, "1")]
    [InlineData(0, -9, "0")]
    [InlineData(0, -6, "0")]
    [InlineData(0, -3, "0")]
    [InlineData(0, 0, "0")]
    public void FromScaled_Table(long value, int scale, string expect)
    {
        var q = Quantity.FromScaled(value, scale);
        Assert.Equal(expect, q.ToString());
        Assert.Equal(value, Quantity.Parse(q.ToString()).ScaledValue(scale));
    }

    // Go: TestScaledValue
    [Theory]
    [InlineData(-9, -9, 1)]
    [InlineData(-9, -6, 1)]
    [InlineData(-9, -3, 1)]
    [InlineData(-9, 0, 1)]
    [InlineData(-6, -9, 1000)]
    [InlineData(-6, -6, 1)]
    [InlineData(-6, -3, 1)]
    [InlineData(-6, 0, 1)]
    [InlineData(-3, -9, 1000 * 1000)]
    [InlineData(-3, -6, 1000)]
    [InlineData(-3, -3, 1)]
    [InlineData(-3, 0, 1)]
    [InlineData(0, -9, 1000 * 1000 * 1000)]
    [InlineData(0, -6, 1000 * 1000)]
    [InlineData(0, -3, 1000)]
    [InlineData(0, 0, 1)]
    [InlineData(2, -2, 100 * 100)]
    public void ScaledValue_Table(int fromScale, int toScale, long expected) =>
        Assert.Equal(expected, Quantity.FromScaled(1, fromScale).ScaledValue(toScale));

    // Go: TestNegativeValueRoundsAwayFromZero
    [Theory]
    [InlineData("-.484785E-7466", -1, -1)]
    [InlineData(".484785E-7466", 1, 1)]
    [InlineData("-.484785E-1", -1, -49)]
    [InlineData(".484785E-1", 1, 49)]
    [InlineData("-0.0005", -1, -1)]
    [InlineData("0.0005", 1, 1)]
    [InlineData("-1500m", -2, -1500)]
    [InlineData("1500m", 2, 1500)]
    [InlineData("-9.5000000001Gi", -10200547329, -10200547328108)]
    [InlineData("9.5000000001Gi", 10200547329, 10200547328108)]
    [InlineData("-1", -1, -1000)]
    [InlineData("1", 1, 1000)]
    [InlineData("0", 0, 0)]
    public void ValueAndMilliValue_RoundAwayFromZero(string input, long value, long milli)
    {
        var q = Quantity.Parse(input);
        Assert.Equal(value, q.Value());
        Assert.Equal(milli, q.MilliValue());
    }

    // Go: TestAdd
    [Theory]
    [InlineData(10, QuantityFormat.DecimalSI, 10, QuantityFormat.DecimalSI, 20, QuantityFormat.DecimalSI)]
    [InlineData(10, QuantityFormat.DecimalSI, 1, QuantityFormat.BinarySI, 11, QuantityFormat.DecimalSI)]
    [InlineData(10, QuantityFormat.BinarySI, 1, QuantityFormat.DecimalSI, 11, QuantityFormat.BinarySI)]
    [InlineData(0, QuantityFormat.DecimalSI, 50, QuantityFormat.DecimalSI, 50, QuantityFormat.DecimalSI)]
    [InlineData(50, QuantityFormat.DecimalSI, 0, QuantityFormat.DecimalSI, 50, QuantityFormat.DecimalSI)]
    [InlineData(0, QuantityFormat.DecimalSI, 0, QuantityFormat.DecimalSI, 0, QuantityFormat.DecimalSI)]
    [InlineData(0, QuantityFormat.DecimalSI, 1, QuantityFormat.BinarySI, 1, QuantityFormat.BinarySI)] // zero adopts y's format
    public void Add_Table(long a, QuantityFormat af, long b, QuantityFormat bf, long expected, QuantityFormat ef)
    {
        var got = Quantity.FromValue(a, af).Add(Quantity.FromValue(b, bf));
        Assert.Equal(Quantity.FromValue(expected), got);
        Assert.Equal(ef, got.Format);
        Assert.Equal(got, Quantity.FromValue(a, af) + Quantity.FromValue(b, bf));
    }

    // Go: TestSub
    [Theory]
    [InlineData(10, QuantityFormat.DecimalSI, 10, QuantityFormat.DecimalSI, 0, QuantityFormat.DecimalSI)]
    [InlineData(10, QuantityFormat.DecimalSI, 1, QuantityFormat.BinarySI, 9, QuantityFormat.DecimalSI)]
    [InlineData(10, QuantityFormat.BinarySI, 1, QuantityFormat.DecimalSI, 9, QuantityFormat.BinarySI)]
    [InlineData(0, QuantityFormat.DecimalSI, 50, QuantityFormat.DecimalSI, -50, QuantityFormat.DecimalSI)]
    [InlineData(50, QuantityFormat.DecimalSI, 0, QuantityFormat.DecimalSI, 50, QuantityFormat.DecimalSI)]
    [InlineData(0, QuantityFormat.DecimalSI, 0, QuantityFormat.DecimalSI, 0, QuantityFormat.DecimalSI)]
    [InlineData(0, QuantityFormat.DecimalSI, 1, QuantityFormat.BinarySI, -1, QuantityFormat.BinarySI)] // zero adopts y's format
    public void Sub_Table(long a, QuantityFormat af, long b, QuantityFormat bf, long expected, QuantityFormat ef)
    {
        var got = Quantity.FromValue(a, af).Sub(Quantity.FromValue(b, bf));
        Assert.Equal(Quantity.FromValue(expected), got);
        Assert.Equal(ef, got.Format);
        Assert.Equal(got, Quantity.FromValue(a, af) - Quantity.FromValue(b, bf));
    }

    // Go: TestMul. Rows Go marks !ok (result leaves int64) are exact here; the expected values are
    // written with 20+ digits so that they parse outside Kubernetes' int64 fast path.
    [Theory]
    [InlineData(10, 10, "100")]
    [InlineData(10, 1, "10")]
    [InlineData(0, 50, "0")]
    [InlineData(50, 0, "0")]
    [InlineData(0, 0, "0")]
    [InlineData(10, -10, "-100")]
    [InlineData(-10, 1, "-10")]
    [InlineData(-50, 0, "0")]
    [InlineData(-50, -50, "2500")]
    [InlineData(0, -50, "0")]
    [InlineData(MostPositive, 0, "0")]
    [InlineData(MostPositive, 1, "9223372036854775807")]
    [InlineData(MostPositive, -1, "-9223372036854775807")]
    [InlineData(MostPositive / 2, 2, "9223372036854775806")]
    [InlineData(MostPositive / -2, -2, "9223372036854775806")]
    [InlineData(MostPositive, 2, "18446744073709551614")]
    [InlineData(MostPositive, 10, "92233720368547758070")]
    [InlineData(MostPositive, -10, "-92233720368547758070")]
    [InlineData(MostNegative, 0, "0")]
    [InlineData(MostNegative, 1, "-92233720368547758080e-1")]
    [InlineData(MostNegative, -1, "92233720368547758080e-1")]
    [InlineData(MostNegative / 2, 2, "-92233720368547758080e-1")]
    [InlineData(MostNegative / -2, -2, "-92233720368547758080e-1")]
    [InlineData(MostNegative, 2, "-18446744073709551616")]
    [InlineData(MostNegative, 10, "-92233720368547758080")]
    [InlineData(MostNegative, -10, "92233720368547758080")]
    public void Mul_Table(long a, long factor, string expected)
    {
        var want = Quantity.Parse(expected);
        Assert.Equal(want, Quantity.FromValue(a).Mul(factor));
        Assert.Equal(QuantityFormat.BinarySI, Quantity.FromValue(a, QuantityFormat.BinarySI).Mul(factor).Format);
    }

    // Examples from the ClusterSim brief and Kubernetes documentation.
    [Theory]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5", "500m")]
    [InlineData("1.5", "1500m")]
    [InlineData("1000m", "1")]
    [InlineData("100m", "100m")]
    [InlineData("128Mi", "128Mi")]
    [InlineData("500M", "500M")]
    [InlineData("1k", "1k")]
    [InlineData("1e3", "1e3")]
    [InlineData("1.1Ki", "1126400m")] // BinarySI that is not whole falls back to DecimalSI
    [InlineData("0.0001", "100u")] // rounding is to nano-units, not milli-units
    [InlineData("0.1n", "1n")]
    [InlineData("1e29", "100e27")]
    public void Parse_ToString_Examples(string input, string expect) =>
        Assert.Equal(expect, Quantity.Parse(input).ToString());

    // Kubernetes keeps an already-canonical input string verbatim (quantity.go's cached q.s).
    [Theory]
    [InlineData("+1", "1")]
    [InlineData("01", "1")]
    [InlineData("1.G", "1G")]
    [InlineData("1E3", "1e3")]
    public void ToString_ReusesCanonicalLookingInput(string input, string canonical)
    {
        var q = Quantity.Parse(input);
        Assert.Equal(input, q.ToString());
        Assert.Equal(canonical, q.ToCanonicalString());
        Assert.Equal(canonical, q.Add(Quantity.Zero).ToString());
    }

    [Fact]
    public void MilliValue_RoundsUpToWholeMilliUnits()
    {
        Assert.Equal(1, Quantity.Parse("0.0001").MilliValue());
        Assert.Equal(100, Quantity.Parse("100m").MilliValue());
        Assert.Equal(1, Quantity.Parse("1n").MilliValue());
        Assert.Equal(1, Quantity.Parse("1n").Value());
        Assert.Equal(1536L * 1024 * 1024, Quantity.Parse("1.5Gi").Value());
    }

    [Fact]
    public void ValueAndScaledValue_SaturateInsteadOfOverflowing()
    {
        Assert.Equal(long.MaxValue, Quantity.Parse("1e20").Value());
        Assert.Equal(long.MinValue, Quantity.Parse("-1e20").Value());
        Assert.Equal(long.MaxValue, Quantity.Parse("1e17").MilliValue());
        Assert.Equal(1, Quantity.Parse("1n").ScaledValue(30));
        Assert.Equal(-1, Quantity.Parse("-1n").ScaledValue(30));
        Assert.Equal(long.MaxValue, Quantity.Parse("1").ScaledValue(-60));
    }

    [Fact]
    public void FromBytes_IsBinarySI()
    {
        var q = Quantity.FromBytes(128L * 1024 * 1024);
        Assert.Equal(QuantityFormat.BinarySI, q.Format);
        Assert.Equal("128Mi", q.ToString());
        Assert.Equal("1023", Quantity.FromBytes(1023).ToString());
    }

    [Fact]
    public void BinarySI_IsCappedAtMaxInt64WhenParsed()
    {
        var q = Quantity.Parse("99999999999999999999999999999999999999999999Ki");
        Assert.Equal(long.MaxValue, q.Value());
        Assert.Equal(QuantityFormat.BinarySI, q.Format);
        Assert.Equal("9223372036854775807", q.ToString());
    }

    [Fact]
    public void TinyValues_RoundUpToOneNano()
    {
        Assert.Equal(Quantity.FromScaled(1, -9), Quantity.Parse("1e-2147483647"));
        Assert.Equal(Quantity.FromScaled(-1, -9), Quantity.Parse("-0.000000000000000000000000000000000001"));
    }

    [Fact]
    public void Equality_IgnoresFormatAndSpelling()
    {
        var a = Quantity.Parse("1Gi");
        var b = Quantity.Parse("1024Mi");
        var c = Quantity.Parse("1073741824");
        Assert.True(a == b);
        Assert.True(a.Equals(c));
        Assert.True(a.Equals((object)c));
        Assert.False(a != c);
        Assert.Equal(a.GetHashCode(), c.GetHashCode());
        Assert.True(Quantity.Parse("1") > Quantity.Parse("999m"));
        Assert.True(Quantity.Parse("1") >= Quantity.Parse("1000m"));
        Assert.True(Quantity.Parse("-1") < Quantity.Zero);
        Assert.True(Quantity.Parse("1k") <= Quantity.Parse("1e3"));
        Assert.Equal(Quantity.Parse("-5"), -Quantity.Parse("5"));
    }

    [Fact]
    public void SignAndIsZero()
    {
        Assert.Equal(1, Quantity.Parse("1n").Sign);
        Assert.Equal(-1, Quantity.Parse("-1n").Sign);
        Assert.Equal(0, Quantity.Parse("-0").Sign);
        Assert.True(default(Quantity).IsZero);
        Assert.Equal("0", default(Quantity).ToString());
        Assert.Equal(QuantityFormat.DecimalSI, default(Quantity).Format);
    }

    [Fact]
    public void OutOfRange_ConstructionAndArithmeticThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.FromScaled(1, -10));
        Assert.Throws<OverflowException>(() => Quantity.FromScaled(1, 30));
        var big = Quantity.Parse("1e29");
        Assert.Throws<OverflowException>(() => big.Mul(2));
        Assert.Throws<OverflowException>(() => big.Add(big));
    }

    [Fact]
    public void WithFormat_ChangesOnlyTheFormat()
    {
        var q = Quantity.Parse("1024").WithFormat(QuantityFormat.BinarySI);
        Assert.Equal("1Ki", q.ToString());
        Assert.Equal("1024", q.WithFormat(QuantityFormat.DecimalSI).ToString());
        Assert.Equal("1024", q.WithFormat(QuantityFormat.DecimalExponent).ToString());
    }
}
