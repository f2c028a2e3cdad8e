using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// What the API server's pod strategy does to a new pod before validating it (pkg/registry/core/pod/strategy.go
/// PrepareForCreate), limited to what the simulation reads.
/// </summary>
public static class PodStrategy
{
    /// <summary>
    /// strategy.go mutatePodAffinity (feature MatchLabelKeysInPodAffinity, on by default since v1.31): every
    /// (anti-)affinity term with a label selector gets, for each of its matchLabelKeys the pod has a label for,
    /// <c>key In (value)</c>, and for each of its mismatchLabelKeys, <c>key NotIn (value)</c>, appended to its
    /// selector's matchExpressions. The pod gets new affinity records and selectors: the ones it has may be shared
    /// with its template.
    /// </summary>
    public static void MutatePodAffinity(Pod pod)
    {
        var affinity = pod.Spec.Affinity;
        if (affinity is null || (affinity.PodAffinity is null && affinity.PodAntiAffinity is null))
        {
            return;
        }

        var a = affinity.PodAffinity;
        var anti = affinity.PodAntiAffinity;
        if (!(Needs(a?.RequiredDuringSchedulingIgnoredDuringExecution, a?.PreferredDuringSchedulingIgnoredDuringExecution)
            || Needs(anti?.RequiredDuringSchedulingIgnoredDuringExecution, anti?.PreferredDuringSchedulingIgnoredDuringExecution)))
        {
            return;
        }

        var labels = pod.Metadata.Labels;
        pod.Spec.Affinity = affinity with
        {
            PodAffinity = a is null ? null : a with
            {
                PreferredDuringSchedulingIgnoredDuringExecution = Apply(a.PreferredDuringSchedulingIgnoredDuringExecution, labels),
                RequiredDuringSchedulingIgnoredDuringExecution = Apply(a.RequiredDuringSchedulingIgnoredDuringExecution, labels),
            },
            PodAntiAffinity = anti is null ? null : anti with
            {
                PreferredDuringSchedulingIgnoredDuringExecution = Apply(anti.PreferredDuringSchedulingIgnoredDuringExecution, labels),
                RequiredDuringSchedulingIgnoredDuringExecution = Apply(anti.RequiredDuringSchedulingIgnoredDuringExecution, labels),
            },
        };
    }

    private static bool Needs(IReadOnlyList<PodAffinityTerm>? required, IReadOnlyList<WeightedPodAffinityTerm>? preferred) =>
        (required?.Any(NeedsMerge) ?? false) || (preferred?.Any(t => NeedsMerge(t.PodAffinityTerm)) ?? false);

    private static IReadOnlyList<PodAffinityTerm> Apply(IReadOnlyList<PodAffinityTerm> terms, IReadOnlyDictionary<string, string> labels)
        => [.. terms.Select(t => ApplyMatchLabelKeysAndMismatchLabelKeys(t, labels))];

    private static IReadOnlyList<WeightedPodAffinityTerm> Apply(IReadOnlyList<WeightedPodAffinityTerm> terms, IReadOnlyDictionary<string, string> labels)
        => [.. terms.Select(t => t with { PodAffinityTerm = ApplyMatchLabelKeysAndMismatchLabelKeys(t.PodAffinityTerm, labels) })];

    private static bool NeedsMerge(PodAffinityTerm term) =>
        term.LabelSelector is not null && (term.MatchLabelKeys.Count > 0 || term.MismatchLabelKeys.Count > 0);

    /// <summary>strategy.go applyMatchLabelKeysAndMismatchLabelKeys and applyLabelKeysToLabelSelector, on a copy of the selector.</summary>
    private static PodAffinityTerm ApplyMatchLabelKeysAndMismatchLabelKeys(PodAffinityTerm term, IReadOnlyDictionary<string, string> labels)
    {
        if (!NeedsMerge(term))
        {
            // A nil label selector matches nothing: there is nothing to narrow.
            return term;
        }

        var selector = new LabelSelector
        {
            MatchLabels = new SortedDictionary<string, string>(term.LabelSelector!.MatchLabels, StringComparer.Ordinal),
            MatchExpressions = [.. term.LabelSelector.MatchExpressions],
        };
        Append(selector, term.MatchLabelKeys, LabelSelectorOperator.In, labels);
        Append(selector, term.MismatchLabelKeys, LabelSelectorOperator.NotIn, labels);
        return term with { LabelSelector = selector };
    }

    private static void Append(LabelSelector selector, IReadOnlyList<string> keys, string op, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var key in keys)
        {
            if (labels.TryGetValue(key, out var value))
            {
                selector.MatchExpressions.Add(new LabelSelectorRequirement(key, op, [value]));
            }
        }
    }
}
