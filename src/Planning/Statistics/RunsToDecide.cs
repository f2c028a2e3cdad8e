namespace ClusterSim.Planning.Statistics;

/// <summary>
/// About how many runs an inconclusive verdict needs: if the observed pass rate stayed what it is, the smallest
/// total number of runs at which the 95% Wilson interval would lie entirely above or entirely below the target.
/// MathNet has nothing of the kind; the search is written here. It uses the continuous form of the Wilson bounds
/// (<see cref="ProportionInterval"/>'s own formula with p̂ fixed and n real), so the answer agrees exactly with
/// the bounds the report would print. For fixed p̂ the Wilson interval is the set of p with
/// (p̂ - p)² ≤ z² p (1 - p) / n, which shrinks as n grows, so "decided" is monotone in n and a doubling search
/// followed by bisection finds the boundary: O(log n) Wilson evaluations. Deterministic.
/// </summary>
public static class RunsToDecide
{
    /// <summary>
    /// The smallest n ≥ max(<paramref name="currentRuns"/>, 1), at most <paramref name="limit"/>, with the 95%
    /// Wilson interval for <paramref name="observedPassRate"/> over n runs entirely above
    /// <paramref name="target"/> (lower &gt; target) or entirely below it (upper &lt; target); null when even
    /// <paramref name="limit"/> runs would not decide it (always when the observed rate equals the target).
    /// It is <paramref name="currentRuns"/> itself when the current runs already decide. An estimate: the pass
    /// rate of more runs will differ from today's.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate outside [0, 1], negative currentRuns, or limit &lt; 1.</exception>
    public static int? Estimate(double observedPassRate, double target, int currentRuns, int limit = 100_000)
    {
        CheckUnit(observedPassRate, nameof(observedPassRate));
        CheckUnit(target, nameof(target));
        ArgumentOutOfRangeException.ThrowIfNegative(currentRuns);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        double z = ProportionInterval.Z(ProportionInterval.DefaultConfidence);
        bool Decides(int n)
        {
            var (lower, upper) = ProportionInterval.WilsonBounds(observedPassRate, n, z);
            return lower > target || upper < target;
        }

        int start = Math.Max(currentRuns, 1);
        if (start > limit)
        {
            return Decides(start) ? start : null;
        }

        if (Decides(start))
        {
            return start;
        }

        // Doubling: undecided at `low`; find a decided `high` (or give up at the limit).
        int low = start;
        int high;
        while (true)
        {
            high = (int)Math.Min((long)low * 2, limit);
            if (Decides(high))
            {
                break;
            }

            if (high == limit)
            {
                return null;
            }

            low = high;
        }

        // Bisection: undecided at low, decided at high.
        while (high - low > 1)
        {
            int mid = low + ((high - low) / 2);
            if (Decides(mid))
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }

    private static void CheckUnit(double x, string name)
    {
        if (!(x >= 0 && x <= 1))
        {
            throw new ArgumentOutOfRangeException(name, x, "must lie in [0, 1]");
        }
    }
}
