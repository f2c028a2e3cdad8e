using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>Scoring: scoring.go PreScore, Score and NormalizeScore.</summary>
public sealed partial class InterPodAffinity
{
    private const string PreScoreStateKey = "PreScore" + PluginName;

    /// <summary>
    /// scoring.go PreScore: a score per topology pair from each existing pod (on every node when the pod has preferred
    /// terms of its own, else only on nodes holding pods with affinity). Skip when no pair got a score.
    /// </summary>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        if (feasibleNodes.Count == 0)
        {
            // No nodes to score.
            return Status.Skip;
        }

        var affinity = pod.Spec.Affinity;
        bool hasPreferredAffinityConstraints = affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution.Count > 0;
        bool hasPreferredAntiAffinityConstraints = affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution.Count > 0;
        bool hasConstraints = hasPreferredAffinityConstraints || hasPreferredAntiAffinityConstraints;

        // Optionally ignore calculating preferences of existing pods' affinity rules if the incoming pod has no
        // inter-pod affinities.
        if (IgnorePreferredTermsOfExistingPods && !hasConstraints)
        {
            return Status.Skip;
        }

        // Unless the pod being scheduled has preferred affinity terms, we only need to process nodes hosting pods
        // with affinity.
        var allNodes = hasConstraints ? state.Nodes : state.HavePodsWithAffinity;
        if (allNodes.Count == 0 && !PodAffinityInfo.HasPodAffinity(pod))
        {
            // What the code below concludes for such a pod, without its allocations: nothing scored, Skip.
            return Status.Skip;
        }

        var podInfo = PodAffinityInfo.Of(pod, out var error);
        if (error is not null)
        {
            return Status.AsError("failed to parse pod: " + error);
        }

        var store = state.Store ?? _store;
        var s = new PreScoreState(
            MergeNamespaces(podInfo.PreferredAffinityTerms, store),
            MergeNamespaces(podInfo.PreferredAntiAffinityTerms, store),
            GetNamespaceLabelsSnapshot(pod.Metadata.Namespace, store));

        for (int n = 0; n < allNodes.Count; n++)
        {
            var nodeInfo = allNodes[n];
            if (nodeInfo.State is not { } node || node.Labels.Count == 0)
            {
                // processExistingPod returns at once for a node without labels.
                continue;
            }

            if (hasConstraints)
            {
                // Every pod on the node against the pod's own preferred terms; existing pods' terms below.
                var pods = nodeInfo.Pods;
                for (int p = 0; p < pods.Count; p++)
                {
                    ProcessIncomingTerms(s, pods[p], node.Labels);
                }
            }

            // Without preferred terms of the pod's own, only existing pods' terms score, and only pods with affinity have any.
            var withAffinity = nodeInfo.PodsWithAffinity;
            for (int p = 0; p < withAffinity.Count; p++)
            {
                ProcessExistingTerms(s, withAffinity[p], pod, node.Labels);
            }
        }

        if (s.TopologyScore.Count == 0)
        {
            return Status.Skip;
        }

        state.Write(PreScoreStateKey, s);
        return Status.Success;
    }

    /// <summary>
    /// scoring.go Score: the sum of the scores of the node's topology pairs; positive for affinity, negative for
    /// anti-affinity; normalized later.
    /// </summary>
    public long Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var s = state.Read<PreScoreState>(PreScoreStateKey) ?? throw new InvalidOperationException($"error reading \"{PreScoreStateKey}\" from cycleState: not found");
        return ScoreOf(s, nodeInfo);
    }

    /// <summary>Score for every node, reading the cycle state once.</summary>
    public void ScoreNodes(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, NodeScore[] scores)
    {
        var s = state.Read<PreScoreState>(PreScoreStateKey) ?? throw new InvalidOperationException($"error reading \"{PreScoreStateKey}\" from cycleState: not found");
        for (int i = 0; i < nodes.Count; i++)
        {
            scores[i] = new NodeScore(nodes[i].Name, ScoreOf(s, nodes[i]));
        }
    }

    /// <summary>
    /// scoring.go NormalizeScore: scores mapped linearly from [min, max] to [0, 100] (truncated, as Go's int64 of a
    /// float64); all 0 when they are equal.
    /// </summary>
    public void NormalizeScore(CycleState state, Pod pod, NodeScore[] scores)
    {
        var s = state.Read<PreScoreState>(PreScoreStateKey);
        if (s is null || s.TopologyScore.Count == 0)
        {
            return;
        }

        long minCount = long.MaxValue;
        long maxCount = long.MinValue;
        foreach (var score in scores)
        {
            maxCount = Math.Max(maxCount, score.Score);
            minCount = Math.Min(minCount, score.Score);
        }

        long maxMinDiff = maxCount - minCount;
        for (int i = 0; i < scores.Length; i++)
        {
            double fScore = 0;
            if (maxMinDiff > 0)
            {
                fScore = NodeScore.MaxNodeScore * ((double)(scores[i].Score - minCount) / maxMinDiff);
            }

            scores[i] = new NodeScore(scores[i].Name, (long)fScore);
        }
    }

    private static long ScoreOf(PreScoreState s, NodeInfo nodeInfo)
    {
        var labels = nodeInfo.State!.Labels;
        long score = 0;
        foreach (var (key, values) in s.TopologyScore)
        {
            if (labels.TryGetValue(key, out var value))
            {
                score += values.GetValueOrDefault(value);
            }
        }

        return score;
    }

    /// <summary>
    /// scoring.go processExistingPod, its first half: for every preferred affinity term of the pod that the existing pod
    /// matches, the term's weight to the existing pod's domain; minus the weight for every preferred anti-affinity term.
    /// </summary>
    private static void ProcessIncomingTerms(PreScoreState s, Pod existing, IReadOnlyDictionary<string, string> nodeLabels)
    {
        // The incoming pod's namespace selectors were merged into its namespaces: no namespace labels needed.
        ProcessTerms(s, s.PreferredAffinityTerms, existing, null, nodeLabels, 1);
        ProcessTerms(s, s.PreferredAntiAffinityTerms, existing, null, nodeLabels, -1);
    }

    /// <summary>
    /// scoring.go processExistingPod, its second half: the existing pod's required affinity terms that the pod matches
    /// give hardPodAffinityWeight, its preferred terms their weight (minus for anti-affinity), to its domain; its
    /// namespace selectors read the pod's namespace labels.
    /// </summary>
    private void ProcessExistingTerms(PreScoreState s, PodAffinityInfo existing, Pod pod, IReadOnlyDictionary<string, string> nodeLabels)
    {
        if (HardPodAffinityWeight > 0)
        {
            foreach (var t in existing.RequiredAffinityTerms)
            {
                ProcessTerm(s, t, HardPodAffinityWeight, pod, s.NamespaceLabels, nodeLabels, 1);
            }
        }

        ProcessTerms(s, existing.PreferredAffinityTerms, pod, s.NamespaceLabels, nodeLabels, 1);
        ProcessTerms(s, existing.PreferredAntiAffinityTerms, pod, s.NamespaceLabels, nodeLabels, -1);
    }

    /// <summary>scoring.go scoreMap.processTerms.</summary>
    private static void ProcessTerms(PreScoreState s, IReadOnlyList<WeightedAffinityTerm> terms, Pod pod, IReadOnlyDictionary<string, string>? nsLabels, IReadOnlyDictionary<string, string> nodeLabels, int multiplier)
    {
        for (int i = 0; i < terms.Count; i++)
        {
            ProcessTerm(s, terms[i].AffinityTerm, terms[i].Weight, pod, nsLabels, nodeLabels, multiplier);
        }
    }

    /// <summary>scoring.go scoreMap.processTerm: weight × multiplier to the node's value of the term's topology key, if the pod matches the term.</summary>
    private static void ProcessTerm(PreScoreState s, AffinityTerm term, int weight, Pod pod, IReadOnlyDictionary<string, string>? nsLabels, IReadOnlyDictionary<string, string> nodeLabels, int multiplier)
    {
        if (term.Matches(pod, nsLabels) && nodeLabels.TryGetValue(term.TopologyKey, out var value))
        {
            if (!s.TopologyScore.TryGetValue(term.TopologyKey, out var values))
            {
                values = new Dictionary<string, long>(StringComparer.Ordinal);
                s.TopologyScore[term.TopologyKey] = values;
            }

            // A pair stays even when its score comes back to 0, as in the Go map.
            values[value] = values.GetValueOrDefault(value) + (weight * multiplier);
        }
    }

    /// <summary>
    /// scoring.go preScoreState: the score per topology key and value (summed over nodes, so the order they are
    /// visited in does not show), the pod's preferred terms with namespace selectors merged, its namespace's labels.
    /// </summary>
    private sealed record PreScoreState(
        IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms,
        IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms,
        IReadOnlyDictionary<string, string>? NamespaceLabels)
    {
        public Dictionary<string, Dictionary<string, long>> TopologyScore { get; } = new(StringComparer.Ordinal);
    }
}
