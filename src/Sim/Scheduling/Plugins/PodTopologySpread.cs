using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Spreads pods over topology domains. Hard (DoNotSchedule) constraints filter nodes whose domain would
/// exceed maxSkew; soft (ScheduleAnyway) constraints score nodes, fewer matching pods being better. Pods
/// without constraints get the system defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) with
/// the selector of their owning services/ReplicationController/ReplicaSet.
/// Port of plugins/podtopologyspread/{plugin.go,common.go,filtering.go,scoring.go} (v1.32, with
/// NodeInclusionPolicy defaults Honor/Ignore and MinDomains 1; matchLabelKeys is not modelled). Filtering and the
/// constraints are here; scoring (PreScore, Score, NormalizeScore) is in PodTopologySpread.Scoring.cs.
/// </summary>
public sealed partial class PodTopologySpread : IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    /// <summary>ErrReasonConstraintsNotMatch.</summary>
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";

    /// <summary>ErrReasonNodeLabelNotMatch.</summary>
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    /// <summary>v1.LabelHostname.</summary>
    public const string LabelHostname = "kubernetes.io/hostname";

    /// <summary>v1.LabelTopologyZone.</summary>
    public const string LabelTopologyZone = "topology.kubernetes.io/zone";

    private const string PreFilterStateKey = "PreFilterPodTopologySpread";
    private const string PreScoreStateKey = "PreScorePodTopologySpread";

    // Filter's rejections, built once and attributed to the plugin.
    private static readonly Status NodeLabelNotMatch = new(StatusCode.UnschedulableAndUnresolvable, [ErrReasonNodeLabelNotMatch], "PodTopologySpread");
    private static readonly Status ConstraintsNotMatch = new(StatusCode.Unschedulable, [ErrReasonConstraintsNotMatch], "PodTopologySpread");

    private readonly ObjectStore? _store;

    // The services of _store, indexed by selector for the default constraints' selector (the Service lister).
    private readonly ServiceSelectorIndex? _services;
    private readonly SelectorCache<ReplicaSet> _replicaSetSelectors = SelectorCache.ForReplicaSets();

    /// <param name="defaultConstraints">Cluster-level default constraints; null for the system defaults.</param>
    /// <param name="store">Lister for services and controllers (default selectors) outside a cycle (queueing hints).</param>
    public PodTopologySpread(int weight = 2, IReadOnlyList<TopologySpreadConstraint>? defaultConstraints = null, ObjectStore? store = null)
    {
        Weight = weight;
        SystemDefaulted = defaultConstraints is null;
        DefaultConstraints = defaultConstraints ?? SystemDefaultConstraints;
        _store = store;
        _services = store is null ? null : new ServiceSelectorIndex(store);
    }

    /// <summary>plugin.go systemDefaultConstraints.</summary>
    public static IReadOnlyList<TopologySpreadConstraint> SystemDefaultConstraints { get; } =
    [
        new(3, LabelHostname, "ScheduleAnyway", null),
        new(5, LabelTopologyZone, "ScheduleAnyway", null),
    ];

    public string Name => "PodTopologySpread";

    public int Weight { get; }

    public IReadOnlyList<TopologySpreadConstraint> DefaultConstraints { get; }

    /// <summary>Whether the system defaults are in use (DefaultingType System).</summary>
    public bool SystemDefaulted { get; }

    public ClusterEventType EventsToRegister => ClusterEventType.AllPod | ClusterEventType.NodeAdd | ClusterEventType.NodeDelete | ClusterEventType.NodeLabelChange | ClusterEventType.NodeTaintChange;

    /// <summary>filtering.go PreFilter / calPreFilterState.</summary>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod)
    {
        List<Constraint> constraints;
        try
        {
            constraints = GetConstraints(pod, "DoNotSchedule", state.Store ?? _store);
        }
        catch (FormatException e)
        {
            return (null, Status.AsError("obtaining pod's hard topology spread constraints: " + e.Message));
        }

        if (constraints.Count == 0)
        {
            return (null, Status.Skip);
        }

        var s = new PreFilterState(constraints);
        var required = RequiredNodeAffinity.Of(pod);
        var counters = Counters(state.Cache, constraints, pod.Metadata.Namespace);
        var allNodes = state.Cache.Nodes;
        for (int n = 0; n < allNodes.Count; n++)
        {
            var nodeInfo = allNodes[n];
            var node = nodeInfo.State!;
            if (!NodeLabelsMatchSpreadConstraints(node.Labels, constraints))
            {
                continue;
            }

            for (int i = 0; i < constraints.Count; i++)
            {
                var c = constraints[i];
                if (!MatchNodeInclusionPolicies(pod, node, required))
                {
                    continue;
                }

                var value = node.Labels[c.TopologyKey];
                int count = counters[i]?.Count(nodeInfo) ?? 0;
                s.TpValueToMatchNum[i][value] = s.TpValueToMatchNum[i].GetValueOrDefault(value) + count;
            }
        }

        state.Write(PreFilterStateKey, s);
        return (null, Status.Success);
    }

    /// <summary>filtering.go Filter: 'existing matching num' + 'self-match (1 or 0)' - 'global minimum' must not exceed maxSkew.</summary>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var s = state.Read<PreFilterState>(PreFilterStateKey);
        if (s is null)
        {
            return Status.AsError("reading \"PreFilterPodTopologySpread\" from cycleState: not found");
        }

        var labels = nodeInfo.State!.Labels;
        for (int i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!labels.TryGetValue(c.TopologyKey, out var tpVal))
            {
                return NodeLabelNotMatch;
            }

            int minMatchNum = s.MinMatchNum(i, c.MinDomains);
            int selfMatchNum = c.Selector.Matches(pod.Metadata.Labels) ? 1 : 0;
            int matchNum = s.TpValueToMatchNum[i].GetValueOrDefault(tpVal);
            int skew = matchNum + selfMatchNum - minMatchNum;
            if (skew > c.MaxSkew)
            {
                return ConstraintsNotMatch;
            }
        }

        return Status.Success;
    }

    /// <summary>filtering.go AddPod: <paramref name="podToAdd"/> counts in its node's domains (preemption's dry run, nominated pods).</summary>
    public Status AddPod(CycleState state, Pod podToSchedule, Pod podToAdd, NodeInfo nodeInfo) => UpdateWithPod(state, podToAdd, podToSchedule, nodeInfo, 1);

    /// <summary>filtering.go RemovePod.</summary>
    public Status RemovePod(CycleState state, Pod podToSchedule, Pod podToRemove, NodeInfo nodeInfo) => UpdateWithPod(state, podToRemove, podToSchedule, nodeInfo, -1);

    /// <summary>filtering.go updateWithPod: the counts of each constraint whose selector matches the pod, on a node that counts for the preemptor.</summary>
    private static Status UpdateWithPod(CycleState state, Pod updatedPod, Pod preemptorPod, NodeInfo nodeInfo, int delta)
    {
        var s = state.Read<PreFilterState>(PreFilterStateKey);
        if (s is null)
        {
            return Status.AsError("reading \"PreFilterPodTopologySpread\" from cycleState: not found");
        }

        if (updatedPod.Metadata.Namespace != preemptorPod.Metadata.Namespace || nodeInfo.State is not { } node)
        {
            return Status.Success;
        }

        if (!NodeLabelsMatchSpreadConstraints(node.Labels, s.Constraints))
        {
            return Status.Success;
        }

        var required = RequiredNodeAffinity.Of(preemptorPod);
        for (int i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!c.Selector.Matches(updatedPod.Metadata.Labels) || !MatchNodeInclusionPolicies(preemptorPod, node, required))
            {
                continue;
            }

            var v = node.Labels[c.TopologyKey];
            s.TpValueToMatchNum[i][v] = s.TpValueToMatchNum[i].GetValueOrDefault(v) + delta;
        }

        return Status.Success;
    }

    /// <summary>plugin.go isSchedulableAfterPodChange / isSchedulableAfterNodeChange, against the pod's hard constraints.</summary>
    public QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod)
    {
        List<Constraint> constraints;
        try
        {
            constraints = GetConstraints(pod, "DoNotSchedule", _store);
        }
        catch (FormatException)
        {
            return QueueingHint.Queue;
        }

        if (evt.Pod is { } other)
        {
            // involvedInTopologySpreading: the same pod, or an assigned pod in the same namespace.
            if (other.Metadata.Uid != pod.Metadata.Uid && other.Metadata.Namespace != pod.Metadata.Namespace)
            {
                return QueueingHint.QueueSkip;
            }

            if (evt.OldPodLabels is { } oldLabels)
            {
                foreach (var c in constraints)
                {
                    if (c.Selector.Matches(oldLabels) != c.Selector.Matches(other.Metadata.Labels))
                    {
                        return QueueingHint.Queue;
                    }
                }

                return QueueingHint.QueueSkip;
            }

            return constraints.Any(c => c.Selector.Matches(other.Metadata.Labels)) ? QueueingHint.Queue : QueueingHint.QueueSkip;
        }

        var node = evt.NewNode ?? evt.OldNode;
        if (node is null)
        {
            return QueueingHint.Queue;
        }

        return NodeLabelsMatchSpreadConstraints(node.Labels, constraints) ? QueueingHint.Queue : QueueingHint.QueueSkip;
    }

    /// <summary>scoring.go topologyNormalizingWeight: log(size + 2).</summary>
    public static double TopologyNormalizingWeight(int size) => Math.Log(size + 2);

    /// <summary>scoring.go scoreForCount: cnt × weight + (maxSkew - 1).</summary>
    public static double ScoreForCount(long cnt, int maxSkew, double tpWeight) => (cnt * tpWeight) + (maxSkew - 1);

    /// <summary>common.go countPodsMatchSelector: same-namespace, non-terminating pods matching; 0 for an empty selector.</summary>
    internal static int CountPodsMatchSelector(IReadOnlyList<Pod> pods, SpreadSelector selector, string ns)
    {
        if (selector.Empty)
        {
            return 0;
        }

        int count = 0;
        for (int i = 0; i < pods.Count; i++)
        {
            var p = pods[i];
            // Bypass terminating Pod (see #87621).
            if (p.Metadata.DeletionTimestamp is not null || p.Metadata.Namespace != ns)
            {
                continue;
            }

            if (selector.Matches(p.Metadata.Labels))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The cache's matching-pod counter of each constraint's selector in the pod's namespace (null for an
    /// empty selector, which counts no pods): countPodsMatchSelector per node becomes one lookup.
    /// </summary>
    private static MatchingPodCounter?[] Counters(SchedulerCache cache, List<Constraint> constraints, string ns)
    {
        var counters = new MatchingPodCounter?[constraints.Count];
        for (int i = 0; i < constraints.Count; i++)
        {
            counters[i] = cache.MatchingPods(ns, constraints[i].Selector);
        }

        return counters;
    }

    /// <summary>common.go nodeLabelsMatchSpreadConstraints: the node has every topology key.</summary>
    internal static bool NodeLabelsMatchSpreadConstraints(IReadOnlyDictionary<string, string> nodeLabels, List<Constraint> constraints)
    {
        foreach (var c in constraints)
        {
            if (!nodeLabels.ContainsKey(c.TopologyKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>common.go matchNodeInclusionPolicies with the defaults: nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore.</summary>
    private static bool MatchNodeInclusionPolicies(Pod pod, NodeState node, RequiredNodeAffinity required) => required.Match(node);

    /// <summary>plugin.go getConstraints / common.go filterTopologySpreadConstraints and buildDefaultConstraints.</summary>
    internal List<Constraint> GetConstraints(Pod pod, string action, ObjectStore? store)
    {
        if (pod.Spec.TopologySpreadConstraints.Count > 0)
        {
            return FilterConstraints(pod.Spec.TopologySpreadConstraints, action, null);
        }

        if (!DefaultConstraints.Any(c => c.WhenUnsatisfiable == action))
        {
            return [];
        }

        var selector = ReferenceEquals(store, _store)
            ? SpreadSelector.DefaultSelector(pod, store, _services, _replicaSetSelectors)
            : SpreadSelector.DefaultSelector(pod, store, null);
        if (selector.Empty)
        {
            return [];
        }

        return FilterConstraints(DefaultConstraints, action, selector);
    }

    private static List<Constraint> FilterConstraints(IReadOnlyList<TopologySpreadConstraint> constraints, string action, SpreadSelector? selector)
    {
        var result = new List<Constraint>();
        foreach (var c in constraints)
        {
            if (c.WhenUnsatisfiable == action)
            {
                result.Add(new Constraint(c.MaxSkew, c.TopologyKey, selector ?? SpreadSelector.FromLabelSelector(c.LabelSelector), 1));
            }
        }

        return result;
    }

    /// <summary>common.go topologySpreadConstraint (minDomains defaults to 1).</summary>
    internal sealed record Constraint(int MaxSkew, string TopologyKey, SpreadSelector Selector, int MinDomains);

    /// <summary>filtering.go preFilterState: matching pods per topology value, per constraint; cloned for a dry run.</summary>
    private sealed class PreFilterState : IStateData
    {
        public PreFilterState(List<Constraint> constraints)
        {
            Constraints = constraints;
            TpValueToMatchNum = constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        }

        public List<Constraint> Constraints { get; }

        public Dictionary<string, int>[] TpValueToMatchNum { get; private init; }

        /// <summary>preFilterState.Clone: the counts copied, the constraints shared.</summary>
        public IStateData Clone() => new PreFilterState(Constraints)
        {
            TpValueToMatchNum = TpValueToMatchNum.Select(d => new Dictionary<string, int>(d, StringComparer.Ordinal)).ToArray(),
        };

        /// <summary>filtering.go minMatchNum: the global minimum, or 0 with fewer domains than minDomains.</summary>
        public int MinMatchNum(int constraint, int minDomains)
        {
            var counts = TpValueToMatchNum[constraint];
            if (counts.Count < minDomains)
            {
                return 0;
            }

            int min = int.MaxValue;
            foreach (var n in counts.Values)
            {
                min = Math.Min(min, n);
            }

            return min;
        }
    }
}
