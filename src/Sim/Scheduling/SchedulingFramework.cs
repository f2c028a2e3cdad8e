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
    private readonly IPreFilterExtensions[] _preFilterExtensions;
    private readonly IPostFilterPlugin[] _postFilter;
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
        _preFilterExtensions = Plugins.OfType<IPreFilterExtensions>().ToArray();
        _postFilter = Plugins.OfType<IPostFilterPlugin>().ToArray();
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

    /// <summary>Whether a PostFilter plugin (DefaultPreemption) runs when a pod fits no node.</summary>
    public bool HasPostFilterPlugins => _postFilter.Length > 0;

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

    /// <summary>
    /// framework.go RunFilterPluginsWithNominatedPods: when pods of equal or higher priority than
    /// <paramref name="pod"/> are nominated to the node, the filters run first with them counted on it (on copies
    /// of the node and the cycle state) and, if they pass, again without them; otherwise once. Nodes without
    /// nominated pods cost one lookup.
    /// </summary>
    public Status RunFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo, PodNominator? nominator) =>
        RunFilterPluginsWithNominatedPods(state, pod, nodeInfo, FiltersToRun(state), nominator);

    internal Status RunFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo, IFilterPlugin[] filters, PodNominator? nominator)
    {
        if (nominator is null || nominator.Count == 0)
        {
            return RunFilterPlugins(state, pod, nodeInfo, filters);
        }

        var (podsAdded, stateOut, nodeInfoOut, error) = AddGeNominatedPods(state, pod, nodeInfo, nominator);
        if (error is not null)
        {
            return error;
        }

        var status = RunFilterPlugins(stateOut, pod, nodeInfoOut, filters);
        if (!status.IsSuccess && !status.IsRejected)
        {
            return status;
        }

        // The second pass, without the nominated pods: some filters (inter-pod affinity) may fail without them.
        if (podsAdded && status.IsSuccess)
        {
            status = RunFilterPlugins(state, pod, nodeInfo, filters);
        }

        return status;
    }

    /// <summary>framework.go addGENominatedPods: the node and state with the nominated pods of priority &gt;= the pod's (other than itself) added.</summary>
    private (bool PodsAdded, CycleState State, NodeInfo NodeInfo, Status? Error) AddGeNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo, PodNominator nominator)
    {
        var nominated = nominator.NominatedPodsForNode(nodeInfo.Name);
        if (nominated.Count == 0)
        {
            return (false, state, nodeInfo, null);
        }

        int priority = PriorityOf(pod);
        NodeInfo? nodeInfoOut = null;
        CycleState? stateOut = null;
        foreach (var p in nominated)
        {
            if (PriorityOf(p) >= priority && !ReferenceEquals(p, pod) && p.Metadata.Uid != pod.Metadata.Uid)
            {
                nodeInfoOut ??= nodeInfo.Snapshot();
                stateOut ??= state.Clone();
                nodeInfoOut.AddPod(p);
                var status = RunPreFilterExtensionAddPod(stateOut, pod, p, nodeInfoOut);
                if (!status.IsSuccess)
                {
                    return (false, state, nodeInfo, status);
                }
            }
        }

        return nodeInfoOut is null ? (false, state, nodeInfo, null) : (true, stateOut!, nodeInfoOut, null);
    }

    /// <summary>framework.go RunPreFilterExtensionAddPod: every PreFilter extension not skipped this cycle; the first error aborts.</summary>
    public Status RunPreFilterExtensionAddPod(CycleState state, Pod podToSchedule, Pod podToAdd, NodeInfo nodeInfo)
    {
        foreach (var pl in _preFilterExtensions)
        {
            if (state.SkipFilterPlugins.Contains(pl.Name))
            {
                continue;
            }

            var s = pl.AddPod(state, podToSchedule, podToAdd, nodeInfo);
            if (!s.IsSuccess)
            {
                return Status.AsError($"running AddPod on PreFilter plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>framework.go RunPreFilterExtensionRemovePod.</summary>
    public Status RunPreFilterExtensionRemovePod(CycleState state, Pod podToSchedule, Pod podToRemove, NodeInfo nodeInfo)
    {
        foreach (var pl in _preFilterExtensions)
        {
            if (state.SkipFilterPlugins.Contains(pl.Name))
            {
                continue;
            }

            var s = pl.RemovePod(state, podToSchedule, podToRemove, nodeInfo);
            if (!s.IsSuccess)
            {
                return Status.AsError($"running RemovePod on PreFilter plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// framework.go RunPostFilterPlugins: the first plugin to succeed (or to answer UnschedulableAndUnresolvable)
    /// decides; otherwise the reasons of all, as Unschedulable, with the last nominating result.
    /// </summary>
    public (PostFilterResult? Result, Status Status) RunPostFilterPlugins(IFrameworkHandle handle, CycleState state, Pod pod, Diagnosis diagnosis)
    {
        PostFilterResult? result = null;
        var reasons = new List<string>();
        string? rejector = null;
        foreach (var pl in _postFilter)
        {
            var (r, s) = pl.PostFilter(handle, state, pod, diagnosis);
            if (s.IsSuccess)
            {
                return (r, s);
            }

            if (s.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                return (r, s.WithPlugin(pl.Name));
            }

            if (!s.IsRejected)
            {
                return (null, Status.AsError(s.Message).WithPlugin(pl.Name));
            }

            if (r is not null)
            {
                result = r;
            }

            reasons.AddRange(s.Reasons);
            rejector ??= pl.Name;
        }

        var status = new Status(StatusCode.Unschedulable, reasons);
        return (result, rejector is null ? status : status.WithPlugin(rejector));
    }

    /// <summary>component-helpers corev1 PodPriority.</summary>
    private static int PriorityOf(Pod pod) => pod.Spec.Priority ?? 0;

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
