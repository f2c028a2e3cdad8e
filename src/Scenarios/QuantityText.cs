using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios;

/// <summary>
/// Checks Kubernetes quantity syntax (resource.ParseQuantity: "100m", "0.5", "2", "128Mi", "1Gi", "500M", "1e9")
/// with Kubernetes' error texts, and builds the <see cref="Quantity"/>. The value is rounded up to whole
/// milli-units, as Quantity.MilliValue does. Once the full Quantity (with TryParse) is merged this can defer
/// to it; until then it guards the placeholder, which accepts and misreads many strings.
/// </summary>
internal static class QuantityText
{
    /// <summary>resource.ErrFormatWrong.</summary>
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>resource.ErrSuffix.</summary>
    public const string SuffixError = "unable to parse quantity's suffix";

    /// <summary>Parses <paramref name="s"/>; on failure <paramref name="error"/> is Kubernetes' message.</summary>
    public static bool TryParse(string s, out Quantity value, out string? error)
    {
        value = default;
        if (!TryParseMilli(s, out long milli, out error))
        {
            return false;
        }

        value = Quantity.FromMilli(milli);
        try
        {
            // The real parser keeps the quantity's format (how kubectl prints it); use it when it agrees.
            var parsed = Quantity.Parse(s);
            if (parsed.MilliValue() == milli)
            {
                value = parsed;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
        }

        return true;
    }

    /// <summary>The value in milli-units, rounded up.</summary>
    public static bool TryParseMilli(string s, out long milli, out string? error)
    {
        milli = 0;
        error = FormatError;
        int pos = 0, end = s.Length;
        if (end == 0)
        {
            return false;
        }

        bool negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            pos++;
        }

        int numStart = pos;
        while (pos < end && char.IsAsciiDigit(s[pos]))
        {
            pos++;
        }

        string num = s[numStart..pos];
        string denom = "";
        if (pos < end && s[pos] == '.')
        {
            pos++;
            int denomStart = pos;
            while (pos < end && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }

            denom = s[denomStart..pos];
        }

        if (num.Length == 0 && denom.Length == 0)
        {
            return false;
        }

        int suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(s[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < end)
        {
            if (s[pos] is '+' or '-')
            {
                pos++;
            }

            while (pos < end && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }

            if (pos < end)
            {
                return false;
            }
        }

        string suffix = s[suffixStart..];
        int base10Exponent = 0;
        int base2Exponent = 0;
        switch (suffix)
        {
            case "": break;
            case "n": base10Exponent = -9; break;
            case "u": base10Exponent = -6; break;
            case "m": base10Exponent = -3; break;
            case "k": base10Exponent = 3; break;
            case "M": base10Exponent = 6; break;
            case "G": base10Exponent = 9; break;
            case "T": base10Exponent = 12; break;
            case "P": base10Exponent = 15; break;
            case "E": base10Exponent = 18; break;
            case "Ki": base2Exponent = 10; break;
            case "Mi": base2Exponent = 20; break;
            case "Gi": base2Exponent = 30; break;
            case "Ti": base2Exponent = 40; break;
            case "Pi": base2Exponent = 50; break;
            case "Ei": base2Exponent = 60; break;
            default:
                if (suffix.Length >= 2 && suffix[0] is 'e' or 'E'
                    && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int exp)
                    && exp is > -100 and < 100)
                {
                    base10Exponent = exp;
                    break;
                }

                error = SuffixError;
                return false;
        }

        try
        {
            // Milli-units: shift the decimal exponent by 3, then round up.
            decimal mantissa = decimal.Parse((num.Length == 0 ? "0" : num) + (denom.Length == 0 ? "" : "." + denom), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            int shift = base10Exponent + 3;
            decimal scaled = mantissa;
            for (; shift > 0; shift--)
            {
                scaled *= 10;
            }

            for (; shift < 0; shift++)
            {
                scaled /= 10;
            }

            for (int i = 0; i < base2Exponent; i++)
            {
                scaled *= 2;
            }

            if (negative)
            {
                scaled = -scaled;
            }

            scaled = decimal.Ceiling(scaled);
            if (scaled > long.MaxValue || scaled < long.MinValue)
            {
                error = "quantity " + Durations.Quote(s) + " is too large";
                return false;
            }

            milli = (long)scaled;
            error = null;
            return true;
        }
        catch (OverflowException)
        {
            error = "quantity " + Durations.Quote(s) + " is too large";
            return false;
        }
    }
}
