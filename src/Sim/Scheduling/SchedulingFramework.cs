using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Runs a profile's plugins at each extension point, in plugin-list order
/// (pkg/scheduler/framework/runtime/framework.go frameworkImpl). The extension points a plugin takes part
/// in follow from the interfaces it implements.
/// </summary>
public sealed class SchedulingFramework
{
    private readonly IPreFilterPlugin[] _preFilter;
    private readonly IFilterPlugin[] _filter;
    private readonly IPreScorePlugin[] _preScore;
    private readonly IScorePlugin[] _score;
    private readonly Dictionary<string, IPlugin> _byName = new(StringComparer.Ordinal);

    public SchedulingFramework(IEnumerable<IPlugin> plugins)
    {
        Plugins = plugins.ToList();
        foreach (var p in Plugins)
        {
            if (!_byName.TryAdd(p.Name, p))
            {
                throw new ArgumentException("plugin " + p.Name + " is listed twice", nameof(plugins));
            }
        }

        _preFilter = Plugins.OfType<IPreFilterPlugin>().ToArray();
        _filter = Plugins.OfType<IFilterPlugin>().ToArray();
        _preScore = Plugins.OfType<IPreScorePlugin>().ToArray();
        _score = Plugins.OfType<IScorePlugin>().ToArray();
        foreach (var s in _score)
        {
            if (s.Weight <= 0)
            {
                throw new ArgumentException("score plugin " + s.Name + " needs a positive weight", nameof(plugins));
            }
        }
    }

    /// <summary>The plugins in profile order.</summary>
    public IReadOnlyList<IPlugin> Plugins { get; }

    /// <summary>
    /// <paramref name="nodes"/> as a span: the scheduler's node lists are arrays and lists, which plugins then
    /// walk without an interface call per node; any other list is copied.
    /// </summary>
    internal static ReadOnlySpan<NodeInfo> AsSpan(IReadOnlyList<NodeInfo> nodes) => nodes switch
    {
        NodeInfo[] array => array,
        List<NodeInfo> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => nodes.ToArray(),
    };

    public bool HasFilterPlugins => _filter.Length > 0;

    public bool HasScorePlugins => _score.Length > 0;

    /// <summary>The plugin with <paramref name="name"/>, or null.</summary>
    public IPlugin? Get(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// framework.go RunPreFilterPlugins: runs every PreFilter plugin, records skips, merges node-name results
    /// (intersection) and stops at an UnschedulableAndUnresolvable rejection. Returns the merged result, the
    /// status, and the plugins that narrowed the node set.
    /// </summary>
    public (PreFilterResult? Result, Status Status, SortedSet<string> PluginsWithNodes) RunPreFilterPlugins(CycleState state, Pod pod)
    {
        PreFilterResult? result = null;
        var pluginsWithNodes = new SortedSet<string>(StringComparer.Ordinal);
        Status returnStatus = Status.Success;
        foreach (var pl in _preFilter)
        {
            var (r, s) = pl.PreFilter(state, pod);
            if (s.IsSkip)
            {
                state.SkipFilterPlugins.Add(pl.Name);
                continue;
            }

            if (!s.IsSuccess)
            {
                s = s.WithPlugin(pl.Name);
                if (s.Code == StatusCode.UnschedulableAndUnresolvable)
                {
                    return (null, s, []);
                }

                if (s.Code == StatusCode.Unschedulable)
                {
                    returnStatus = s;
                    continue;
                }

                return (null, Status.AsError($"running PreFilter plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name), []);
            }

            if (r is not null && !r.AllNodes)
            {
                pluginsWithNodes.Add(pl.Name);
            }

            result = PreFilterResult.Merge(result, r);
            if (result is not null && !result.AllNodes && result.NodeNames!.Count == 0)
            {
                var msg = pluginsWithNodes.Count == 1
                    ? "node(s) didn't satisfy plugin " + pluginsWithNodes.Min
                    : "node(s) didn't satisfy plugin(s) [" + string.Join(" ", pluginsWithNodes) + "] simultaneously";
                return (null, Status.UnschedulableAndUnresolvable(msg), pluginsWithNodes);
            }
        }

        return (result, returnStatus, pluginsWithNodes);
    }

    /// <summary>framework.go RunFilterPlugins: the first non-success status, attributed to its plugin.</summary>
    public Status RunFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo) =>
        RunFilterPlugins(state, pod, nodeInfo, FiltersToRun(state));

    /// <summary>
    /// The filter plugins of this cycle in profile order, without those whose PreFilter returned Skip
    /// (framework.go RunFilterPlugins checks state.SkipFilterPlugins per plugin and node; resolving the skips
    /// once per cycle saves a set lookup per plugin and node).
    /// </summary>
    internal IFilterPlugin[] FiltersToRun(CycleState state)
    {
        if (state.SkipFilterPlugins.Count == 0)
        {
            return _filter;
        }

        int n = 0;
        foreach (var pl in _filter)
        {
            if (!state.SkipFilterPlugins.Contains(pl.Name))
            {
                n++;
            }
        }

        var run = new IFilterPlugin[n];
        n = 0;
        foreach (var pl in _filter)
        {
            if (!state.SkipFilterPlugins.Contains(pl.Name))
            {
                run[n++] = pl;
            }
        }

        return run;
    }

    /// <summary>RunFilterPlugins over the cycle's <paramref name="filters"/> (from <see cref="FiltersToRun"/>).</summary>
    internal static Status RunFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo, IFilterPlugin[] filters)
    {
        foreach (var pl in filters)
        {
            var s = pl.Filter(state, pod, nodeInfo);
            if (!s.IsSuccess)
            {
                if (!s.IsRejected)
                {
                    return Status.AsError($"running \"{pl.Name}\" filter plugin: {s.Message}").WithPlugin(pl.Name);
                }

                return s.WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>framework.go RunPreScorePlugins: records skips; the first error aborts.</summary>
    public Status RunPreScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var pl in _preScore)
        {
            var s = pl.PreScore(state, pod, nodes);
            if (s.IsSkip)
            {
                state.SkipScorePlugins.Add(pl.Name);
                continue;
            }

            if (!s.IsSuccess)
            {
                return Status.AsError($"running PreScore plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// framework.go RunScorePlugins: raw scores per plugin and node, then each plugin's NormalizeScore, then
    /// weight × score summed per node. Returns the total per node, in <paramref name="nodes"/> order.
    /// </summary>
    public long[] RunScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var totals = new long[nodes.Count];
        RunScorePlugins(state, pod, nodes, totals, new NodeScore[nodes.Count]);
        return totals;
    }

    /// <summary>
    /// <see cref="RunScorePlugins(CycleState, Pod, IReadOnlyList{NodeInfo})"/> into <paramref name="totals"/>
    /// (overwritten), with <paramref name="scores"/> as the plugins' scratch; both have the nodes' length. The
    /// scheduler passes the same buffers every cycle, so scoring allocates nothing per node.
    /// </summary>
    internal void RunScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, long[] totals, NodeScore[] scores)
    {
        int count = nodes.Count;
        bool first = true;
        foreach (var pl in _score)
        {
            if (state.SkipScorePlugins.Contains(pl.Name))
            {
                continue;
            }

            pl.ScoreNodes(state, pod, nodes, scores);
            pl.NormalizeScore(state, pod, scores);
            long weight = pl.Weight;
            for (int i = 0; i < count; i++)
            {
                long score = scores[i].Score;
                if (score is > NodeScore.MaxNodeScore or < NodeScore.MinNodeScore)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"plugin \"{pl.Name}\" returns an invalid score {score}, it should in the range of [0, 100] after normalizing"));
                }

                // The first plugin run sets the totals, the others add to them.
                totals[i] = (first ? 0 : totals[i]) + (score * weight);
            }

            first = false;
        }

        if (first)
        {
            Array.Clear(totals, 0, count);
        }
    }
}
