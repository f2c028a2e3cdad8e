using ClusterSim.Planning.Statistics;

namespace ClusterSim.Tests.Planning.Statistics;

/// <summary>
/// Quantile point estimates (inverse empirical CDF, Hyndman-Fan type 1) and the distribution-free order-statistic
/// intervals (Conover, Practical Nonparametric Statistics, 3rd ed. 1999, the confidence interval for a quantile).
/// The expected ranks are those of the usual tables for the median and were recomputed here with exact binomial
/// sums (mpmath, 30 digits): n = 10 gives (X(2), X(9)) with coverage 1002/1024 = 0.978515625; n = 20 gives
/// (X(6), X(15)) with 0.958611; n = 100 gives (X(40), X(61)) with tails P(B &lt;= 39) = P(B &gt;= 61) = 0.017600
/// (and P(B &lt;= 40) = 0.028444 &gt; 0.025, so 40 is the largest lower rank).
/// </summary>
public class QuantileIntervalTests
{
    [Theory]
    [InlineData(10, 0.5, 2, 9)]
    [InlineData(20, 0.5, 6, 15)]
    [InlineData(100, 0.5, 40, 61)]
    [InlineData(6, 0.5, 1, 6)]
    [InlineData(100, 0.95, 90, 100)]
    [InlineData(368, 0.99, 360, 368)]
    [InlineData(1000, 0.99, 983, 997)]
    public void RanksMatchTheBinomial(int n, double p, int lower, int upper)
    {
        Assert.Equal((lower, upper), QuantileInterval.Ranks(n, p, 0.95));
    }

    [Fact]
    public void TheMedianOfTenHasTheTabulatedCoverage()
    {
        var (l, u) = QuantileInterval.Ranks(10, 0.5, 0.95);
        // P(2 <= B < 9), B ~ Binomial(10, 1/2) = (1024 - 2 * (1 + 10)) / 1024.
        Assert.Equal(1002.0 / 1024, Coverage(10, 0.5, l!.Value, u!.Value), 12);
        Assert.Equal(0.9785, Math.Round(Coverage(10, 0.5, 2, 9), 4), 10);
    }

    [Fact]
    public void TooFewRunsLeaveABoundEmpty()
    {
        // p99 of 100 runs: P(B >= 100) = 0.99^100 = 0.366 > 0.025, so no order statistic is an upper bound.
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        var p99 = QuantileInterval.Estimate(values, 0.99);
        Assert.Null(p99.Upper);
        Assert.Equal(97.0, p99.Lower);
        Assert.Equal(99.0, p99.Point);

        // 0.99^367 = 0.02501 > 0.025 >= 0.99^368 = 0.02476: the upper bound first exists at 368 runs.
        Assert.Null(QuantileInterval.Ranks(367, 0.99, 0.95).Upper);
        Assert.Equal(368, QuantileInterval.Ranks(368, 0.99, 0.95).Upper);

        // Five runs cannot bound the median at 95% on either side: 0.5^5 = 0.03125 > 0.025.
        var median = QuantileInterval.Estimate([5.0, 1.0, 4.0, 2.0, 3.0], 0.5);
        Assert.Equal(3.0, median.Point);
        Assert.Null(median.Lower);
        Assert.Null(median.Upper);
    }

    [Fact]
    public void ThePointIsTheSmallestValueWithAtLeastPOfTheRunsAtOrBelowIt()
    {
        // R: quantile(1:10, c(0.1, 0.11, 0.5, 0.51, 0.95), type = 1) gives 1 2 5 6 10.
        double[] values = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];
        double[] copy = [.. values];
        Assert.Equal(1.0, QuantileInterval.Estimate(values, 0.10).Point);
        Assert.Equal(2.0, QuantileInterval.Estimate(values, 0.11).Point);
        Assert.Equal(5.0, QuantileInterval.Estimate(values, 0.50).Point);
        Assert.Equal(6.0, QuantileInterval.Estimate(values, 0.51).Point);
        Assert.Equal(10.0, QuantileInterval.Estimate(values, 0.95).Point);
        Assert.Equal(copy, values);

        var median = QuantileInterval.Estimate(values, 0.5);
        Assert.Equal((2.0, 9.0), (median.Lower!.Value, median.Upper!.Value));
        Assert.Equal(0.5, median.Probability);
    }

    [Fact]
    public void ThePointMatchesItsDefinitionForEverySmallSample()
    {
        double[] probabilities = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];
        for (int n = 1; n <= 40; n++)
        {
            var values = Enumerable.Range(0, n).Select(i => (double)((i * 7) % n)).ToArray();
            foreach (double p in probabilities)
            {
                double point = QuantileInterval.Estimate(values, p).Point;
                // The smallest value v with #(x <= v) >= p n (p n compared in exact decimal: p has two decimals).
                double expected = values.Order().First(v => values.Count(x => x <= v) * 100 >= Math.Round(p * 100) * n);
                Assert.Equal(expected, point);
            }
        }
    }

    [Fact]
    public void EveryIntervalFollowsTheEqualTailRuleAndCoversAtLeastTheConfidence()
    {
        double[] probabilities = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];
        const double tail = 0.025;
        for (int n = 1; n <= 60; n++)
        {
            foreach (double p in probabilities)
            {
                var (l, u) = QuantileInterval.Ranks(n, p, 0.95);
                // Lower: the largest l with P(B <= l - 1) <= tail, null when even l = 1 fails.
                if (l is int lo)
                {
                    Assert.True(Cdf(n, p, lo - 1) <= tail, $"n={n} p={p}");
                    Assert.True(lo == n || Cdf(n, p, lo) > tail, $"n={n} p={p}: not the largest");
                }
                else
                {
                    Assert.True(Cdf(n, p, 0) > tail, $"n={n} p={p}");
                }

                // Upper: the smallest u with P(B >= u) <= tail, null when even u = n fails.
                if (u is int hi)
                {
                    Assert.True(1 - Cdf(n, p, hi - 1) <= tail, $"n={n} p={p}");
                    Assert.True(hi == 1 || 1 - Cdf(n, p, hi - 2) > tail, $"n={n} p={p}: not the smallest");
                }
                else
                {
                    Assert.True(Math.Pow(p, n) > tail, $"n={n} p={p}");
                }

                if (l is int a && u is int b)
                {
                    Assert.True(a < b);
                    Assert.True(Coverage(n, p, a, b) >= 0.95, $"n={n} p={p}");
                }
            }
        }
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => QuantileInterval.Estimate([], 0.5));
        Assert.Throws<ArgumentException>(() => QuantileInterval.Estimate([1.0, double.NaN], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileInterval.Estimate([1.0], 1.0));
    }

    [Fact]
    public void TheMethodNamesTheDefinitions()
    {
        Assert.Contains("Hyndman-Fan type 1", QuantileInterval.Method, StringComparison.Ordinal);
        Assert.Contains("order statistics", QuantileInterval.Method, StringComparison.Ordinal);
    }

    /// <summary>P(B &lt;= k) for B ~ Binomial(n, p) by direct summation (independent of MathNet; fine for n &lt;= 60).</summary>
    private static double Cdf(int n, double p, int k)
    {
        double sum = 0;
        for (int i = 0; i <= k && i <= n; i++)
        {
            sum += Choose(n, i) * Math.Pow(p, i) * Math.Pow(1 - p, n - i);
        }

        return sum;
    }

    private static double Choose(int n, int k)
    {
        double c = 1;
        for (int i = 1; i <= k; i++)
        {
            c = c * (n - k + i) / i;
        }

        return c;
    }

    /// <summary>P(l &lt;= B &lt; u): the coverage of (X(l), X(u)).</summary>
    private static double Coverage(int n, double p, int l, int u) => Cdf(n, p, u - 1) - Cdf(n, p, l - 1);
}
