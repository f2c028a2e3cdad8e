using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>Filtering: filtering.go PreFilter and Filter.</summary>
public sealed partial class InterPodAffinity
{
    /// <summary>filtering.go ErrReasonExistingAntiAffinityRulesNotMatch.</summary>
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

    /// <summary>filtering.go ErrReasonAffinityRulesNotMatch.</summary>
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";

    /// <summary>filtering.go ErrReasonAntiAffinityRulesNotMatch.</summary>
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    private const string PreFilterStateKey = "PreFilter" + PluginName;

    // Filter's rejections, built once and attributed to the plugin.
    private static readonly Status AffinityRulesNotMatch = new(StatusCode.UnschedulableAndUnresolvable, [ErrReasonAffinityRulesNotMatch], PluginName);
    private static readonly Status AntiAffinityRulesNotMatch = new(StatusCode.Unschedulable, [ErrReasonAntiAffinityRulesNotMatch], PluginName);
    private static readonly Status ExistingAntiAffinityRulesNotMatch = new(StatusCode.Unschedulable, [ErrReasonExistingAntiAffinityRulesNotMatch], PluginName);

    /// <summary>
    /// filtering.go PreFilter: the counts of existing pods whose required anti-affinity matches the pod (over the nodes
    /// holding such pods), and of existing pods matching the pod's required affinity and anti-affinity terms (over
    /// every node), per topology pair. Skip when there is nothing to check.
    /// </summary>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod)
    {
        var nodesWithRequiredAntiAffinityPods = state.HavePodsWithRequiredAntiAffinity;
        if (nodesWithRequiredAntiAffinityPods.Count == 0 && !PodAffinityInfo.HasPodAffinity(pod))
        {
            // What the code below concludes for such a pod, without its allocations: no terms, no counts, Skip.
            return (null, Status.Skip);
        }

        var podInfo = PodAffinityInfo.Of(pod, out var error);
        if (error is not null)
        {
            return (null, Status.UnschedulableAndUnresolvable("parsing pod: " + error));
        }

        var store = state.Store ?? _store;
        var required = MergeNamespaces(podInfo.RequiredAffinityTerms, store);
        var requiredAnti = MergeNamespaces(podInfo.RequiredAntiAffinityTerms, store);
        var nsLabels = GetNamespaceLabelsSnapshot(pod.Metadata.Namespace, store);

        var existingAntiAffinityCounts = GetExistingAntiAffinityCounts(pod, nsLabels, nodesWithRequiredAntiAffinityPods);
        var (affinityCounts, antiAffinityCounts) = GetIncomingAffinityAntiAffinityCounts(required, requiredAnti, state.Nodes);
        if (existingAntiAffinityCounts.Count == 0 && required.Count == 0 && requiredAnti.Count == 0)
        {
            return (null, Status.Skip);
        }

        state.Write(PreFilterStateKey, new PreFilterState(pod, required, requiredAnti, nsLabels, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts));
        return (null, Status.Success);
    }

    /// <summary>filtering.go Filter: the pod's affinity, then its anti-affinity, then existing pods' anti-affinity.</summary>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var s = state.Read<PreFilterState>(PreFilterStateKey);
        if (s is null)
        {
            return Status.AsError($"error reading \"{PreFilterStateKey}\" from cycleState: not found");
        }

        var labels = nodeInfo.State!.Labels;
        if (!SatisfyPodAffinity(s, labels))
        {
            return AffinityRulesNotMatch;
        }

        if (!SatisfyPodAntiAffinity(s, labels))
        {
            return AntiAffinityRulesNotMatch;
        }

        if (!SatisfyExistingPodsAntiAffinity(s, labels))
        {
            return ExistingAntiAffinityRulesNotMatch;
        }

        return Status.Success;
    }

    /// <summary>filtering.go AddPod: <paramref name="podToAdd"/> counts on its node (preemption's dry run, nominated pods).</summary>
    public Status AddPod(CycleState state, Pod podToSchedule, Pod podToAdd, NodeInfo nodeInfo) => UpdateWithPod(state, podToAdd, nodeInfo, 1);

    /// <summary>filtering.go RemovePod: <paramref name="podToRemove"/> no longer counts on its node.</summary>
    public Status RemovePod(CycleState state, Pod podToSchedule, Pod podToRemove, NodeInfo nodeInfo) => UpdateWithPod(state, podToRemove, nodeInfo, -1);

    /// <summary>filtering.go AddPod / RemovePod: getPreFilterState, then preFilterState.updateWithPod with <paramref name="multiplier"/>.</summary>
    private static Status UpdateWithPod(CycleState state, Pod updatedPod, NodeInfo nodeInfo, long multiplier)
    {
        var s = state.Read<PreFilterState>(PreFilterStateKey);
        if (s is null)
        {
            return Status.AsError($"error reading \"{PreFilterStateKey}\" from cycleState: not found");
        }

        if (nodeInfo.State is { } node)
        {
            s.UpdateWithPod(updatedPod, node.Labels, multiplier);
        }

        return Status.Success;
    }

    /// <summary>filtering.go getPreFilterState, for tests: the three counts of the cycle's state, or null without one.</summary>
    internal static (TopologyCounts ExistingAntiAffinity, TopologyCounts Affinity, TopologyCounts AntiAffinity)? PreFilterCounts(CycleState state) =>
        state.Read<PreFilterState>(PreFilterStateKey) is { } s ? (s.ExistingAntiAffinityCounts, s.AffinityCounts, s.AntiAffinityCounts) : null;

    /// <summary>
    /// filtering.go getExistingAntiAffinityCounts: per topology pair, how many required anti-affinity terms of existing
    /// pods match the pod (those pods' namespace selectors read the pod's namespace labels).
    /// </summary>
    private static TopologyCounts GetExistingAntiAffinityCounts(Pod pod, IReadOnlyDictionary<string, string>? nsLabels, IReadOnlyList<NodeInfo> nodes)
    {
        var result = new TopologyCounts();
        for (int n = 0; n < nodes.Count; n++)
        {
            var nodeInfo = nodes[n];
            var labels = nodeInfo.State!.Labels;
            var pods = nodeInfo.PodsWithRequiredAntiAffinity;
            for (int p = 0; p < pods.Count; p++)
            {
                result.UpdateWithAntiAffinityTerms(pods[p].RequiredAntiAffinityTerms, pod, nsLabels, labels, 1);
            }
        }

        return result;
    }

    /// <summary>
    /// filtering.go getIncomingAffinityAntiAffinityCounts: per topology pair, the existing pods matching all the pod's
    /// required affinity terms (counted once per term), and the existing pods matching each anti-affinity term.
    /// </summary>
    private static (TopologyCounts Affinity, TopologyCounts AntiAffinity) GetIncomingAffinityAntiAffinityCounts(IReadOnlyList<AffinityTerm> required, IReadOnlyList<AffinityTerm> requiredAnti, IReadOnlyList<NodeInfo> allNodes)
    {
        var affinityCounts = new TopologyCounts();
        var antiAffinityCounts = new TopologyCounts();
        if (required.Count == 0 && requiredAnti.Count == 0)
        {
            return (affinityCounts, antiAffinityCounts);
        }

        for (int n = 0; n < allNodes.Count; n++)
        {
            var nodeInfo = allNodes[n];
            if (nodeInfo.State is not { } node)
            {
                continue;
            }

            var pods = nodeInfo.Pods;
            for (int p = 0; p < pods.Count; p++)
            {
                var existing = pods[p];
                affinityCounts.UpdateWithAffinityTerms(required, existing, node.Labels, 1);

                // The incoming pod's namespace selectors were merged into its namespaces: no namespace labels needed.
                antiAffinityCounts.UpdateWithAntiAffinityTerms(requiredAnti, existing, null, node.Labels, 1);
            }
        }

        return (affinityCounts, antiAffinityCounts);
    }

    /// <summary>filtering.go satisfyExistingPodsAntiAffinity: no topology pair of the node has a matching existing anti-affinity term.</summary>
    private static bool SatisfyExistingPodsAntiAffinity(PreFilterState s, IReadOnlyDictionary<string, string> nodeLabels) =>
        s.ExistingAntiAffinityCounts.Count == 0 || !s.ExistingAntiAffinityCounts.AnyPositive(nodeLabels);

    /// <summary>filtering.go satisfyPodAntiAffinity: no domain of the node holds a pod matching one of the pod's anti-affinity terms.</summary>
    private static bool SatisfyPodAntiAffinity(PreFilterState s, IReadOnlyDictionary<string, string> nodeLabels)
    {
        if (s.AntiAffinityCounts.Count > 0)
        {
            foreach (var term in s.RequiredAntiAffinityTerms)
            {
                if (nodeLabels.TryGetValue(term.TopologyKey, out var value) && s.AntiAffinityCounts.Get(term.TopologyKey, value) > 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// filtering.go satisfyPodAffinity: the node has every topology key, and each of its domains holds a pod matching
    /// all the terms; or no pod anywhere matches them and the pod matches them itself (the first pod of a group with
    /// affinity to itself).
    /// </summary>
    private static bool SatisfyPodAffinity(PreFilterState s, IReadOnlyDictionary<string, string> nodeLabels)
    {
        bool podsExist = true;
        foreach (var term in s.RequiredAffinityTerms)
        {
            if (nodeLabels.TryGetValue(term.TopologyKey, out var value))
            {
                if (s.AffinityCounts.Get(term.TopologyKey, value) <= 0)
                {
                    podsExist = false;
                }
            }
            else
            {
                // All topology labels must exist on the node.
                return false;
            }
        }

        if (!podsExist)
        {
            // This pod may be the first pod in a series that have affinity to themselves. In order to not leave such
            // pods in pending state forever, we check that if no other pod in the cluster matches the namespace and
            // selector of this pod, the pod matches its own terms, and the node has all the requested topologies, then
            // we allow the pod to pass the affinity check.
            return s.AffinityCounts.Count == 0 && PodMatchesAllAffinityTerms(s.RequiredAffinityTerms, s.Pod.Metadata.Namespace, s.Pod.Metadata.Labels);
        }

        return true;
    }

    /// <summary>filtering.go preFilterState: the pod's merged required terms, its namespace's labels and the three counts; cloned for a dry run.</summary>
    private sealed class PreFilterState(
        Pod pod,
        IReadOnlyList<AffinityTerm> requiredAffinityTerms,
        IReadOnlyList<AffinityTerm> requiredAntiAffinityTerms,
        IReadOnlyDictionary<string, string>? namespaceLabels,
        TopologyCounts existingAntiAffinityCounts,
        TopologyCounts affinityCounts,
        TopologyCounts antiAffinityCounts) : IStateData
    {
        public Pod Pod { get; } = pod;

        public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; } = requiredAffinityTerms;

        public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; } = requiredAntiAffinityTerms;

        /// <summary>A copy of the incoming pod's namespace labels (null when the namespace is not found).</summary>
        public IReadOnlyDictionary<string, string>? NamespaceLabels { get; } = namespaceLabels;

        public TopologyCounts ExistingAntiAffinityCounts { get; } = existingAntiAffinityCounts;

        public TopologyCounts AffinityCounts { get; } = affinityCounts;

        public TopologyCounts AntiAffinityCounts { get; } = antiAffinityCounts;

        /// <summary>preFilterState.Clone: the three counts copied; the pod, its terms and namespace labels shared (they never change).</summary>
        public IStateData Clone() => new PreFilterState(
            Pod,
            RequiredAffinityTerms,
            RequiredAntiAffinityTerms,
            NamespaceLabels,
            ExistingAntiAffinityCounts.Clone(),
            AffinityCounts.Clone(),
            AntiAffinityCounts.Clone());

        /// <summary>
        /// preFilterState.updateWithPod: the updated pod's required anti-affinity terms that match the incoming pod, the
        /// incoming pod's affinity terms if the updated pod matches them all, and its anti-affinity terms the updated pod
        /// matches, each add <paramref name="multiplier"/> to the node's pair.
        /// </summary>
        public void UpdateWithPod(Pod updatedPod, IReadOnlyDictionary<string, string> nodeLabels, long multiplier)
        {
            if (PodAffinityInfo.HasRequiredAntiAffinity(updatedPod))
            {
                // The updated pod's PodInfo: its terms parsed as NodeInfo parses them (none of a kind that fails to parse).
                var updatedInfo = PodAffinityInfo.Of(updatedPod, out _);
                ExistingAntiAffinityCounts.UpdateWithAntiAffinityTerms(updatedInfo.RequiredAntiAffinityTerms, Pod, NamespaceLabels, nodeLabels, multiplier);
            }

            AffinityCounts.UpdateWithAffinityTerms(RequiredAffinityTerms, updatedPod, nodeLabels, multiplier);

            // The incoming pod's terms have the namespaceSelector merged into the namespaces, and so here we don't
            // lookup the updated pod's namespace labels, hence passing null for nsLabels.
            AntiAffinityCounts.UpdateWithAntiAffinityTerms(RequiredAntiAffinityTerms, updatedPod, null, nodeLabels, multiplier);
        }
    }
}
