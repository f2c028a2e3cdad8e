using System.Text.RegularExpressions;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// The expanders (expander/factory/chain.go and expander/*): `--expander` is a comma-separated chain of filters,
/// each keeping the options it prefers; one left is the answer, and whatever is left at the end is picked at random
/// (expander/random, here from the autoscaler's seeded stream, so a run repeats).
/// </summary>
internal static class Expanders
{
    public static ClusterAutoscaler.Option BestOption(ClusterAutoscalerConfig config, List<ClusterAutoscaler.Option> options, RandomStream random, CloudProvider cloud)
    {
        var left = options;
        foreach (var name in config.Expander.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (left.Count == 1)
            {
                return left[0];
            }

            left = name switch
            {
                "least-waste" => LeastWaste(left),
                "most-pods" => Keep(left, o => o.Pods.Count, max: true),
                "least-nodes" => Keep(left.Where(o => o.NodeCount > 0).ToList(), o => o.NodeCount, max: false),
                "priority" => Priority(left, config.Priorities),
                "price" => Price(left, cloud),
                _ => left,
            };
        }

        return left.Count == 1 ? left[0] : left[random.NextInt(left.Count)];
    }

    /// <summary>
    /// waste.go BestOptions: wasted cpu share plus wasted memory share of the new nodes' capacity (not allocatable)
    /// after the option's pods; the smallest wins (exact ties kept).
    /// </summary>
    internal static List<ClusterAutoscaler.Option> LeastWaste(List<ClusterAutoscaler.Option> options)
    {
        double best = double.MaxValue;
        var result = new List<ClusterAutoscaler.Option>();
        foreach (var o in options)
        {
            double score = WastedScore(o);
            if (score == best)
            {
                result.Add(o);
            }
            else if (score < best)
            {
                best = score;
                result = [o];
            }
        }

        return result;
    }

    internal static double WastedScore(ClusterAutoscaler.Option o)
    {
        long cpu = 0, memory = 0;
        foreach (var pod in o.Pods)
        {
            var r = PodRequests.Of(pod);
            cpu += r.MilliCpu;
            memory += r.Memory;
        }

        var capacity = o.Template.Node!.Status.Capacity;
        long availCpu = capacity.Get(ResourceNames.Cpu).MilliValue() * o.NodeCount;
        long availMemory = capacity.Get(ResourceNames.Memory).Value() * o.NodeCount;
        double wastedCpu = (double)(availCpu - cpu) / availCpu;
        double wastedMemory = (double)(availMemory - memory) / availMemory;
        return wastedCpu + wastedMemory;
    }

    private static List<ClusterAutoscaler.Option> Keep(List<ClusterAutoscaler.Option> options, Func<ClusterAutoscaler.Option, int> key, bool max)
    {
        if (options.Count == 0)
        {
            return options;
        }

        int best = max ? options.Max(key) : options.Min(key);
        return options.Where(o => key(o) == best).ToList();
    }

    /// <summary>priority.go: the options whose group matches a pattern of the highest priority; none matching keeps them all.</summary>
    private static List<ClusterAutoscaler.Option> Priority(List<ClusterAutoscaler.Option> options, IReadOnlyList<(int Priority, IReadOnlyList<string> Patterns)> priorities)
    {
        int? best = null;
        var result = new List<ClusterAutoscaler.Option>();
        foreach (var o in options)
        {
            foreach (var (priority, patterns) in priorities)
            {
                // The engine the loader checked the patterns with: non-backtracking (linear, like Go's RE2), so no timeout.
                if (!patterns.Any(p => Regex.IsMatch(o.Group.Name, p, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)))
                {
                    continue;
                }

                if (best is null || priority > best)
                {
                    best = priority;
                    result = [o];
                }
                else if (priority == best && !result.Contains(o))
                {
                    result.Add(o);
                }
            }
        }

        return result.Count > 0 ? result : options;
    }

    /// <summary>
    /// A simplified price expander (price/price.go prefers cheap capacity per requested resource): the lowest
    /// price x nodes per requested CPU; groups without a price are left out unless none has one.
    /// </summary>
    private static List<ClusterAutoscaler.Option> Price(List<ClusterAutoscaler.Option> options, CloudProvider cloud)
    {
        var priced = options.Where(o => o.Group.Price is not null).ToList();
        if (priced.Count == 0)
        {
            return options;
        }

        double Cost(ClusterAutoscaler.Option o) => o.Group.Price!.Value * o.NodeCount / Math.Max(1, o.Pods.Sum(p => PodRequests.Of(p).MilliCpu));
        double best = priced.Min(Cost);
        return priced.Where(o => Cost(o) == best).ToList();
    }
}
