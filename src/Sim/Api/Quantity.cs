using System.Globalization;
using System.Numerics;

namespace ClusterSim.Sim.Api;

/// <summary>
/// A fixed-point resource amount with the parsing, rounding and canonical formatting rules of
/// Kubernetes' resource.Quantity (k8s.io/apimachinery/pkg/api/resource/quantity.go).
/// </summary>
/// <remarks>
/// <para>
/// Representation: an <see cref="Int128"/> count of nano-units (10^-9) plus a
/// <see cref="QuantityFormat"/>. Kubernetes rounds every parsed value up (away from zero) to the
/// nearest nano-unit, so every quantity reachable by parsing and by Add/Sub/Mul is represented
/// exactly. Note that this is 10^-9, not 10^-3: <c>Parse("0.0001")</c> is <c>100u</c> and
/// <c>Parse("0.1n")</c> is <c>1n</c>; <see cref="MilliValue"/> then rounds up to whole milli-units.
/// </para>
/// <para>
/// Range limits: magnitudes up to (2^127 - 1) * 10^-9 (about 1.7e29) are supported. Kubernetes
/// accepts larger DecimalSI/DecimalExponent values (it falls back to arbitrary precision); such
/// inputs are rejected here by <see cref="TryParse"/>, and arithmetic that would leave the range
/// throws <see cref="OverflowException"/>. Like Kubernetes, BinarySI values are capped at
/// 2^63 - 1 when parsed. Scales below nano (<see cref="FromScaled"/>, <see cref="RoundUp"/>) are
/// not representable.
/// </para>
/// <para>
/// Equality, ordering and hashing compare only the numeric value (like Kubernetes' Cmp/Equal):
/// <c>1Gi</c> equals <c>1024Mi</c> and <c>1073741824</c> regardless of <see cref="Format"/>.
/// </para>
/// </remarks>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    private const long NanosPerUnit = 1_000_000_000;
    private const string SplitRegex = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    internal const string ErrFormatWrong = "quantities must match the regular expression '" + SplitRegex + "'";
    internal const string ErrNumeric = "unable to parse numeric part of quantity";
    internal const string ErrSuffix = "unable to parse quantity's suffix";
    internal const string ErrRange = "quantity magnitude exceeds the supported range of about 1.7e29";

    private static readonly Int128 MaxBinaryNanos = (Int128)long.MaxValue * NanosPerUnit;
    private static readonly Int128[] Pow10 = BuildPow10();
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    private readonly Int128 _nanos;
    private readonly QuantityFormat _format;
    private readonly string? _original;

    private Quantity(Int128 nanos, QuantityFormat format, string? original)
    {
        _nanos = nanos;
        _format = format;
        _original = original;
    }

    /// <summary>The zero quantity in DecimalSI format (same as <c>default(Quantity)</c>).</summary>
    public static Quantity Zero => default;

    /// <summary>The serialization format; it survives arithmetic and is adopted from the other operand when this value is zero.</summary>
    public QuantityFormat Format => _format;

    /// <summary>True when the value is exactly zero.</summary>
    public bool IsZero => _nanos == Int128.Zero;

    /// <summary>-1, 0 or 1 according to the sign of the value.</summary>
    public int Sign => _nanos == Int128.Zero ? 0 : (Int128.IsNegative(_nanos) ? -1 : 1);

    /// <summary>
    /// The input text when parsing found it already canonical (Kubernetes caches and re-emits it;
    /// e.g. <c>"+1"</c> or <c>"1.G"</c>), otherwise null. Exposed for tests.
    /// </summary>
    internal string? OriginalText => _original;

    /// <summary>The value in nano-units. Exposed for tests.</summary>
    internal Int128 Nanos => _nanos;

    /// <summary>Creates <paramref name="value"/> whole units (Kubernetes NewQuantity). Never throws.</summary>
    public static Quantity FromValue(long value, QuantityFormat format = QuantityFormat.DecimalSI) =>
        new((Int128)value * NanosPerUnit, format, null);

    /// <summary>Creates <paramref name="milliValue"/> / 1000 units (Kubernetes NewMilliQuantity). Never throws.</summary>
    public static Quantity FromMilli(long milliValue, QuantityFormat format = QuantityFormat.DecimalSI) =>
        new((Int128)milliValue * 1_000_000, format, null);

    /// <summary>Creates a BinarySI quantity of <paramref name="bytes"/> units, e.g. 1073741824 prints as <c>1Gi</c>.</summary>
    public static Quantity FromBytes(long bytes) => FromValue(bytes, QuantityFormat.BinarySI);

    /// <summary>
    /// Creates <paramref name="value"/> * 10^<paramref name="scale"/> in DecimalSI format
    /// (Kubernetes NewScaledQuantity). <paramref name="scale"/> must be at least -9; throws
    /// <see cref="OverflowException"/> when the result leaves the supported range.
    /// </summary>
    public static Quantity FromScaled(long value, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, -9);
        if (value == 0)
        {
            return default;
        }

        var shift = scale + 9;
        if (shift >= Pow10.Length)
        {
            throw new OverflowException(ErrRange);
        }

        return new Quantity(checked(value * Pow10[shift]), QuantityFormat.DecimalSI, null);
    }

    /// <summary>
    /// Parses a Kubernetes quantity string such as <c>100m</c>, <c>1.5Gi</c> or <c>1e3</c>
    /// (resource.ParseQuantity); throws <see cref="FormatException"/> describing the problem.
    /// </summary>
    public static Quantity Parse(string s)
    {
        if (!TryParse(s, out var q, out var error))
        {
            throw new FormatException(Describe(s, error!));
        }

        return q;
    }

    // Port of ParseQuantity in k8s.io/apimachinery/pkg/api/resource/quantity.go.
    /// <summary>
    /// Parses a Kubernetes quantity string (resource.ParseQuantity). On failure returns false,
    /// <paramref name="value"/> is zero and <paramref name="error"/> is Kubernetes' error text
    /// (ErrFormatWrong, ErrSuffix, ErrNumeric); never throws.
    /// Non-zero values are rounded up (away from zero) to a whole nano-unit.
    /// </summary>
    public static bool TryParse(string? s, out Quantity value, out string? error)
    {
        value = default;
        if (string.IsNullOrEmpty(s))
        {
            error = ErrFormatWrong;
            return false;
        }

        if (s == "0")
        {
            value = new Quantity(Int128.Zero, QuantityFormat.DecimalSI, s);
            error = null;
            return true;
        }

        if (!TrySplit(s, out var positive, out var text, out var num, out var denom, out var suffix))
        {
            error = ErrFormatWrong;
            return false;
        }

        if (!TryInterpretSuffix(suffix, out var binary, out var exponent, out var format))
        {
            error = ErrSuffix;
            return false;
        }

        // Mirror the int64 fast path: it alone decides ErrNumeric and whether the input string is
        // kept as the canonical form. Its value always equals the general computation below.
        string? original = null;
        var fastPath = false;
        long precision;
        long scale;
        long mantissa = 1;
        if (binary)
        {
            scale = 0;
            if (exponent >= 0 && denom.Length == 0)
            {
                mantissa = 1L << exponent;
                precision = 15 - num.Length - (exponent * 3 / 10) - 1;
            }
            else
            {
                precision = -1;
            }
        }
        else
        {
            scale = exponent;
            precision = 19 - (num.Length + denom.Length);
        }

        if (precision >= 0)
        {
            scale -= denom.Length;
            if (scale >= -9)
            {
                var shifted = num + denom;
                if (!long.TryParse(shifted, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
                {
                    error = ErrNumeric;
                    return false;
                }

                if (mantissa == 1 || digits <= long.MaxValue / mantissa)
                {
                    fastPath = true;
                    var canonical = binary
                        ? (digits & 0x07) != 0
                        : scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
                    if (canonical)
                    {
                        original = s;
                    }
                }
            }
        }

        if (!fastPath && !text.Any(char.IsAsciiDigit))
        {
            error = ErrNumeric;
            return false;
        }

        var magnitude = BigInteger.Parse(num + denom, NumberStyles.None, CultureInfo.InvariantCulture);
        if (!magnitude.IsZero)
        {
            var significant = (num + denom).TrimStart('0').Length;
            var shift = (binary ? 0L : exponent) - denom.Length + 9;
            if (shift >= 0)
            {
                if (!binary && significant + shift > 40)
                {
                    error = ErrRange;
                    return false;
                }

                magnitude *= BigInteger.Pow(10, (int)shift);
                if (binary)
                {
                    magnitude <<= exponent;
                }
            }
            else if (-shift > significant + 20)
            {
                // Far below one nano-unit: rounds up to the smallest representable value.
                magnitude = BigInteger.One;
            }
            else
            {
                if (binary)
                {
                    magnitude <<= exponent;
                }

                var quotient = BigInteger.DivRem(magnitude, BigInteger.Pow(10, (int)-shift), out var remainder);
                magnitude = remainder.IsZero ? quotient : quotient + 1;
            }

            if (binary && magnitude > (BigInteger)MaxBinaryNanos)
            {
                magnitude = (BigInteger)MaxBinaryNanos;
            }

            if (binary && magnitude < NanosPerUnit)
            {
                // 0 < |value| < 1 cannot be expressed with a binary suffix.
                format = QuantityFormat.DecimalSI;
            }

            if (magnitude > (BigInteger)Int128.MaxValue)
            {
                error = ErrRange;
                return false;
            }
        }

        var nanos = (Int128)magnitude;
        value = new Quantity(positive ? nanos : -nanos, format, original);
        error = null;
        return true;
    }

    /// <summary>
    /// The value rounded up (away from zero) to a whole unit (Kubernetes Value()); saturates at
    /// <see cref="long.MinValue"/>/<see cref="long.MaxValue"/> instead of overflowing.
    /// </summary>
    public long Value() => ScaledValue(0);

    /// <summary>
    /// The value in milli-units, rounded up (away from zero) (Kubernetes MilliValue()); saturates
    /// at <see cref="long.MinValue"/>/<see cref="long.MaxValue"/> instead of overflowing.
    /// </summary>
    public long MilliValue() => ScaledValue(-3);

    // Port of Quantity.ScaledValue (quantity.go); rounding follows int64Amount.AsScaledInt64 (amount.go).
    /// <summary>
    /// The value divided by 10^<paramref name="scale"/>, rounded up (away from zero), e.g.
    /// <c>ScaledValue(-3)</c> is the milli-value; saturates at the <see cref="long"/> range.
    /// </summary>
    public long ScaledValue(int scale)
    {
        if (_nanos == Int128.Zero)
        {
            return 0;
        }

        var shift = (long)scale + 9;
        if (shift >= Pow10.Length)
        {
            return Sign;
        }

        if (shift >= 0)
        {
            var quotient = Int128.DivRem(_nanos, Pow10[shift]);
            var result = quotient.Remainder == Int128.Zero ? quotient.Quotient : quotient.Quotient + Sign;
            return Saturate(result);
        }

        if (-shift >= Pow10.Length)
        {
            return Sign < 0 ? long.MinValue : long.MaxValue;
        }

        var product = (BigInteger)_nanos * (BigInteger)Pow10[-shift];
        return product > long.MaxValue ? long.MaxValue : product < long.MinValue ? long.MinValue : (long)product;
    }

    /// <summary>
    /// Returns this + <paramref name="other"/>; the format is this one's unless this is zero, in
    /// which case it is <paramref name="other"/>'s (Kubernetes Add). Throws <see cref="OverflowException"/> out of range.
    /// </summary>
    public Quantity Add(Quantity other) =>
        new(checked(_nanos + other._nanos), IsZero ? other._format : _format, null);

    /// <summary>
    /// Returns this - <paramref name="other"/>; the format is this one's unless this is zero, in
    /// which case it is <paramref name="other"/>'s (Kubernetes Sub). Throws <see cref="OverflowException"/> out of range.
    /// </summary>
    public Quantity Sub(Quantity other) =>
        new(checked(_nanos - other._nanos), IsZero ? other._format : _format, null);

    /// <summary>Returns this * <paramref name="factor"/>, keeping the format (Kubernetes Mul). Throws <see cref="OverflowException"/> out of range.</summary>
    public Quantity Mul(long factor) => new(checked(_nanos * factor), _format, null);

    /// <summary>Returns the negated value, keeping the format (Kubernetes Neg).</summary>
    public Quantity Neg() => new(checked(-_nanos), _format, null);

    /// <summary>Returns the same value with another serialization format.</summary>
    public Quantity WithFormat(QuantityFormat format) => new(_nanos, format, null);

    // Port of Quantity.RoundUp (quantity.go).
    /// <summary>
    /// Rounds up (away from zero) to a multiple of 10^<paramref name="scale"/> (scale at least -9);
    /// <paramref name="exact"/> is false when precision was lost (Kubernetes RoundUp).
    /// </summary>
    public Quantity RoundUp(int scale, out bool exact)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, -9);
        var shift = (long)scale + 9;
        if (_nanos == Int128.Zero)
        {
            exact = true;
            return this;
        }

        if (shift >= Pow10.Length)
        {
            throw new OverflowException(ErrRange);
        }

        var unit = Pow10[shift];
        var (quotient, remainder) = Int128.DivRem(_nanos, unit);
        exact = remainder == Int128.Zero;
        if (exact)
        {
            return this;
        }

        return new Quantity(checked((quotient + Sign) * unit), _format, null);
    }

    /// <summary>Compares two quantities by numeric value only (Kubernetes Cmp): -1, 0 or 1.</summary>
    public static int Compare(Quantity left, Quantity right) => left._nanos.CompareTo(right._nanos);

    /// <summary>Compares by numeric value only (Kubernetes Cmp): -1, 0 or 1.</summary>
    public int CompareTo(Quantity other) => Compare(this, other);

    /// <summary>True when both have the same numeric value; format and spelling are ignored.</summary>
    public bool Equals(Quantity other) => _nanos == other._nanos;

    /// <summary>True when <paramref name="obj"/> is a quantity with the same numeric value.</summary>
    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    /// <summary>Hash of the numeric value only, consistent with <see cref="Equals(Quantity)"/>.</summary>
    public override int GetHashCode() => _nanos.GetHashCode();

    /// <summary>
    /// The Kubernetes String() form: the parsed text when it was already canonical, otherwise
    /// <see cref="ToCanonicalString"/> (e.g. <c>1.5Gi</c> prints <c>1536Mi</c>, <c>0.5</c> prints <c>500m</c>).
    /// </summary>
    public override string ToString() => _original ?? ToCanonicalString();

    // Port of Quantity.CanonicalizeBytes (quantity.go) with int64Amount/infDecAmount.AsCanonicalBytes (amount.go).
    /// <summary>
    /// The canonical form (Kubernetes CanonicalizeBytes): no fractional digits, the largest suffix
    /// that loses no precision, exponent a multiple of 3; zero is always <c>0</c>. BinarySI values
    /// strictly between -1024 and 1024, or not whole, are written as DecimalSI.
    /// </summary>
    public string ToCanonicalString()
    {
        if (_nanos == Int128.Zero)
        {
            return "0";
        }

        var negative = Int128.IsNegative(_nanos);
        var magnitude = negative ? (UInt128)(-(_nanos + 1)) + 1 : (UInt128)_nanos;
        var sign = negative ? "-" : string.Empty;

        var format = _format;
        if (format == QuantityFormat.BinarySI)
        {
            if (magnitude < (UInt128)1024 * (ulong)NanosPerUnit || magnitude % (ulong)NanosPerUnit != 0)
            {
                format = QuantityFormat.DecimalSI;
            }
            else
            {
                var units = magnitude / (ulong)NanosPerUnit;
                var power = 0;
                while (units >= 1024 && units % 1024 == 0)
                {
                    units /= 1024;
                    power++;
                }

                if (power < BinarySuffixes.Length)
                {
                    return sign + units.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
                }

                // No binary suffix beyond Ei: fall back to exact exponent notation.
                format = QuantityFormat.DecimalExponent;
            }
        }

        var exponent = -9;
        while (magnitude >= 10 && magnitude % 10 == 0)
        {
            magnitude /= 10;
            exponent++;
        }

        // Lower the exponent to a multiple of 3 (never overflows: only removed zeros come back).
        var adjust = ((exponent % 3) + 3) % 3;
        for (var i = 0; i < adjust; i++)
        {
            magnitude *= 10;
        }

        exponent -= adjust;
        return sign + magnitude.ToString(CultureInfo.InvariantCulture) + DecimalSuffix(exponent, format);
    }

    /// <summary>Adds two quantities; see <see cref="Add"/>.</summary>
    public static Quantity operator +(Quantity left, Quantity right) => left.Add(right);

    /// <summary>Subtracts two quantities; see <see cref="Sub"/>.</summary>
    public static Quantity operator -(Quantity left, Quantity right) => left.Sub(right);

    /// <summary>Negates a quantity; see <see cref="Neg"/>.</summary>
    public static Quantity operator -(Quantity value) => value.Neg();

    /// <summary>Numeric equality; see <see cref="Equals(Quantity)"/>.</summary>
    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    /// <summary>Numeric inequality; see <see cref="Equals(Quantity)"/>.</summary>
    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    /// <summary>Numeric less-than.</summary>
    public static bool operator <(Quantity left, Quantity right) => Compare(left, right) < 0;

    /// <summary>Numeric less-than-or-equal.</summary>
    public static bool operator <=(Quantity left, Quantity right) => Compare(left, right) <= 0;

    /// <summary>Numeric greater-than.</summary>
    public static bool operator >(Quantity left, Quantity right) => Compare(left, right) > 0;

    /// <summary>Numeric greater-than-or-equal.</summary>
    public static bool operator >=(Quantity left, Quantity right) => Compare(left, right) >= 0;

    // Port of parseQuantityString (quantity.go): splits sign, numerator, denominator and suffix.
    internal static bool TrySplit(string str, out bool positive, out string value, out string num, out string denom, out string suffix)
    {
        positive = true;
        value = num = denom = suffix = string.Empty;
        var pos = 0;
        var end = str.Length;

        if (pos < end)
        {
            if (str[0] == '-')
            {
                positive = false;
                pos++;
            }
            else if (str[0] == '+')
            {
                pos++;
            }
        }

        // Strip leading zeros.
        for (var i = pos; ; i++)
        {
            if (i >= end)
            {
                num = "0";
                value = num;
                return true;
            }

            if (str[i] != '0')
            {
                break;
            }

            pos++;
        }

        // Numerator.
        for (var i = pos; ; i++)
        {
            if (i >= end)
            {
                num = str[pos..end];
                value = str[..end];
                return true;
            }

            if (!char.IsAsciiDigit(str[i]))
            {
                num = str[pos..i];
                pos = i;
                break;
            }
        }

        if (num.Length == 0)
        {
            num = "0";
        }

        // Denominator.
        if (pos < end && str[pos] == '.')
        {
            pos++;
            for (var i = pos; ; i++)
            {
                if (i >= end)
                {
                    denom = str[pos..end];
                    value = str[..end];
                    return true;
                }

                if (!char.IsAsciiDigit(str[i]))
                {
                    denom = str[pos..i];
                    pos = i;
                    break;
                }
            }
        }

        value = str[..pos];

        // Suffix: letters, then an optional sign, then digits.
        var suffixStart = pos;
        for (var i = pos; ; i++)
        {
            if (i >= end)
            {
                suffix = str[suffixStart..end];
                return true;
            }

            if ("eEinumkKMGTP".IndexOf(str[i], StringComparison.Ordinal) < 0)
            {
                pos = i;
                break;
            }
        }

        if (pos < end && (str[pos] == '-' || str[pos] == '+'))
        {
            pos++;
        }

        for (var i = pos; ; i++)
        {
            if (i >= end)
            {
                suffix = str[suffixStart..end];
                return true;
            }

            if (!char.IsAsciiDigit(str[i]))
            {
                return false;
            }
        }
    }

    // Port of suffixHandler.interpret (suffix.go); exponents outside [-MaxInt32, MaxInt32] are rejected.
    internal static bool TryInterpretSuffix(string suffix, out bool binary, out int exponent, out QuantityFormat format)
    {
        binary = false;
        format = QuantityFormat.DecimalSI;
        exponent = 0;
        switch (suffix)
        {
            case "": return true;
            case "n": exponent = -9; return true;
            case "u": exponent = -6; return true;
            case "m": exponent = -3; return true;
            case "k": exponent = 3; return true;
            case "M": exponent = 6; return true;
            case "G": exponent = 9; return true;
            case "T": exponent = 12; return true;
            case "P": exponent = 15; return true;
            case "E": exponent = 18; return true;
        }

        var power = Array.IndexOf(BinarySuffixes, suffix);
        if (power > 0)
        {
            binary = true;
            format = QuantityFormat.BinarySI;
            exponent = power * 10;
            return true;
        }

        format = QuantityFormat.DecimalExponent;
        if (suffix.Length > 1 && (suffix[0] == 'e' || suffix[0] == 'E')
            && TryParseGoInt64(suffix.AsSpan(1), out var parsed)
            && parsed >= -int.MaxValue && parsed <= int.MaxValue)
        {
            exponent = (int)parsed;
            return true;
        }

        return false;
    }

    // strconv.ParseInt(s, 10, 64): optional sign, at least one ASCII digit, int64 range.
    private static bool TryParseGoInt64(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
        }

        UInt128 magnitude = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            magnitude = (magnitude * 10) + (uint)(c - '0');
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                return false;
            }
        }

        if (!negative && magnitude > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(-(Int128)magnitude) : (long)magnitude;
        return true;
    }

    private static string DecimalSuffix(int exponent, QuantityFormat format)
    {
        if (format == QuantityFormat.DecimalSI)
        {
            switch (exponent)
            {
                case -9: return "n";
                case -6: return "u";
                case -3: return "m";
                case 0: return string.Empty;
                case 3: return "k";
                case 6: return "M";
                case 9: return "G";
                case 12: return "T";
                case 15: return "P";
                case 18: return "E";
            }

            // No decimal SI suffix beyond E: fall back to exponent notation.
        }

        return exponent == 0 ? string.Empty : "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static long Saturate(Int128 value) =>
        value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;

    private static string Describe(string input, string reason) =>
        "invalid quantity \"" + input + "\": " + reason;

    private static Int128[] BuildPow10()
    {
        var table = new Int128[39];
        table[0] = Int128.One;
        for (var i = 1; i < table.Length; i++)
        {
            table[i] = table[i - 1] * 10;
        }

        return table;
    }
}
