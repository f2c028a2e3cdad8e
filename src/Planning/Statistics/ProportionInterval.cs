using ClusterSim.Planning.Analysis;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Planning.Statistics;

/// <summary>
/// Two-sided confidence intervals for a proportion (the pass probability of a configuration from its runs):
/// the Wilson score interval and the exact Clopper-Pearson interval. Both bounds always lie in [0, 1] and
/// contain the observed proportion. Every method costs O(1) apart from Clopper-Pearson's two Beta quantiles
/// (MathNet root-finding, a few dozen regularized incomplete Beta evaluations each). Deterministic: no randomness.
/// </summary>
public static class ProportionInterval
{
    /// <summary>The confidence of <see cref="Estimate"/>: 95%.</summary>
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// The Wilson score interval without continuity correction (Wilson 1927; Newcombe 1998 method 3): the
    /// proportions p for which the score test does not reject, (p̂ - p)² ≤ z² p (1 - p) / n, with z the
    /// standard normal quantile at 1 - (1 - <paramref name="confidence"/>)/2 (MathNet Normal.InvCDF).
    /// The lower bound is exactly 0 when <paramref name="successes"/> is 0 and the upper exactly 1 when it is
    /// <paramref name="trials"/>. O(1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">trials &lt; 1, successes outside [0, trials], or confidence outside (0, 1).</exception>
    public static (double Lower, double Upper) Wilson(int successes, int trials, double confidence = DefaultConfidence)
    {
        Check(successes, trials, confidence);
        var (lower, upper) = WilsonBounds((double)successes / trials, trials, Z(confidence));
        return (successes == 0 ? 0.0 : lower, successes == trials ? 1.0 : upper);
    }

    /// <summary>
    /// The exact Clopper-Pearson interval (Clopper and Pearson 1934; Newcombe 1998 method 5): lower = the
    /// α/2 quantile of Beta(k, n - k + 1), upper = the 1 - α/2 quantile of Beta(k + 1, n - k), with
    /// α = 1 - <paramref name="confidence"/> (MathNet Beta.InvCDF); lower = 0 when k = 0 and upper = 1 when
    /// k = n. Its coverage is at least <paramref name="confidence"/> for every true proportion. Two Beta
    /// quantiles, each a MathNet root search.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">trials &lt; 1, successes outside [0, trials], or confidence outside (0, 1).</exception>
    public static (double Lower, double Upper) ClopperPearson(int successes, int trials, double confidence = DefaultConfidence)
    {
        Check(successes, trials, confidence);
        double alpha = 1.0 - confidence;
        double lower = successes == 0 ? 0.0 : Beta.InvCDF(successes, trials - successes + 1, alpha / 2);
        double upper = successes == trials ? 1.0 : Beta.InvCDF(successes + 1, trials - successes, 1 - (alpha / 2));
        return (lower, upper);
    }

    /// <summary>
    /// The pass probability with its 95% interval: Wilson normally; the exact Clopper-Pearson when every run
    /// passed or every run failed, because near 0 and 1 Wilson's coverage dips below the nominal 95% (Brown, Cai
    /// and DasGupta 2001) while the exact interval's coverage is at least 95% for every true proportion.
    /// <see cref="ProportionEstimate.Method"/> is "Wilson" or "Clopper-Pearson"; the point is successes / trials.
    /// O(1), or two MathNet Beta quantiles in the exact case.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">trials &lt; 1 or successes outside [0, trials].</exception>
    public static ProportionEstimate Estimate(int successes, int trials)
    {
        Check(successes, trials, DefaultConfidence);
        bool extreme = successes == 0 || successes == trials;
        var (lower, upper) = extreme ? ClopperPearson(successes, trials) : Wilson(successes, trials);
        return new ProportionEstimate(successes, trials, (double)successes / trials, lower, upper, extreme ? "Clopper-Pearson" : "Wilson");
    }

    /// <summary>The two-sided standard normal quantile for <paramref name="confidence"/>: 1.959964 for 0.95. O(1).</summary>
    internal static double Z(double confidence) => Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));

    /// <summary>
    /// The Wilson bounds for a continuous observed proportion <paramref name="pHat"/> and a (possibly
    /// non-integer) number of trials <paramref name="n"/> &gt; 0, clamped to [0, 1]:
    /// (p̂ + z²/2n ∓ z √(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n). Shared with <see cref="RunsToDecide"/> so that
    /// the two agree exactly. O(1).
    /// </summary>
    internal static (double Lower, double Upper) WilsonBounds(double pHat, double n, double z)
    {
        double z2 = z * z;
        double denominator = 1 + (z2 / n);
        double center = (pHat + (z2 / (2 * n))) / denominator;
        double half = z / denominator * Math.Sqrt((pHat * (1 - pHat) / n) + (z2 / (4 * n * n)));
        return (Math.Clamp(center - half, 0.0, 1.0), Math.Clamp(center + half, 0.0, 1.0));
    }

    private static void Check(int successes, int trials, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie strictly between 0 and 1");
        }
    }
}
