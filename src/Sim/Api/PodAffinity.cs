namespace ClusterSim.Sim.Api;

/// <summary>
/// Inter-pod affinity (core/v1 PodAffinity): the pod goes where pods matching the terms already run, within a topology
/// domain. Required terms are ANDed and must all be met by one existing pod; preferred terms add their weight.
/// </summary>
public sealed record PodAffinity
{
    public IReadOnlyList<PodAffinityTerm> RequiredDuringSchedulingIgnoredDuringExecution { get; init; } = [];

    public IReadOnlyList<WeightedPodAffinityTerm> PreferredDuringSchedulingIgnoredDuringExecution { get; init; } = [];
}

/// <summary>
/// Inter-pod anti-affinity (core/v1 PodAntiAffinity): the pod stays out of topology domains where pods matching any
/// required term run; preferred terms subtract their weight. Existing pods' required terms also keep matching pods out
/// of their domains (symmetry).
/// </summary>
public sealed record PodAntiAffinity
{
    public IReadOnlyList<PodAffinityTerm> RequiredDuringSchedulingIgnoredDuringExecution { get; init; } = [];

    public IReadOnlyList<WeightedPodAffinityTerm> PreferredDuringSchedulingIgnoredDuringExecution { get; init; } = [];
}

/// <summary>
/// One (anti-)affinity term (core/v1 PodAffinityTerm): the pods selected by <see cref="LabelSelector"/> in
/// <see cref="Namespaces"/> and the namespaces <see cref="NamespaceSelector"/> selects (the pod's own namespace when
/// both are empty), counted per value of the node label <see cref="TopologyKey"/>. A null label selector selects no
/// pod; a null namespace selector selects no namespace, an empty one every namespace. <see cref="MatchLabelKeys"/>
/// and <see cref="MismatchLabelKeys"/> are merged into the label selector by the API server when a pod is created
/// (key In / NotIn the pod's own value).
/// </summary>
public sealed record PodAffinityTerm
{
    public LabelSelector? LabelSelector { get; init; }

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public string TopologyKey { get; init; } = "";

    public LabelSelector? NamespaceSelector { get; init; }

    public IReadOnlyList<string> MatchLabelKeys { get; init; } = [];

    public IReadOnlyList<string> MismatchLabelKeys { get; init; } = [];
}

/// <summary>A preferred term with its weight, 1-100 (core/v1 WeightedPodAffinityTerm).</summary>
public sealed record WeightedPodAffinityTerm(int Weight, PodAffinityTerm PodAffinityTerm);
