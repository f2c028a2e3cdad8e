using MathNet.Numerics.Distributions;

namespace ClusterSim.Planning.Statistics;

/// <summary>
/// McNemar's exact test for paired pass/fail outcomes (two configurations run on the same seeds). Only the
/// discordant pairs carry information: under the null hypothesis that both pass equally often, a seed that only
/// one of them passed is equally likely to be either, so the count b of "only the first passed" among the
/// b + c discordant seeds is Binomial(b + c, 1/2). MathNet has no McNemar test; this is the two-sided exact
/// binomial test on top of MathNet's binomial CDF, which is a regularized incomplete Beta accurate to about
/// 1e-15 (one discordant pair gives 0.999999999999999, not exactly 1). O(1). Deterministic.
/// </summary>
public static class McNemar
{
    /// <summary>
    /// The two-sided exact p-value min(1, 2 P(B ≤ min(b, c))) with B ~ Binomial(b + c, 1/2) (doubling the
    /// smaller tail, which is exact for the symmetric null); 1 when there are no discordant pairs. The result lies
    /// in (0, 1] and is symmetric in its arguments.
    /// </summary>
    /// <param name="onlyFirstPassed">b: seeds the first configuration passed and the second failed.</param>
    /// <param name="onlySecondPassed">c: seeds the second configuration passed and the first failed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double ExactPValue(int onlyFirstPassed, int onlySecondPassed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyFirstPassed);
        ArgumentOutOfRangeException.ThrowIfNegative(onlySecondPassed);
        int discordant = onlyFirstPassed + onlySecondPassed;
        if (discordant == 0)
        {
            return 1.0;
        }

        double smallerTail = Binomial.CDF(0.5, discordant, Math.Min(onlyFirstPassed, onlySecondPassed));
        return Math.Min(1.0, 2 * smallerTail);
    }
}
