using System.Globalization;
using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;

namespace ClusterSim.Reports.Plan;

/// <summary>How the plan report writes probabilities, metric values, p-values and configurations (invariant culture).</summary>
internal static class PlanFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// A probability with two decimals, or more where two would mislead: where rounding would carry it onto the
    /// other side of <paramref name="target"/>, or to 0 or 1 when not exactly 0 or 1 (0.9496 against 0.95 is
    /// "0.9496", not "0.95").
    /// </summary>
    public static string Probability(double p, double target)
    {
        if (!double.IsFinite(p))
        {
            return "n/a";
        }

        for (int decimals = 2; decimals < 6; decimals++)
        {
            double r = Math.Round(p, decimals, MidpointRounding.AwayFromZero);
            bool sameSide = (p >= target) == (r >= target);
            bool keepsEdges = (p >= 1 || r < 1) && (p <= 0 || r > 0);
            if (sameSide && keepsEdges)
            {
                return r.ToString("F" + decimals.ToString(Inv), Inv);
            }
        }

        return p.ToString("R", Inv);
    }

    /// <summary>"0.98 [0.93, 0.99]".</summary>
    public static string Interval(ProportionEstimate e, double target) =>
        Probability(e.Point, target) + " [" + Probability(e.Lower, target) + ", " + Probability(e.Upper, target) + "]";

    /// <summary>A p-value with its sign: "p=0.004", "p=0.5", "p&lt;0.001".</summary>
    public static string PValue(double p) =>
        p < 0.001 ? "p<0.001" : "p=" + (p < 0.01 ? p.ToString("0.###", Inv) : p.ToString("0.##", Inv));

    /// <summary>A value of <paramref name="metric"/>: seconds as durations, fractions with enough digits, other numbers with two decimals at most.</summary>
    public static string Metric(string metric, double value) => (MetricCatalog.Find(metric)?.Unit ?? MetricUnit.Number) switch
    {
        MetricUnit.Seconds => Formatting.Duration(value),
        MetricUnit.Fraction => Fraction(value),
        _ => Plain(value),
    };

    /// <summary>A bound of a quantile's interval, "n/a" when there are too few runs to give it.</summary>
    public static string Bound(string metric, double? value) => value is { } v ? Metric(metric, v) : "n/a";

    /// <summary>"2m30s [2m10s, n/a]".</summary>
    public static string Quantile(string metric, QuantileEstimate q) =>
        Metric(metric, q.Point) + " [" + Bound(metric, q.Lower) + ", " + Bound(metric, q.Upper) + "]";

    /// <summary>
    /// A fraction with four decimals, or up to eight where four would round it to 0 or 1 (0.99996 is not shown as 1),
    /// trailing zeros dropped.
    /// </summary>
    public static string Fraction(double v)
    {
        if (!double.IsFinite(v))
        {
            return "n/a";
        }

        for (int decimals = 4; decimals <= 8; decimals++)
        {
            double r = Math.Round(v, decimals, MidpointRounding.AwayFromZero);
            if ((v >= 1 || r < 1) && (v <= 0 || r > 0))
            {
                return Zero(r).ToString("0." + new string('#', decimals), Inv);
            }
        }

        return v.ToString("R", Inv);
    }

    /// <summary>A plain number with at most two decimals.</summary>
    public static string Plain(double v) =>
        double.IsFinite(v) ? Zero(Math.Round(v, 2, MidpointRounding.AwayFromZero)).ToString("0.##", Inv) : "n/a";

    /// <summary>A count.</summary>
    public static string Count(long n) => n.ToString(Inv);

    /// <summary>"#3" (the configuration's grid index, as in configs.csv and runs.csv).</summary>
    public static string Id(int index) => "#" + index.ToString(Inv);

    /// <summary>
    /// A configuration in few words for plots: each setting with the last part of its key ("count=4, cpu=8"),
    /// the whole key where two axes end alike.
    /// </summary>
    public static string ShortLabel(Configuration c)
    {
        if (c.Settings.Count == 0)
        {
            return "as written";
        }

        var lasts = c.Settings.Select(s => LastPart(s.Key)).ToList();
        return string.Join(", ", c.Settings.Select((s, i) =>
            (lasts.Count(l => l == lasts[i]) > 1 ? s.Key : lasts[i]) + "=" + s.Value));
    }

    /// <summary>The verdict in words: "meets", "fails", "inconclusive (~40 runs would decide)".</summary>
    public static string Verdict(Verdict v, int? runsToDecide) => v switch
    {
        Planning.Analysis.Verdict.Meets => "meets",
        Planning.Analysis.Verdict.Fails => "fails",
        _ => runsToDecide is { } n ? "inconclusive (~" + Count(n) + " runs would decide)" : "inconclusive",
    };

    /// <summary>The paired test against the next-cheaper configuration in words.</summary>
    public static string Versus(PairedComparison? p)
    {
        if (p is null)
        {
            return "cheapest";
        }

        string counts = Count(p.OnlyThisPassed) + " vs " + Count(p.OnlyCheaperPassed) + " seeds, " + PValue(p.PValue);
        if (p.CheaperIsWorse)
        {
            return Id(p.CheaperConfig) + " is worse: " + counts;
        }

        if (p.OnlyCheaperPassed > p.OnlyThisPassed && p.PValue < 0.05)
        {
            return Id(p.CheaperConfig) + " is better: " + counts;
        }

        return "no significant difference from " + Id(p.CheaperConfig) + " (" + counts + ")";
    }

    /// <summary>A shell word: as is when safe, else single-quoted.</summary>
    public static string ShellWord(string s) =>
        s.Length > 0 && s.All(ch => char.IsAsciiLetterOrDigit(ch) || "._/-+:@,=%".Contains(ch, StringComparison.Ordinal))
            ? s
            : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string LastPart(string key)
    {
        int dot = key.LastIndexOf('.');
        return dot < 0 ? key : key[(dot + 1)..];
    }

    // Rounding can give -0, which would print as "-0".
    private static double Zero(double v) => v == 0 ? 0 : v;
}
