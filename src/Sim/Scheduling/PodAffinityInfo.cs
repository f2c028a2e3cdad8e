using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// A processed core/v1 PodAffinityTerm (pkg/scheduler/framework/types.go AffinityTerm): the namespaces it names (the
/// pod's own when it names none and has no namespace selector), its label selector, topology key and namespace
/// selector as parsed selectors. Immutable.
/// </summary>
public sealed class AffinityTerm
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>(StringComparer.Ordinal);

    // A set in Kubernetes; only ever asked whether it holds a namespace, so a short array (usually one name) does.
    private readonly string[] _namespaces;

    public AffinityTerm(IReadOnlyList<string> namespaces, Selector selector, string topologyKey, Selector namespaceSelector)
    {
        _namespaces = [.. namespaces];
        Selector = selector;
        TopologyKey = topologyKey;
        NamespaceSelector = namespaceSelector;
    }

    /// <summary>The namespaces named (or the pod's own).</summary>
    public IReadOnlyList<string> Namespaces => _namespaces;

    public Selector Selector { get; }

    public string TopologyKey { get; }

    /// <summary>Nothing for a null namespace selector, Everything for an empty one.</summary>
    public Selector NamespaceSelector { get; }

    /// <summary>
    /// types.go newAffinityTerm with getNamespacesFromPodAffinityTerm. Throws <see cref="FormatException"/> for a
    /// selector that does not parse (metav1.LabelSelectorAsSelector's error).
    /// </summary>
    public static AffinityTerm Of(Pod pod, PodAffinityTerm term)
    {
        var selector = Selector.FromLabelSelector(term.LabelSelector);
        IReadOnlyList<string> namespaces = term.Namespaces.Count == 0 && term.NamespaceSelector is null ? [pod.Metadata.Namespace] : term.Namespaces;
        var namespaceSelector = Selector.FromLabelSelector(term.NamespaceSelector);
        return new AffinityTerm(namespaces, selector, term.TopologyKey, namespaceSelector);
    }

    /// <summary>types.go AffinityTerm.Matches: the pod is in a named namespace or one the namespace selector selects, and its labels match.</summary>
    public bool Matches(Pod pod, IReadOnlyDictionary<string, string>? nsLabels) =>
        Matches(pod.Metadata.Namespace, pod.Metadata.Labels, nsLabels);

    /// <summary><see cref="Matches(Pod, IReadOnlyDictionary{string, string}?)"/> for a pod in <paramref name="ns"/> with <paramref name="labels"/>.</summary>
    public bool Matches(string ns, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string>? nsLabels)
    {
        if (Array.IndexOf(_namespaces, ns) >= 0 || NamespaceSelector.Matches(nsLabels ?? NoLabels))
        {
            return Selector.Matches(labels);
        }

        return false;
    }

    /// <summary>This term with <paramref name="namespaces"/> added and the namespace selector replaced by <paramref name="namespaceSelector"/>.</summary>
    internal AffinityTerm WithNamespaces(IEnumerable<string> namespaces, Selector namespaceSelector) =>
        new([.. _namespaces, .. namespaces], Selector, TopologyKey, namespaceSelector);
}

/// <summary>A preferred term and its weight (types.go WeightedAffinityTerm).</summary>
public sealed record WeightedAffinityTerm(AffinityTerm AffinityTerm, int Weight);

/// <summary>
/// The inter-pod affinity part of a pod's framework PodInfo (pkg/scheduler/framework/types.go PodInfo.Update): its
/// required and preferred (anti-)affinity terms, parsed once. A node's scheduler cache entry keeps one per pod with
/// pod (anti-)affinity (NodeInfo.PodsWithAffinity).
/// </summary>
public sealed class PodAffinityInfo
{
    private PodAffinityInfo(Pod pod)
    {
        Pod = pod;
    }

    public Pod Pod { get; }

    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; private set; } = [];

    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; private set; } = [];

    public IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms { get; private set; } = [];

    public IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms { get; private set; } = [];

    /// <summary>nodeinfo podWithAffinity: the pod has a podAffinity or a podAntiAffinity, whatever its terms.</summary>
    public static bool HasPodAffinity(Pod pod) =>
        pod.Spec.Affinity is { } a && (a.PodAffinity is not null || a.PodAntiAffinity is not null);

    /// <summary>nodeinfo podWithRequiredAntiAffinity: the pod has at least one required anti-affinity term.</summary>
    public static bool HasRequiredAntiAffinity(Pod pod) =>
        pod.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution.Count > 0;

    /// <summary>
    /// types.go PodInfo.Update's parsing: each kind of term parsed; a kind with a selector that does not parse has no
    /// terms, and <paramref name="error"/> says why (the aggregate of "requiredAffinityTerms: ..." and the like), as
    /// Kubernetes does.
    /// </summary>
    public static PodAffinityInfo Of(Pod pod, out string? error)
    {
        var info = new PodAffinityInfo(pod);
        error = null;
        var affinity = pod.Spec.Affinity;
        if (affinity is null || (affinity.PodAffinity is null && affinity.PodAntiAffinity is null))
        {
            return info;
        }

        List<string>? errors = null;
        info.RequiredAffinityTerms = Terms(pod, affinity.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, "requiredAffinityTerms", ref errors);
        info.RequiredAntiAffinityTerms = Terms(pod, affinity.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, "requiredAntiAffinityTerms", ref errors);
        info.PreferredAffinityTerms = WeightedTerms(pod, affinity.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, "preferredAffinityTerms", ref errors);
        info.PreferredAntiAffinityTerms = WeightedTerms(pod, affinity.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, "preferredAntiAffinityTerms", ref errors);
        if (errors is not null)
        {
            error = GoFormat.Aggregate(errors);
        }

        return info;
    }

    /// <summary>types.go GetAffinityTerms: none when one selector fails to parse.</summary>
    private static IReadOnlyList<AffinityTerm> Terms(Pod pod, IReadOnlyList<PodAffinityTerm>? terms, string what, ref List<string>? errors)
    {
        if (terms is null || terms.Count == 0)
        {
            return [];
        }

        var result = new AffinityTerm[terms.Count];
        for (int i = 0; i < terms.Count; i++)
        {
            try
            {
                result[i] = AffinityTerm.Of(pod, terms[i]);
            }
            catch (FormatException e)
            {
                (errors ??= []).Add(what + ": " + e.Message);
                return [];
            }
        }

        return result;
    }

    /// <summary>types.go getWeightedAffinityTerms: none when one selector fails to parse.</summary>
    private static IReadOnlyList<WeightedAffinityTerm> WeightedTerms(Pod pod, IReadOnlyList<WeightedPodAffinityTerm>? terms, string what, ref List<string>? errors)
    {
        if (terms is null || terms.Count == 0)
        {
            return [];
        }

        var result = new WeightedAffinityTerm[terms.Count];
        for (int i = 0; i < terms.Count; i++)
        {
            try
            {
                result[i] = new WeightedAffinityTerm(AffinityTerm.Of(pod, terms[i].PodAffinityTerm), terms[i].Weight);
            }
            catch (FormatException e)
            {
                (errors ??= []).Add(what + ": " + e.Message);
                return [];
            }
        }

        return result;
    }
}
