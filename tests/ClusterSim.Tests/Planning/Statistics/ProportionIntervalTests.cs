using ClusterSim.Planning.Statistics;

namespace ClusterSim.Tests.Planning.Statistics;

/// <summary>
/// Wilson and Clopper-Pearson intervals against Newcombe (1998), "Two-sided confidence intervals for the single
/// proportion: comparison of seven methods", Statistics in Medicine 17:857-872, Table II (methods 3 and 5), to
/// the four decimals the paper prints. Every expected value here was also recomputed independently with mpmath
/// at 30 digits (Wilson from its closed form, Clopper-Pearson by bisection on the regularized incomplete Beta).
/// </summary>
public class ProportionIntervalTests
{
    private static void AssertFourDecimals(double expected, double actual) =>
        Assert.Equal(expected, Math.Round(actual, 4, MidpointRounding.AwayFromZero), 10);

    [Theory]
    // Newcombe 1998 Table II, method 3 (score, no continuity correction).
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void WilsonMatchesNewcombe(int successes, int trials, double lower, double upper)
    {
        var (l, u) = ProportionInterval.Wilson(successes, trials);
        AssertFourDecimals(lower, l);
        AssertFourDecimals(upper, u);
    }

    [Theory]
    // Newcombe 1998 Table II, method 5 (exact, Clopper-Pearson). For 81/263 the exact interval is
    // 0.2527-0.3676 (mpmath: 0.252737, 0.367622); 0.2522 is that table's simple asymptotic (Wald) lower bound.
    [InlineData(81, 263, 0.2527, 0.3676)]
    [InlineData(15, 148, 0.0578, 0.1617)]
    [InlineData(0, 20, 0.0, 0.1684)]
    [InlineData(1, 29, 0.0009, 0.1776)]
    public void ClopperPearsonMatchesNewcombe(int successes, int trials, double lower, double upper)
    {
        var (l, u) = ProportionInterval.ClopperPearson(successes, trials);
        AssertFourDecimals(lower, l);
        AssertFourDecimals(upper, u);
    }

    [Fact]
    public void ClopperPearsonAtTheEndsHasClosedForms()
    {
        // k = n: lower = (α/2)^(1/n); 0.025^(1/100) = 0.963783307... (mpmath).
        var (lower, upper) = ProportionInterval.ClopperPearson(100, 100);
        Assert.Equal(Math.Pow(0.025, 1.0 / 100), lower, 9);
        Assert.Equal(0.96378, Math.Round(lower, 5), 10);
        Assert.Equal(1.0, upper);

        // k = 0 mirrors it: upper = 1 - (α/2)^(1/n).
        var (lower0, upper0) = ProportionInterval.ClopperPearson(0, 20);
        Assert.Equal(0.0, lower0);
        Assert.Equal(1 - Math.Pow(0.025, 1.0 / 20), upper0, 9);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(300)]
    [InlineData(1000)]
    public void ZeroOfNObeysTheRuleOfThree(int n)
    {
        // The rule of three (Hanley and Lippman-Hand 1983): with 0 events in n, the one-sided 95% upper bound is
        // about 3/n. A two-sided 90% Clopper-Pearson interval has that one-sided 95% bound: 1 - 0.05^(1/n),
        // just under -ln(0.05)/n = 2.996/n.
        var (_, upper) = ProportionInterval.ClopperPearson(0, n, 0.90);
        Assert.InRange(upper * n, 2.95, 3.0);
        // And by symmetry every run passing gives a lower bound about 1 - 3/n.
        var (lower, _) = ProportionInterval.ClopperPearson(n, n, 0.90);
        Assert.InRange((1 - lower) * n, 2.95, 3.0);
    }

    [Fact]
    public void EstimateUsesWilsonExceptWhenAllRunsAgree()
    {
        var mixed = ProportionInterval.Estimate(81, 263);
        Assert.Equal("Wilson", mixed.Method);
        Assert.Equal((81, 263), (mixed.Successes, mixed.Trials));
        Assert.Equal(81.0 / 263, mixed.Point);
        Assert.Equal(ProportionInterval.Wilson(81, 263), (mixed.Lower, mixed.Upper));

        var allPassed = ProportionInterval.Estimate(100, 100);
        Assert.Equal("Clopper-Pearson", allPassed.Method);
        Assert.Equal(1.0, allPassed.Point);
        Assert.Equal(ProportionInterval.ClopperPearson(100, 100), (allPassed.Lower, allPassed.Upper));

        var allFailed = ProportionInterval.Estimate(0, 20);
        Assert.Equal("Clopper-Pearson", allFailed.Method);
        Assert.Equal(0.0, allFailed.Lower);
        Assert.Equal(0.1684, Math.Round(allFailed.Upper, 4), 10);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.Estimate(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(11, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.ClopperPearson(1, 10, 1.0));
    }

    [Fact]
    public void EveryIntervalUpToThirtyTrialsIsInTheUnitRangeAndContainsTheObservedRate()
    {
        for (int n = 1; n <= 30; n++)
        {
            for (int k = 0; k <= n; k++)
            {
                double pHat = (double)k / n;
                var (wl, wu) = ProportionInterval.Wilson(k, n);
                var (cl, cu) = ProportionInterval.ClopperPearson(k, n);
                foreach (var (lower, upper) in new[] { (wl, wu), (cl, cu) })
                {
                    Assert.InRange(lower, 0.0, pHat);
                    Assert.InRange(upper, pHat, 1.0);
                    Assert.True(lower < upper, $"{k}/{n}: empty interval");
                }

                // Mirror symmetry: k/n and (n-k)/n give reflected intervals.
                var (ml, mu) = ProportionInterval.Wilson(n - k, n);
                Assert.Equal(1 - wu, ml, 12);
                Assert.Equal(1 - wl, mu, 12);
            }
        }
    }
}
