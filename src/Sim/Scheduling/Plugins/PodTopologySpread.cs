using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Spreads pods over topology domains. Hard (DoNotSchedule) constraints filter nodes whose domain would
/// exceed maxSkew; soft (ScheduleAnyway) constraints score nodes, fewer matching pods being better. Pods
/// without constraints get the system defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) with
/// the selector of their owning services/ReplicationController/ReplicaSet.
/// Port of plugins/podtopologyspread/{plugin.go,common.go,filtering.go,scoring.go} (v1.32, with
/// NodeInclusionPolicy defaults Honor/Ignore and MinDomains 1; matchLabelKeys is not modelled).
/// </summary>
public sealed class PodTopologySpread : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
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

    /// <summary>scoring.go PreScore / initPreScoreState.</summary>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var allNodes = state.Cache.Nodes;
        if (feasibleNodes.Count == 0 || allNodes.Count == 0)
        {
            return Status.Skip;
        }

        List<Constraint> constraints;
        try
        {
            constraints = GetConstraints(pod, "ScheduleAnyway", state.Store ?? _store);
        }
        catch (FormatException e)
        {
            return Status.AsError("obtaining pod's soft topology spread constraints: " + e.Message);
        }

        if (constraints.Count == 0)
        {
            return Status.Skip;
        }

        // Only require that nodes have all the topology labels if using non-system-default spreading rules.
        bool requireAllTopologies = pod.Spec.TopologySpreadConstraints.Count > 0 || !SystemDefaulted;
        var required = RequiredNodeAffinity.Of(pod);

        // When no node can be skipped, the sum over all nodes of a domain is the cache's per-domain count:
        // each domain is filled when first seen instead of visiting every node of the cluster.
        bool everyNodeCounts = !requireAllTopologies && required.MatchesAll;
        var cache = state.Cache;
        var s = new PreScoreState(constraints, Counters(cache, constraints, pod.Metadata.Namespace), feasibleNodes);
        var topoSize = new int[constraints.Count];

        // Per constraint, the cache's number for its key (-1 for hostname, counted per node in Score) and, per
        // value number met, its slot (-1: not yet), so a node's pair is found without hashing its value.
        var keyIndex = s.KeyIndex;
        var slotOfValue = s.SlotOfValue;
        var emptyValueId = new int[constraints.Count];
        for (int i = 0; i < constraints.Count; i++)
        {
            var key = constraints[i].TopologyKey;
            keyIndex[i] = cache.TopologyKeyIndex(key);
            if (key == LabelHostname)
            {
                continue;
            }

            // A node without the key counts under the pair (key, "") (initPreScoreState reads a missing label as "").
            emptyValueId[i] = cache.DomainValueId(keyIndex[i], "");
            slotOfValue[i] = NewSlots(cache.DomainValueCount(keyIndex[i]));
        }

        for (int n = 0; n < feasibleNodes.Count; n++)
        {
            var nodeInfo = feasibleNodes[n];
            if (requireAllTopologies && !NodeLabelsMatchSpreadConstraints(nodeInfo.State!.Labels, constraints))
            {
                // Nodes which don't have all required topologyKeys present are ignored when scoring later.
                s.IgnoredNodes.Add(nodeInfo.Name);
                (s.IgnoredAt ??= new bool[feasibleNodes.Count])[n] = true;
                continue;
            }

            for (int i = 0; i < constraints.Count; i++)
            {
                // per-node counts are calculated during Score.
                if (constraints[i].TopologyKey == LabelHostname)
                {
                    continue;
                }

                int id = cache.DomainId(nodeInfo, keyIndex[i]);
                int valueId = id >= 0 ? id : emptyValueId[i];
                ref var slots = ref slotOfValue[i];
                if (valueId >= slots.Length)
                {
                    slots = GrowSlots(slots, cache.DomainValueCount(keyIndex[i]));
                }

                int slot = slots[valueId];
                if (slot < 0)
                {
                    // A new pair: its count starts at the domain's sum when every node counts, else at 0.
                    var key = constraints[i].TopologyKey;
                    var value = cache.DomainValue(keyIndex[i], valueId);
                    slot = s.DomainCounts[i].Count;
                    slots[valueId] = slot;
                    s.DomainSlots[i][value] = slot;
                    s.DomainCounts[i].Add(everyNodeCounts ? s.Counters[i]?.DomainCount(key, value) ?? 0 : 0);
                    topoSize[i]++;
                }
            }
        }

        for (int i = 0; i < constraints.Count; i++)
        {
            int size = constraints[i].TopologyKey == LabelHostname ? feasibleNodes.Count - s.IgnoredNodes.Count : topoSize[i];
            s.TopologyNormalizingWeight[i] = TopologyNormalizingWeight(size);
        }

        s.HostnameKeyIndex = cache.TopologyKeyIndex(LabelHostname);
        if (everyNodeCounts)
        {
            state.Write(PreScoreStateKey, s);
            return Status.Success;
        }

        for (int n = 0; n < allNodes.Count; n++)
        {
            var nodeInfo = allNodes[n];
            var node = nodeInfo.State!;
            if (requireAllTopologies && !NodeLabelsMatchSpreadConstraints(node.Labels, constraints))
            {
                continue;
            }

            for (int i = 0; i < constraints.Count; i++)
            {
                if (!MatchNodeInclusionPolicies(pod, node, required) || constraints[i].TopologyKey == LabelHostname)
                {
                    // Per-node counts are not kept as pairs.
                    continue;
                }

                int id = cache.DomainId(nodeInfo, keyIndex[i]);
                int valueId = id >= 0 ? id : emptyValueId[i];

                // Pairs not associated with any candidate node are skipped.
                var slots = slotOfValue[i];
                if (valueId >= slots.Length || slots[valueId] < 0)
                {
                    continue;
                }

                s.DomainCounts[i][slots[valueId]] += s.Counters[i]?.Count(nodeInfo) ?? 0;
            }
        }

        state.Write(PreScoreStateKey, s);
        return Status.Success;
    }

    private static int[] NewSlots(int length)
    {
        var slots = new int[length];
        Array.Fill(slots, -1);
        return slots;
    }

    private static int[] GrowSlots(int[] slots, int length)
    {
        var grown = NewSlots(Math.Max(length, slots.Length + 1));
        Array.Copy(slots, grown, slots.Length);
        return grown;
    }

    /// <summary>scoring.go Score: the weighted matching-pod count over the node's domains, rounded half away from zero.</summary>
    public long Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var s = state.Read<PreScoreState>(PreScoreStateKey);
        if (s is null || s.IgnoredNodes.Contains(nodeInfo.Name))
        {
            return 0;
        }

        var labels = nodeInfo.State!.Labels;
        double score = 0;
        for (int i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (labels.TryGetValue(c.TopologyKey, out var tpVal))
            {
                long cnt = c.TopologyKey == LabelHostname
                    ? s.Counters[i]?.Count(nodeInfo) ?? 0
                    : s.DomainCounts[i][s.DomainSlots[i][tpVal]];
                score += ScoreForCount(cnt, c.MaxSkew, s.TopologyNormalizingWeight[i]);
            }
        }

        return (long)Math.Round(score, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// scoring.go Score over the feasible nodes PreScore saw: each node's domain was found in PreScore, so a
    /// non-hostname count is an array read instead of a label and a pair lookup. The same sum in the same
    /// order as <see cref="Score"/>.
    /// </summary>
    public void ScoreNodes(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, NodeScore[] scores)
    {
        var s = state.Read<PreScoreState>(PreScoreStateKey);
        if (s is null || !ReferenceEquals(nodes, s.FeasibleNodes))
        {
            for (int n = 0; n < nodes.Count; n++)
            {
                scores[n] = new NodeScore(nodes[n].Name, Score(state, pod, nodes[n]));
            }

            return;
        }

        var constraints = s.Constraints;
        var cache = state.Cache;
        var span = SchedulingFramework.AsSpan(nodes);

        // Per constraint, read once: hostname or not. The pair counts in slot order are read from PreScore's
        // lists in place (nothing changes them while scoring): copying them allocated an array per constraint
        // on every cycle.
        int m = constraints.Count;
        Span<bool> hostname = m <= 16 ? stackalloc bool[m] : new bool[m];
        var counts = s.DomainCounts;
        for (int i = 0; i < m; i++)
        {
            hostname[i] = constraints[i].TopologyKey == LabelHostname;
        }

        var ignored = s.IgnoredAt;
        for (int n = 0; n < span.Length; n++)
        {
            var nodeInfo = span[n];
            if (ignored is not null && ignored[n])
            {
                scores[n] = new NodeScore(nodeInfo.Name, 0);
                continue;
            }

            double score = 0;
            for (int i = 0; i < m; i++)
            {
                long cnt;
                if (hostname[i])
                {
                    if (cache.DomainId(nodeInfo, s.HostnameKeyIndex) < 0)
                    {
                        continue;
                    }

                    cnt = s.Counters[i]?.Count(nodeInfo) ?? 0;
                }
                else
                {
                    // Score skips a constraint whose key the node lacks (its "" pair still counted as a domain).
                    int id = cache.DomainId(nodeInfo, s.KeyIndex[i]);
                    if (id < 0)
                    {
                        continue;
                    }

                    cnt = counts[i][s.SlotOfValue[i][id]];
                }

                score += ScoreForCount(cnt, constraints[i].MaxSkew, s.TopologyNormalizingWeight[i]);
            }

            scores[n] = new NodeScore(nodeInfo.Name, (long)Math.Round(score, MidpointRounding.AwayFromZero));
        }
    }

    /// <summary>scoring.go NormalizeScore: 100 × (max + min - score) / max; ignored nodes get 0.</summary>
    public void NormalizeScore(CycleState state, Pod pod, NodeScore[] scores)
    {
        var s = state.Read<PreScoreState>(PreScoreStateKey);
        if (s is null)
        {
            return;
        }

        const long invalidScore = -1;
        long minScore = long.MaxValue, maxScore = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (s.IgnoredNodes.Count > 0 && s.IgnoredNodes.Contains(scores[i].Name))
            {
                scores[i].Score = invalidScore;
                continue;
            }

            minScore = Math.Min(minScore, scores[i].Score);
            maxScore = Math.Max(maxScore, scores[i].Score);
        }

        for (int i = 0; i < scores.Length; i++)
        {
            if (scores[i].Score == invalidScore)
            {
                scores[i].Score = 0;
                continue;
            }

            if (maxScore == 0)
            {
                scores[i].Score = NodeScore.MaxNodeScore;
                continue;
            }

            scores[i].Score = NodeScore.MaxNodeScore * (maxScore + minScore - scores[i].Score) / maxScore;
        }
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

    /// <summary>filtering.go preFilterState: matching pods per topology value, per constraint.</summary>
    private sealed class PreFilterState
    {
        public PreFilterState(List<Constraint> constraints)
        {
            Constraints = constraints;
            TpValueToMatchNum = constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        }

        public List<Constraint> Constraints { get; }

        public Dictionary<string, int>[] TpValueToMatchNum { get; }

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

    /// <summary>
    /// scoring.go preScoreState. Its topologyPairToPodCounts is held as a slot per (constraint, value) with
    /// the counts in slot order; <see cref="SlotOfValue"/> finds a node's slot from the cache's number of its value.
    /// </summary>
    private sealed class PreScoreState
    {
        public PreScoreState(List<Constraint> constraints, MatchingPodCounter?[] counters, IReadOnlyList<NodeInfo> feasibleNodes)
        {
            Constraints = constraints;
            Counters = counters;
            FeasibleNodes = feasibleNodes;
            DomainSlots = new Dictionary<string, int>[constraints.Count];
            DomainCounts = new List<long>[constraints.Count];
            KeyIndex = new int[constraints.Count];
            SlotOfValue = new int[constraints.Count][];
            for (int i = 0; i < constraints.Count; i++)
            {
                DomainSlots[i] = new Dictionary<string, int>(StringComparer.Ordinal);
                DomainCounts[i] = [];
            }

            TopologyNormalizingWeight = new double[constraints.Count];
        }

        public List<Constraint> Constraints { get; }

        /// <summary>Per constraint, the matching-pod counts of its selector (null: empty selector).</summary>
        public MatchingPodCounter?[] Counters { get; }

        /// <summary>The nodes PreScore was given, in order (the indexes of <see cref="IgnoredAt"/>).</summary>
        public IReadOnlyList<NodeInfo> FeasibleNodes { get; }

        public HashSet<string> IgnoredNodes { get; } = new(StringComparer.Ordinal);

        /// <summary>Per feasible node: whether it is in <see cref="IgnoredNodes"/>; null while none is.</summary>
        public bool[]? IgnoredAt { get; set; }

        /// <summary>Per non-hostname constraint: the slot of each topology value met.</summary>
        public Dictionary<string, int>[] DomainSlots { get; }

        /// <summary>Per non-hostname constraint: the matching-pod count of each slot (topologyPairToPodCounts).</summary>
        public List<long>[] DomainCounts { get; }

        /// <summary>Per constraint, the cache's number for its topology key.</summary>
        public int[] KeyIndex { get; }

        /// <summary>Per non-hostname constraint, the slot of each value number met among the feasible nodes (-1: none).</summary>
        public int[][] SlotOfValue { get; }

        public double[] TopologyNormalizingWeight { get; }

        /// <summary>The cache's number for the hostname key (whether a node has the label).</summary>
        public int HostnameKeyIndex { get; set; }
    }
}
