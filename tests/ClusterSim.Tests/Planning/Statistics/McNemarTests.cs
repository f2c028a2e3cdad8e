using ClusterSim.Planning.Statistics;

namespace ClusterSim.Tests.Planning.Statistics;

/// <summary>
/// McNemar's exact test (the two-sided sign test on the discordant pairs, as in Agresti, Categorical Data
/// Analysis, §10.1.4 "small-sample test"). Expected values are exact binomial sums recomputed by hand and with mpmath.
/// </summary>
public class McNemarTests
{
    [Fact]
    public void TenAgainstTwoIsSignificant()
    {
        // 2 * P(B <= 2), B ~ Binomial(12, 1/2) = 2 * (1 + 12 + 66) / 4096 = 79/2048 = 0.0386.
        double p = McNemar.ExactPValue(10, 2);
        Assert.Equal(79.0 / 2048, p, 12);
        Assert.Equal(0.0386, Math.Round(p, 4), 10);
        Assert.Equal(p, McNemar.ExactPValue(2, 10));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 5)]
    [InlineData(40, 40)]
    public void NoEvidenceGivesOne(int b, int c)
    {
        Assert.Equal(1.0, McNemar.ExactPValue(b, c));
    }

    [Fact]
    public void OneDiscordantSeedGivesOneUpToRounding()
    {
        // 2 * P(B <= 0), B ~ Binomial(1, 1/2) = 1 exactly; MathNet's CDF (a regularized incomplete Beta) gives
        // 0.4999999999999996 here, so the p-value is 1 to about 1e-15.
        Assert.Equal(1.0, McNemar.ExactPValue(1, 0), 12);
    }

    [Fact]
    public void SmallTablesMatchTheirExactSums()
    {
        // 0 vs 6: 2 * (1/2)^6 = 1/32.
        Assert.Equal(1.0 / 32, McNemar.ExactPValue(0, 6), 12);
        // 0 vs 5: 2 * (1/2)^5 = 1/16 = 0.0625, not significant at 5%: five discordant seeds cannot decide.
        Assert.Equal(1.0 / 16, McNemar.ExactPValue(5, 0), 12);
        // 3 vs 7: 2 * (1 + 10 + 45 + 120) / 1024 = 352/1024.
        Assert.Equal(352.0 / 1024, McNemar.ExactPValue(3, 7), 12);
    }

    [Fact]
    public void PValuesAreProbabilitiesAndSymmetric()
    {
        for (int b = 0; b <= 30; b++)
        {
            for (int c = 0; c <= 30; c++)
            {
                double p = McNemar.ExactPValue(b, c);
                Assert.InRange(p, double.Epsilon, 1.0);
                Assert.Equal(p, McNemar.ExactPValue(c, b));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => McNemar.ExactPValue(-1, 3));
    }
}
