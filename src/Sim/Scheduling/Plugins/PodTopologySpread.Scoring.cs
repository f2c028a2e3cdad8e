using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// PodTopologySpread's scoring (plugins/podtopologyspread/scoring.go): PreScore counts the pods matching each soft
/// constraint per topology value from the scheduler cache's counters, Score and ScoreNodes weigh a node's counts,
/// NormalizeScore turns fewer matching pods into a higher score.
/// </summary>
public sealed partial class PodTopologySpread
{
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
