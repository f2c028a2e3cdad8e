using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Inter-pod affinity and anti-affinity (pkg/scheduler/framework/plugins/interpodaffinity, v1.33). Filtering
/// (InterPodAffinity.Filtering.cs, filtering.go): a node must be in a topology domain holding a pod that matches every
/// required affinity term of the pod (or, for the first pod of a group with affinity to itself, any domain), outside
/// every domain holding a pod that matches a required anti-affinity term, and outside every domain where an existing
/// pod's required anti-affinity term matches the pod (symmetry). Scoring (InterPodAffinity.Scoring.cs, scoring.go):
/// preferred terms of the pod and of existing pods, and existing pods' required affinity terms with
/// hardPodAffinityWeight, add or subtract their weights per domain, normalized to 0-100. Queueing hints are in
/// InterPodAffinity.QueueingHints.cs (plugin.go). Namespace selectors are resolved against the store's Namespaces.
/// <para>
/// The scheduler cache keeps the nodes holding pods with affinity and with required anti-affinity, so a pod without
/// affinity in a cluster without such pods costs one list-length check at PreFilter and at PreScore (both Skip).
/// </para>
/// <para>
/// The PreFilter extensions AddPod and RemovePod (filtering.go) keep the counts right on the cycle-state copies of
/// preemption's dry run and of the nominated-pods filter pass; a cycle whose PreFilter returned Skip never calls them.
/// </para>
/// </summary>
public sealed partial class InterPodAffinity : IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    /// <summary>names.InterPodAffinity.</summary>
    public const string PluginName = "InterPodAffinity";

    private readonly ObjectStore? _store;

    /// <param name="weight">The plugin's weight in the profile (2 in the default profile).</param>
    /// <param name="hardPodAffinityWeight">InterPodAffinityArgs.HardPodAffinityWeight (default 1, 0-100).</param>
    /// <param name="ignorePreferredTermsOfExistingPods">InterPodAffinityArgs.IgnorePreferredTermsOfExistingPods (default false).</param>
    /// <param name="store">The Namespace lister outside a cycle (queueing hints) and when a cycle has no store.</param>
    public InterPodAffinity(int weight = 2, int hardPodAffinityWeight = 1, bool ignorePreferredTermsOfExistingPods = false, ObjectStore? store = null)
    {
        if (hardPodAffinityWeight is < 0 or > 100)
        {
            // validation.go ValidateInterPodAffinityArgs / validateHardPodAffinityWeight.
            throw new ArgumentOutOfRangeException(nameof(hardPodAffinityWeight), hardPodAffinityWeight, "not in valid range [0-100]");
        }

        Weight = weight;
        HardPodAffinityWeight = hardPodAffinityWeight;
        IgnorePreferredTermsOfExistingPods = ignorePreferredTermsOfExistingPods;
        _store = store;
    }

    public string Name => PluginName;

    public int Weight { get; }

    /// <summary>The score an existing pod's required affinity term gives the domains of pods it matches (scoring.go).</summary>
    public int HardPodAffinityWeight { get; }

    /// <summary>Whether PreScore skips existing pods' terms when the pod has no preferred terms of its own.</summary>
    public bool IgnorePreferredTermsOfExistingPods { get; }

    /// <summary>
    /// plugin.go mergeAffinityTermNamespacesIfNotEmpty: an incoming pod's term with a non-empty namespace selector gets
    /// the namespaces it selects added to its namespaces, and a selector matching nothing (an empty one matches every
    /// namespace and is kept), so that matching it never needs another pod's namespace labels.
    /// </summary>
    private static AffinityTerm MergeAffinityTermNamespacesIfNotEmpty(AffinityTerm term, ObjectStore? store)
    {
        if (term.NamespaceSelector.Empty)
        {
            return term;
        }

        var selected = new List<string>();
        if (store is not null)
        {
            foreach (var ns in store.List<Namespace>())
            {
                if (term.NamespaceSelector.Matches(ns.Metadata.Labels))
                {
                    selected.Add(ns.Metadata.Name);
                }
            }
        }

        return term.WithNamespaces(selected, Selector.Nothing);
    }

    /// <summary><see cref="MergeAffinityTermNamespacesIfNotEmpty(AffinityTerm, ObjectStore?)"/> over a list.</summary>
    private static IReadOnlyList<AffinityTerm> MergeNamespaces(IReadOnlyList<AffinityTerm> terms, ObjectStore? store)
    {
        if (terms.Count == 0)
        {
            return terms;
        }

        var merged = new AffinityTerm[terms.Count];
        for (int i = 0; i < terms.Count; i++)
        {
            merged[i] = MergeAffinityTermNamespacesIfNotEmpty(terms[i], store);
        }

        return merged;
    }

    /// <summary><see cref="MergeAffinityTermNamespacesIfNotEmpty(AffinityTerm, ObjectStore?)"/> over weighted terms.</summary>
    private static IReadOnlyList<WeightedAffinityTerm> MergeNamespaces(IReadOnlyList<WeightedAffinityTerm> terms, ObjectStore? store)
    {
        if (terms.Count == 0)
        {
            return terms;
        }

        var merged = new WeightedAffinityTerm[terms.Count];
        for (int i = 0; i < terms.Count; i++)
        {
            merged[i] = terms[i] with { AffinityTerm = MergeAffinityTermNamespacesIfNotEmpty(terms[i].AffinityTerm, store) };
        }

        return merged;
    }

    /// <summary>plugin.go GetNamespaceLabelsSnapshot: the labels of namespace <paramref name="ns"/>, or null when it is not found.</summary>
    internal static IReadOnlyDictionary<string, string>? GetNamespaceLabelsSnapshot(string ns, ObjectStore? store) =>
        store?.Get<Namespace>("", ns)?.Metadata.Labels;

    /// <summary>filtering.go podMatchesAllAffinityTerms: the pod matches every term (false without terms).</summary>
    internal static bool PodMatchesAllAffinityTerms(IReadOnlyList<AffinityTerm> terms, string ns, IReadOnlyDictionary<string, string> labels)
    {
        if (terms.Count == 0)
        {
            return false;
        }

        for (int i = 0; i < terms.Count; i++)
        {
            // The incoming pod's namespace selectors were merged into its namespaces: no namespace labels needed.
            if (!terms[i].Matches(ns, labels, null))
            {
                return false;
            }
        }

        return true;
    }
}
