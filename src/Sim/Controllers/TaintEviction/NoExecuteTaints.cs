using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.TaintEviction;

/// <summary>The pure toleration arithmetic of the taint eviction controller, split out for table tests.</summary>
public static class NoExecuteTaints
{
    /// <summary>taint_eviction.go getNoExecuteTaints: the NoExecute taints, in order.</summary>
    public static List<Taint> GetNoExecuteTaints(IReadOnlyList<Taint> taints) =>
        taints.Where(t => t.Effect == "NoExecute").ToList();

    /// <summary>
    /// taint_eviction.go getMinTolerationTime: the smallest tolerationSeconds of <paramref name="tolerations"/>
    /// (zero when there are none or one is zero or negative), or null, Go's -1, when none has
    /// tolerationSeconds: tolerated forever.
    /// </summary>
    public static TimeSpan? GetMinTolerationTime(IReadOnlyList<Toleration> tolerations)
    {
        long minTolerationTime = long.MaxValue;
        if (tolerations.Count == 0)
        {
            return TimeSpan.Zero;
        }

        foreach (var t in tolerations)
        {
            if (t.TolerationSeconds is { } tolerationSeconds)
            {
                if (tolerationSeconds <= 0)
                {
                    return TimeSpan.Zero;
                }

                if (tolerationSeconds < minTolerationTime)
                {
                    minTolerationTime = tolerationSeconds;
                }
            }
        }

        if (minTolerationTime == long.MaxValue)
        {
            return null;
        }

        return TimeSpan.FromSeconds(minTolerationTime);
    }

    /// <summary>
    /// pkg/apis/core/v1/helper GetMatchingTolerations: whether every taint is tolerated, and for each taint
    /// the first toleration that tolerates it.
    /// </summary>
    public static (bool AllTolerated, List<Toleration> Used) GetMatchingTolerations(IReadOnlyList<Taint> taints, IReadOnlyList<Toleration> tolerations)
    {
        if (taints.Count == 0)
        {
            return (true, []);
        }

        if (tolerations.Count == 0)
        {
            return (false, []);
        }

        var result = new List<Toleration>();
        foreach (var taint in taints)
        {
            bool tolerated = false;
            foreach (var toleration in tolerations)
            {
                if (toleration.ToleratesTaint(taint))
                {
                    result.Add(toleration);
                    tolerated = true;
                    break;
                }
            }

            if (!tolerated)
            {
                return (false, []);
            }
        }

        return (true, result);
    }
}
