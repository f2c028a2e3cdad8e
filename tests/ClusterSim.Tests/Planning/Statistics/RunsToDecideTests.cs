using ClusterSim.Planning.Statistics;

namespace ClusterSim.Tests.Planning.Statistics;

/// <summary>
/// The runs an inconclusive verdict would need. For fixed p̂ the Wilson interval excludes t exactly when
/// (p̂ - t)² &gt; z² t (1 - t) / n (the score test rejects), so the answer is the smallest n above
/// z² t (1 - t) / (p̂ - t)²: 72.99 for p̂ = 0.90 or 1.00 against 0.95, 8.11 for 0.80, 114.04 for 0.99 (mpmath).
/// </summary>
public class RunsToDecideTests
{
    private static readonly double Z = ProportionInterval.Z(0.95);

    [Theory]
    [InlineData(0.90, 0.95, 50, 73)]
    [InlineData(1.00, 0.95, 20, 73)]
    [InlineData(0.80, 0.95, 1, 9)]
    [InlineData(0.99, 0.95, 30, 115)]
    public void MatchesTheScoreTestBoundary(double observed, double target, int current, int expected)
    {
        Assert.Equal(expected, RunsToDecide.Estimate(observed, target, current));
    }

    [Fact]
    public void AlreadyDecidedReturnsTheCurrentRuns()
    {
        Assert.Equal(100, RunsToDecide.Estimate(0.5, 0.95, 100));
        Assert.Equal(200, RunsToDecide.Estimate(0.9, 0.95, 200));
    }

    [Fact]
    public void AnObservedRateAtTheTargetNeverDecides()
    {
        Assert.Null(RunsToDecide.Estimate(0.95, 0.95, 10));
        // 0.94 against 0.95 needs about 1825 runs; a limit of 1000 is not enough.
        Assert.Null(RunsToDecide.Estimate(0.94, 0.95, 10, limit: 1000));
        Assert.Equal(1825, RunsToDecide.Estimate(0.94, 0.95, 10));
    }

    [Fact]
    public void TheEstimateReallyDecidesAndOneRunFewerDoesNot()
    {
        const double target = 0.95;
        for (int i = 0; i <= 100; i++)
        {
            double observed = i / 100.0;
            int? n = RunsToDecide.Estimate(observed, target, 10);
            if (n is not int runs)
            {
                Assert.InRange(observed, 0.93, 0.97);
                continue;
            }

            var (lower, upper) = ProportionInterval.WilsonBounds(observed, runs, Z);
            Assert.True(lower > target || upper < target, $"p̂={observed}: n={runs} does not decide");
            if (runs > 10)
            {
                var (l1, u1) = ProportionInterval.WilsonBounds(observed, runs - 1, Z);
                Assert.False(l1 > target || u1 < target, $"p̂={observed}: n-1={runs - 1} already decides");
            }
        }
    }

    [Fact]
    public void FartherFromTheTargetNeedsNoMoreRuns()
    {
        int? previous = null;
        for (int i = 0; i <= 94; i++)
        {
            // From 0.94 down to 0.0: moving away from 0.95 below it.
            double observed = (94 - i) / 100.0;
            int? n = RunsToDecide.Estimate(observed, 0.95, 1);
            Assert.NotNull(n);
            Assert.True(previous is null || n <= previous, $"p̂={observed}: {n} > {previous}");
            previous = n;
        }

        previous = null;
        for (int i = 96; i <= 100; i++)
        {
            double observed = i / 100.0;
            int? n = RunsToDecide.Estimate(observed, 0.95, 1);
            Assert.NotNull(n);
            Assert.True(previous is null || n <= previous, $"p̂={observed}: {n} > {previous}");
            previous = n;
        }

        // More current runs never lowers the answer.
        Assert.Equal(73, RunsToDecide.Estimate(0.9, 0.95, 73));
        Assert.Equal(74, RunsToDecide.Estimate(0.9, 0.95, 74));
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RunsToDecide.Estimate(1.5, 0.95, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunsToDecide.Estimate(0.5, 0.95, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunsToDecide.Estimate(0.5, 0.95, 10, limit: 0));
    }
}
