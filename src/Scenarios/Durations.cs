using System.Globalization;
using System.Text;

namespace ClusterSim.Scenarios;

/// <summary>
/// Go's time.ParseDuration (the syntax kubectl and the scenario format use: "500ms", "90s", "1m30s", "2h",
/// "-1.5h"), with Go's error texts. Go counts nanoseconds; a TimeSpan counts 100 ns ticks, so the result is
/// truncated toward zero to whole ticks. Interim copy until ClusterSim.Sim.Api.GoDuration is merged.
/// </summary>
internal static class Durations
{
    private const ulong NanosecondsPerTick = 100;

    /// <summary>The hint appended to errors: what a duration looks like.</summary>
    public const string Expected = "expected a duration such as 500ms, 90s, 1m30s, 2h";

    private static readonly (string Unit, ulong Nanoseconds)[] Units =
    [
        ("ns", 1),
        ("us", 1_000),
        ("\u00b5s", 1_000), // U+00B5 micro sign
        ("\u03bcs", 1_000), // U+03BC Greek mu
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
        ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
    ];

    /// <summary>Parses <paramref name="s"/>; on failure <paramref name="error"/> is Go's message.</summary>
    public static bool TryParse(string s, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        string orig = s;
        ulong d = 0;
        bool neg = false;
        int i = 0;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            neg = s[0] == '-';
            i = 1;
        }

        if (s.Length - i == 1 && s[i] == '0')
        {
            return true;
        }

        if (i == s.Length)
        {
            error = "time: invalid duration " + Quote(orig);
            return false;
        }

        while (i < s.Length)
        {
            ulong v = 0, f = 0;
            double scale = 1;
            if (!(s[i] == '.' || IsDigit(s[i])))
            {
                error = "time: invalid duration " + Quote(orig);
                return false;
            }

            // leadingInt
            int start = i;
            for (; i < s.Length && IsDigit(s[i]); i++)
            {
                if (v > (1UL << 63) / 10)
                {
                    error = "time: invalid duration " + Quote(orig);
                    return false;
                }

                v = (v * 10) + (ulong)(s[i] - '0');
                if (v > 1UL << 63)
                {
                    error = "time: invalid duration " + Quote(orig);
                    return false;
                }
            }

            bool pre = i != start;
            bool post = false;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                int fstart = i;
                bool overflow = false;
                for (; i < s.Length && IsDigit(s[i]); i++)
                {
                    if (overflow)
                    {
                        continue;
                    }

                    if (f > long.MaxValue / 10)
                    {
                        overflow = true;
                        continue;
                    }

                    ulong y = (f * 10) + (ulong)(s[i] - '0');
                    if (y > 1UL << 63)
                    {
                        overflow = true;
                        continue;
                    }

                    f = y;
                    scale *= 10;
                }

                post = i != fstart;
            }

            if (!pre && !post)
            {
                error = "time: invalid duration " + Quote(orig);
                return false;
            }

            int ustart = i;
            for (; i < s.Length && s[i] != '.' && !IsDigit(s[i]); i++)
            {
            }

            if (i == ustart)
            {
                error = "time: missing unit in duration " + Quote(orig);
                return false;
            }

            string u = s[ustart..i];
            ulong unit = 0;
            foreach (var (name, ns) in Units)
            {
                if (string.Equals(name, u, StringComparison.Ordinal))
                {
                    unit = ns;
                }
            }

            if (unit == 0)
            {
                error = "time: unknown unit " + Quote(u) + " in duration " + Quote(orig);
                return false;
            }

            if (v > (1UL << 63) / unit)
            {
                error = "time: invalid duration " + Quote(orig);
                return false;
            }

            v *= unit;
            if (f > 0)
            {
                v += (ulong)(f * (unit / scale));
                if (v > 1UL << 63)
                {
                    error = "time: invalid duration " + Quote(orig);
                    return false;
                }
            }

            d += v;
            if (d > 1UL << 63)
            {
                error = "time: invalid duration " + Quote(orig);
                return false;
            }
        }

        if (!neg && d > long.MaxValue)
        {
            error = "time: invalid duration " + Quote(orig);
            return false;
        }

        long ticks = (long)(d / NanosecondsPerTick);
        value = TimeSpan.FromTicks(neg ? -ticks : ticks);
        return true;
    }

    /// <summary>Formats like Go's Duration.String for whole ticks: "1h2m3.5s", "500ms", "0s".</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        long ticks = value.Ticks;
        if (ticks < 0)
        {
            sb.Append('-');
            ticks = -ticks;
        }

        if (ticks < TimeSpan.TicksPerSecond)
        {
            // Sub-second: Go prints ms, or µs below a millisecond.
            return ticks >= TimeSpan.TicksPerMillisecond
                ? sb.Append(Fraction(ticks, TimeSpan.TicksPerMillisecond)).Append("ms").ToString()
                : sb.Append(Fraction(ticks, 10)).Append("\u00b5s").ToString();
        }

        long hours = ticks / TimeSpan.TicksPerHour;
        long minutes = ticks / TimeSpan.TicksPerMinute % 60;
        long rest = ticks % TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(Fraction(rest, TimeSpan.TicksPerSecond)).Append('s');
        return sb.ToString();
    }

    private static string Fraction(long ticks, long per)
    {
        string whole = (ticks / per).ToString(CultureInfo.InvariantCulture);
        long frac = ticks % per;
        if (frac == 0)
        {
            return whole;
        }

        int digits = (int)Math.Round(Math.Log10(per));
        return whole + "." + frac.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>Go's strconv.Quote for the ASCII we meet here.</summary>
    internal static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
