using ClusterSim.Planning.Analysis;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace ClusterSim.Planning.Statistics;

/// <summary>
/// A quantile of a metric over n runs, with a distribution-free confidence interval from order statistics.
/// <para>
/// Point: the inverse of the empirical CDF (Hyndman and Fan 1996 type 1, R's <c>quantile(type = 1)</c>,
/// MathNet <see cref="QuantileDefinition.EmpiricalInvCDF"/>): the smallest observed value with at least a
/// fraction p of the runs at or below it, X(⌈n p⌉) of the sorted values X(1) ≤ … ≤ X(n). It is always an
/// observed value (no interpolation).
/// </para>
/// <para>
/// Interval (Conover, Practical Nonparametric Statistics, 3rd ed. 1999, the confidence interval for a
/// quantile; Hahn and Meeker, Statistical Intervals 1991, ch. 5): with B ~ Binomial(n, p) the number of runs at or below the true p-quantile,
/// P(X(l) ≤ ξp ≤ X(u)) ≥ P(l ≤ B &lt; u) for any distribution (equality when it is continuous). With
/// α = 1 - confidence, the lower bound is X(l) for the LARGEST l in 1..n with P(B ≤ l - 1) ≤ α/2, and the upper
/// bound is X(u) for the SMALLEST u in 1..n with P(B ≥ u) ≤ α/2. Each tail therefore misses with probability
/// at most α/2 and the two-sided coverage is at least the confidence; the rule is the equal-tailed conservative
/// one, with no trading of probability between tails. A bound is null when no order statistic in 1..n
/// qualifies: the lower when (1 - p)ⁿ &gt; α/2, the upper when pⁿ &gt; α/2 ("too few runs"; for p = 0.99 at
/// 95% that is fewer than 367 runs for the upper bound).
/// </para>
/// Cost: O(n log n) for sorting a copy (the input is never mutated) plus O(log n) binomial CDF evaluations
/// (MathNet, each a regularized incomplete Beta). Deterministic: no randomness, no bootstrap.
/// </summary>
public static class QuantileInterval
{
    /// <summary>The method in one sentence, for the report.</summary>
    public const string Method =
        "p-quantile: inverse empirical CDF (Hyndman-Fan type 1, the smallest run value with at least a fraction p of runs at or below it); "
        + "95% interval: distribution-free order statistics from the binomial, each tail at most 2.5% (Conover 1999), "
        + "a bound left empty when there are too few runs to give it";

    /// <summary>
    /// The <paramref name="probability"/>-quantile of <paramref name="values"/> with its
    /// <paramref name="confidence"/> interval, as the class comment defines them. O(n log n).
    /// </summary>
    /// <exception cref="ArgumentException">values is empty or contains NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">probability or confidence outside (0, 1).</exception>
    public static QuantileEstimate Estimate(IReadOnlyList<double> values, double probability, double confidence = ProportionInterval.DefaultConfidence)
    {
        ArgumentNullException.ThrowIfNull(values);
        return EstimateSorted(SortedCopy(values), probability, confidence);
    }

    /// <summary>
    /// The order-statistic ranks (1-based) of the interval for the <paramref name="probability"/>-quantile of
    /// <paramref name="n"/> runs at <paramref name="confidence"/>, each null when too few runs; the rule of
    /// the class comment. O(log n) binomial CDF evaluations.
    /// </summary>
    internal static (int? Lower, int? Upper) Ranks(int n, double probability, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        CheckOpenUnit(probability, nameof(probability));
        CheckOpenUnit(confidence, nameof(confidence));
        double tail = (1 - confidence) / 2;

        // Lower: P(B <= l - 1) grows with l; find the largest l in 1..n with it <= tail.
        int? lower = null;
        int lo = 1, hi = n;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (Binomial.CDF(probability, n, mid - 1) <= tail)
            {
                lower = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // Upper: P(B >= u) = 1 - P(B <= u - 1) shrinks with u; find the smallest u in 1..n with it <= tail.
        int? upper = null;
        lo = 1;
        hi = n;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (1 - Binomial.CDF(probability, n, mid - 1) <= tail)
            {
                upper = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return (lower, upper);
    }

    /// <summary>
    /// <see cref="Estimate"/> on values already sorted ascending (the caller's array is read, not changed), so
    /// that several quantiles of one metric share one sort. O(log n) binomial CDF evaluations.
    /// </summary>
    internal static QuantileEstimate EstimateSorted(double[] sorted, double probability, double confidence)
    {
        var (l, u) = Ranks(sorted.Length, probability, confidence);
        double point = SortedArrayStatistics.QuantileCustom(sorted, probability, QuantileDefinition.EmpiricalInvCDF);
        return new QuantileEstimate(probability, point, l is int li ? sorted[li - 1] : null, u is int ui ? sorted[ui - 1] : null);
    }

    /// <summary>A sorted copy of <paramref name="values"/>; throws when it is empty or holds NaN. O(n log n).</summary>
    internal static double[] SortedCopy(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var sorted = new double[values.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException("value " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " is NaN", nameof(values));
            }

            sorted[i] = values[i];
        }

        Array.Sort(sorted);
        return sorted;
    }

    private static void CheckOpenUnit(double x, string name)
    {
        if (!(x > 0 && x < 1))
        {
            throw new ArgumentOutOfRangeException(name, x, "must lie strictly between 0 and 1");
        }
    }
}
