using System.Globalization;
using System.Text;

namespace ClusterSim.Sim.Api;

/// <summary>
/// Go duration strings (<c>500ms</c>, <c>1m30s</c>, <c>-1.5h</c>) as used throughout Kubernetes
/// APIs and flags: parsing exactly like Go's time.ParseDuration and formatting exactly like
/// time.Duration.String() (both in Go's src/time).
/// </summary>
/// <remarks>
/// Go durations are int64 nanoseconds (about ±292 years); <see cref="TimeSpan"/> has 100 ns ticks.
/// Parsing to a <see cref="TimeSpan"/> truncates toward zero to whole ticks, so
/// <c>Parse("-x") == -Parse("x")</c> always holds. Formatting a <see cref="TimeSpan"/> beyond Go's
/// range applies the same algorithm (hours just keep growing).
/// </remarks>
public static class GoDuration
{
    private const long Nanosecond = 1;
    private const long Microsecond = 1000 * Nanosecond;
    private const long Millisecond = 1000 * Microsecond;
    private const long Second = 1000 * Millisecond;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const ulong Limit = 1UL << 63;

    /// <summary>
    /// Parses a Go duration string into a <see cref="TimeSpan"/>, truncating toward zero to whole
    /// 100 ns ticks; throws <see cref="FormatException"/> with Go's error text on bad input.
    /// </summary>
    public static TimeSpan Parse(string s)
    {
        if (!TryParse(s, out var value, out var error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    /// <summary>
    /// Parses a Go duration string into a <see cref="TimeSpan"/>, truncating toward zero to whole
    /// 100 ns ticks. On failure returns false and Go's error text (e.g.
    /// <c>time: invalid duration "abc"</c>); never throws.
    /// </summary>
    public static bool TryParse(string? s, out TimeSpan value, out string? error)
    {
        if (TryParseNanoseconds(s, out var nanoseconds, out error))
        {
            value = TimeSpan.FromTicks(nanoseconds / TimeSpan.NanosecondsPerTick);
            return true;
        }

        value = TimeSpan.Zero;
        return false;
    }

    /// <summary>
    /// Parses a Go duration string into exact int64 nanoseconds (Go's time.Duration); throws
    /// <see cref="FormatException"/> with Go's error text on bad input.
    /// </summary>
    public static long ParseNanoseconds(string s)
    {
        if (!TryParseNanoseconds(s, out var value, out var error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    // Port of time.ParseDuration (Go src/time/format.go), including its float64 fraction arithmetic.
    /// <summary>
    /// Parses a Go duration string into exact int64 nanoseconds (Go's time.ParseDuration): a
    /// possibly signed sequence of decimal numbers, each with optional fraction and a unit among
    /// ns, us (µs, μs), ms, s, m, h. A bare "0" is the only unitless value. Never throws.
    /// </summary>
    public static bool TryParseNanoseconds(string? s, out long value, out string? error)
    {
        value = 0;
        var orig = s ?? string.Empty;
        var rest = orig.AsSpan();
        var neg = false;
        ulong d = 0;

        if (!rest.IsEmpty && (rest[0] == '-' || rest[0] == '+'))
        {
            neg = rest[0] == '-';
            rest = rest[1..];
        }

        if (rest.SequenceEqual("0"))
        {
            error = null;
            return true;
        }

        if (rest.IsEmpty)
        {
            return Fail("time: invalid duration " + Quote(orig), out error);
        }

        while (!rest.IsEmpty)
        {
            ulong f = 0;
            var scale = 1.0;

            // The next character must be [0-9.].
            if (!(rest[0] == '.' || char.IsAsciiDigit(rest[0])))
            {
                return Fail("time: invalid duration " + Quote(orig), out error);
            }

            var before = rest.Length;
            if (!LeadingInt(ref rest, out var v))
            {
                return Fail("time: invalid duration " + Quote(orig), out error);
            }

            var pre = before != rest.Length;

            var post = false;
            if (!rest.IsEmpty && rest[0] == '.')
            {
                rest = rest[1..];
                var fractionStart = rest.Length;
                LeadingFraction(ref rest, out f, out scale);
                post = fractionStart != rest.Length;
            }

            if (!pre && !post)
            {
                // No digits, e.g. ".s" or "-.s".
                return Fail("time: invalid duration " + Quote(orig), out error);
            }

            var i = 0;
            while (i < rest.Length && rest[i] != '.' && !char.IsAsciiDigit(rest[i]))
            {
                i++;
            }

            if (i == 0)
            {
                return Fail("time: missing unit in duration " + Quote(orig), out error);
            }

            var u = rest[..i];
            rest = rest[i..];
            if (!TryUnit(u, out var unit))
            {
                return Fail("time: unknown unit " + Quote(u.ToString()) + " in duration " + Quote(orig), out error);
            }

            if (v > Limit / unit)
            {
                return Fail("time: invalid duration " + Quote(orig), out error);
            }

            v *= unit;
            if (f > 0)
            {
                // float64 keeps fractions of hours nanosecond-accurate, exactly as Go computes it.
                v += (ulong)((double)f * ((double)unit / scale));
                if (v > Limit)
                {
                    return Fail("time: invalid duration " + Quote(orig), out error);
                }
            }

            d += v;
            if (d > Limit)
            {
                return Fail("time: invalid duration " + Quote(orig), out error);
            }
        }

        if (neg)
        {
            value = unchecked(-(long)d);
            error = null;
            return true;
        }

        if (d > Limit - 1)
        {
            return Fail("time: invalid duration " + Quote(orig), out error);
        }

        value = (long)d;
        error = null;
        return true;
    }

    /// <summary>
    /// Formats like Go's Duration.String(): <c>72h3m0.5s</c>, <c>1m30s</c>, <c>2h0m0s</c>,
    /// sub-second values as <c>500ms</c>/<c>1.5µs</c>, zero as <c>0s</c>. Exact for every
    /// <see cref="TimeSpan"/>.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        var nanoseconds = (Int128)value.Ticks * TimeSpan.NanosecondsPerTick;
        var negative = nanoseconds < 0;
        return FormatCore(negative, (UInt128)(negative ? -nanoseconds : nanoseconds));
    }

    /// <summary>Formats int64 nanoseconds exactly like Go's Duration.String().</summary>
    public static string FormatNanoseconds(long nanoseconds)
    {
        var negative = nanoseconds < 0;
        var magnitude = negative ? (UInt128)(-(Int128)nanoseconds) : (UInt128)nanoseconds;
        return FormatCore(negative, magnitude);
    }

    // Port of Duration.format, fmtFrac and fmtInt (Go src/time/time.go), widened to UInt128.
    private static string FormatCore(bool negative, UInt128 u)
    {
        var buf = new StringBuilder(40);
        if (u < Second)
        {
            // Durations under one second use smaller units, like 1.2ms.
            int prec;
            string unitText;
            if (u == 0)
            {
                return "0s";
            }
            else if (u < Microsecond)
            {
                prec = 0;
                unitText = "ns";
            }
            else if (u < Millisecond)
            {
                prec = 3;
                unitText = "\u00B5s";
            }
            else
            {
                prec = 6;
                unitText = "ms";
            }

            buf.Insert(0, unitText);
            u = FormatFraction(buf, u, prec);
            FormatInt(buf, u);
        }
        else
        {
            buf.Insert(0, 's');
            u = FormatFraction(buf, u, 9);

            // u is now integer seconds.
            FormatInt(buf, u % 60);
            u /= 60;

            // u is now integer minutes.
            if (u > 0)
            {
                buf.Insert(0, 'm');
                FormatInt(buf, u % 60);
                u /= 60;

                // u is now integer hours; stop at hours because days can be different lengths.
                if (u > 0)
                {
                    buf.Insert(0, 'h');
                    FormatInt(buf, u);
                }
            }
        }

        if (negative)
        {
            buf.Insert(0, '-');
        }

        return buf.ToString();
    }

    // Prepends the fraction of v/10^prec (".12345") without trailing zeros; returns v/10^prec.
    private static UInt128 FormatFraction(StringBuilder buf, UInt128 v, int prec)
    {
        var print = false;
        for (var i = 0; i < prec; i++)
        {
            var digit = (int)(v % 10);
            print = print || digit != 0;
            if (print)
            {
                buf.Insert(0, (char)('0' + digit));
            }

            v /= 10;
        }

        if (print)
        {
            buf.Insert(0, '.');
        }

        return v;
    }

    private static void FormatInt(StringBuilder buf, UInt128 v) =>
        buf.Insert(0, v.ToString(CultureInfo.InvariantCulture));

    // Port of leadingInt (Go src/time/format.go): consumes [0-9]*, failing on overflow past 1<<63.
    private static bool LeadingInt(ref ReadOnlySpan<char> s, out ulong x)
    {
        x = 0;
        var i = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                break;
            }

            if (x > Limit / 10)
            {
                return false;
            }

            x = (x * 10) + (ulong)(c - '0');
            if (x > Limit)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    // Port of leadingFraction (Go src/time/format.go): stops accumulating precision on overflow.
    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong x, out double scale)
    {
        x = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                break;
            }

            if (overflow)
            {
                continue;
            }

            if (x > (Limit - 1) / 10)
            {
                overflow = true;
                continue;
            }

            var y = (x * 10) + (ulong)(c - '0');
            if (y > Limit)
            {
                overflow = true;
                continue;
            }

            x = y;
            scale *= 10;
        }

        s = s[i..];
    }

    private static bool TryUnit(ReadOnlySpan<char> u, out ulong unit)
    {
        unit = u switch
        {
            "ns" => Nanosecond,
            "us" => Microsecond,
            "\u00B5s" => Microsecond, // U+00B5 micro sign
            "\u03BCs" => Microsecond, // U+03BC Greek small letter mu
            "ms" => Millisecond,
            "s" => Second,
            "m" => Minute,
            "h" => Hour,
            _ => 0UL,
        };
        return unit != 0;
    }

    // Port of quote (Go src/time/format.go): ASCII is kept (with \" and \\ escaped), everything
    // else is written as the \xNN escapes of its UTF-8 bytes.
    private static string Quote(string s)
    {
        var buf = new StringBuilder(s.Length + 2);
        buf.Append('"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value >= 0x80 || rune.Value < ' ')
            {
                var width = rune.EncodeToUtf8(utf8);
                for (var j = 0; j < width; j++)
                {
                    buf.Append("\\x").Append(utf8[j].ToString("x2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                if (rune.Value == '"' || rune.Value == '\\')
                {
                    buf.Append('\\');
                }

                buf.Append((char)rune.Value);
            }
        }

        buf.Append('"');
        return buf.ToString();
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
