using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// pkg/apis/core/validation validatePodAffinity / validatePodAntiAffinity (v1.33, AllowInvalidLabelValueInSelector
/// false as on create): each term's label and namespace selectors, namespace names, matchLabelKeys and
/// mismatchLabelKeys, topology key; each preferred term's weight. Node affinity is checked by the manifest decoder.
/// </summary>
public static partial class Validation
{
    /// <summary>validation.go validateAffinity, for its podAffinity and podAntiAffinity parts.</summary>
    public static void ValidatePodAffinities(Affinity? affinity, string path, List<FieldError> errors)
    {
        if (affinity?.PodAffinity is { } podAffinity)
        {
            ValidatePodAffinityTerms(podAffinity.RequiredDuringSchedulingIgnoredDuringExecution, path + ".podAffinity.requiredDuringSchedulingIgnoredDuringExecution", errors);
            ValidateWeightedPodAffinityTerms(podAffinity.PreferredDuringSchedulingIgnoredDuringExecution, path + ".podAffinity.preferredDuringSchedulingIgnoredDuringExecution", errors);
        }

        if (affinity?.PodAntiAffinity is { } podAntiAffinity)
        {
            ValidatePodAffinityTerms(podAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution, path + ".podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution", errors);
            ValidateWeightedPodAffinityTerms(podAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution, path + ".podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution", errors);
        }
    }

    /// <summary>validation.go validatePodAffinityTerms.</summary>
    private static void ValidatePodAffinityTerms(IReadOnlyList<PodAffinityTerm> terms, string path, List<FieldError> errors)
    {
        for (int i = 0; i < terms.Count; i++)
        {
            ValidatePodAffinityTerm(terms[i], Inv($"{path}[{i}]"), errors);
        }
    }

    /// <summary>validation.go validateWeightedPodAffinityTerms: the weight in 1-100, then the term.</summary>
    private static void ValidateWeightedPodAffinityTerms(IReadOnlyList<WeightedPodAffinityTerm> terms, string path, List<FieldError> errors)
    {
        for (int j = 0; j < terms.Count; j++)
        {
            var weighted = terms[j];
            if (weighted.Weight is <= 0 or > 100)
            {
                errors.Add(new(Inv($"{path}[{j}].weight"), Inv($"Invalid value: {weighted.Weight}: must be in the range 1-100")));
            }

            ValidatePodAffinityTerm(weighted.PodAffinityTerm, Inv($"{path}[{j}].podAffinityTerm"), errors);
        }
    }

    /// <summary>
    /// validation.go validatePodAffinityTerm: ValidatePodAffinityTermSelector (both selectors), each namespace a DNS
    /// label (reported at ".namespace", as Kubernetes does), validateMatchLabelKeysAndMismatchLabelKeys, and the
    /// topology key required and a qualified name.
    /// </summary>
    private static void ValidatePodAffinityTerm(PodAffinityTerm term, string path, List<FieldError> errors)
    {
        ValidateLabelSelector(term.LabelSelector, path + ".labelSelector", errors);
        ValidateLabelSelector(term.NamespaceSelector, path + ".namespaceSelector", errors);
        foreach (var name in term.Namespaces)
        {
            foreach (var message in LabelValidation.IsDns1123Label(name))
            {
                errors.Add(new(path + ".namespace", $"Invalid value: {GoQuote(name)}: {message}"));
            }
        }

        ValidateMatchLabelKeysAndMismatchLabelKeys(path, term.MatchLabelKeys, term.MismatchLabelKeys, term.LabelSelector, errors);
        if (term.TopologyKey.Length == 0)
        {
            errors.Add(new(path + ".topologyKey", "Required value: can not be empty"));
        }

        ValidateLabelName(term.TopologyKey, path + ".topologyKey", errors);
    }

    /// <summary>
    /// validation.go validateMatchLabelKeysAndMismatchLabelKeys: the keys are label names (and need a label selector);
    /// a matchLabelKeys key must not also be in the selector, which on a created pod shows as a second requirement on
    /// the key once the API server has merged the key in (reported at the term's path indexed by the key's position,
    /// as Kubernetes does); and no key may be in both lists.
    /// </summary>
    private static void ValidateMatchLabelKeysAndMismatchLabelKeys(string path, IReadOnlyList<string> matchLabelKeys, IReadOnlyList<string> mismatchLabelKeys, LabelSelector? selector, List<FieldError> errors)
    {
        ValidateLabelKeys(path + ".matchLabelKeys", matchLabelKeys, selector, errors);
        ValidateLabelKeys(path + ".mismatchLabelKeys", mismatchLabelKeys, selector, errors);
        if (selector is not null)
        {
            // labelKeysMap: a key listed twice maps to its last position, as Go's map assignment does.
            var labelKeysMap = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < matchLabelKeys.Count; i++)
            {
                labelKeysMap[matchLabelKeys[i]] = i;
            }

            var labelSelectorKeys = new HashSet<string>(selector.MatchLabels.Keys, StringComparer.Ordinal);
            foreach (var expression in selector.MatchExpressions)
            {
                if (labelKeysMap.TryGetValue(expression.Key, out int i) && labelSelectorKeys.Contains(expression.Key))
                {
                    errors.Add(new(Inv($"{path}[{i}]"), $"Invalid value: {GoQuote(expression.Key)}: exists in both matchLabelKeys and labelSelector"));
                }

                labelSelectorKeys.Add(expression.Key);
            }
        }

        for (int i = 0; i < matchLabelKeys.Count; i++)
        {
            if (mismatchLabelKeys.Contains(matchLabelKeys[i], StringComparer.Ordinal))
            {
                errors.Add(new(Inv($"{path}.matchLabelKeys[{i}]"), $"Invalid value: {GoQuote(matchLabelKeys[i])}: exists in both matchLabelKeys and mismatchLabelKeys"));
            }
        }
    }

    /// <summary>validation.go validateLabelKeys: forbidden without a label selector, else each key a label name.</summary>
    private static void ValidateLabelKeys(string path, IReadOnlyList<string> keys, LabelSelector? selector, List<FieldError> errors)
    {
        if (keys.Count == 0)
        {
            return;
        }

        if (selector is null)
        {
            errors.Add(new(path, "Forbidden: must not be specified when labelSelector is not set"));
            return;
        }

        for (int i = 0; i < keys.Count; i++)
        {
            ValidateLabelName(keys[i], Inv($"{path}[{i}]"), errors);
        }
    }
}
