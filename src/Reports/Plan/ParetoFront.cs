using ClusterSim.Planning.Analysis;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// The configurations no other beats on both cost and pass probability: none is as cheap or cheaper with a
/// higher estimated pass probability, or cheaper with one as high (of exact ties, the first in grid order).
/// The trade-off a planner chooses along.
/// </summary>
internal static class ParetoFront
{
    /// <summary>The front, by cost ascending (ties by grid index); the pass probability rises along it.</summary>
    public static IReadOnlyList<ConfigSummary> Of(IReadOnlyList<ConfigSummary> configs)
    {
        var front = new List<ConfigSummary>();
        double best = double.NegativeInfinity;
        foreach (var c in configs.OrderBy(c => c.Cost).ThenByDescending(c => c.Pass.Point).ThenBy(c => c.Config.Index))
        {
            // Sorted by cost, then pass probability falling: one is on the front when it beats every cheaper one.
            if (c.Pass.Point > best)
            {
                front.Add(c);
                best = c.Pass.Point;
            }
        }

        return front;
    }
}
