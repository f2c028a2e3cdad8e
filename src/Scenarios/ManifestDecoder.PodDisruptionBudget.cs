using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// PodDisruptionBudget in policy/v1 and policy/v1beta1 (k8s.io/api/policy/v1 types.go PodDisruptionBudgetSpec:
/// minAvailable, selector, maxUnavailable, unhealthyPodEvictionPolicy). policy/v1beta1, which Kubernetes stopped
/// serving in 1.25, is accepted as the decoder accepts extensions/v1beta1 Deployments and autoscaling/v2beta2 HPAs,
/// and converted to the v1 form the simulator holds: its empty selector selects no pod, as it did in v1beta1.
/// </summary>
public static partial class ManifestDecoder
{
    /// <summary>pkg/apis/policy helper.go PDBV1beta1Label: the label of the match-all and match-none selectors that carry v1beta1's meaning.</summary>
    private const string PdbV1beta1Label = "pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match";

    private static KubeObject DecodePodDisruptionBudget(Context c, YamlMappingNode root, string apiVersion)
    {
        var pdb = new PodDisruptionBudget();
        DecodeTopLevel(c, root, pdb.Metadata, f => DecodePdbSpec(c, f, pdb.Spec));
        pdb.Spec.Selector = apiVersion == "policy/v1beta1" ? ConvertV1beta1PdbSelector(pdb.Spec.Selector) : ConvertV1PdbSelector(pdb.Spec.Selector);
        return pdb;
    }

    private static void DecodePdbSpec(Context c, YamlField spec, PodDisruptionBudgetSpec result)
    {
        var r = c.R;
        foreach (var s in r.Fields(spec.Value, spec.Path))
        {
            switch (s.Key)
            {
                case "minAvailable":
                    result.MinAvailable = OptionalIntOrString(c, s);
                    break;
                case "maxUnavailable":
                    result.MaxUnavailable = OptionalIntOrString(c, s);
                    break;
                case "selector":
                    // The API server checks the whole selector (ValidateLabelSelector, with its own words): drop the
                    // shared decoding's early checks of operators and keys so that nothing is reported twice.
                    int before = c.FieldErrors.Count;
                    result.Selector = YamlReader.IsNull(s.Value) ? null : DecodeLabelSelector(c, s.Value, s.Path);
                    c.FieldErrors.RemoveRange(before, c.FieldErrors.Count - before);
                    break;
                case "unhealthyPodEvictionPolicy":
                    result.UnhealthyPodEvictionPolicy = YamlReader.IsNull(s.Value) ? null : r.OptionalString(s.Value, s.Path);
                    break;
                default:
                    c.Unknown(s);
                    break;
            }
        }
    }

    /// <summary>
    /// pkg/apis/policy/v1/conversion.go Convert_v1_PodDisruptionBudget_To_policy_PodDisruptionBudget: the match-none
    /// and the empty (match-all) selector are kept; any other loses its requirements on <see cref="PdbV1beta1Label"/>.
    /// </summary>
    private static LabelSelector? ConvertV1PdbSelector(LabelSelector? selector)
    {
        if (selector is null || IsPdbSelector(selector, LabelSelectorOperator.Exists) || IsEmptySelector(selector))
        {
            return selector;
        }

        return StripPdbV1beta1Label(selector);
    }

    /// <summary>
    /// pkg/apis/policy/v1beta1/conversion.go Convert_v1beta1_PodDisruptionBudget_To_policy_PodDisruptionBudget: an
    /// empty selector selected no pod in v1beta1 and becomes the match-none selector; v1beta1's match-all selector
    /// becomes the empty one; any other loses its requirements on <see cref="PdbV1beta1Label"/>.
    /// </summary>
    private static LabelSelector? ConvertV1beta1PdbSelector(LabelSelector? selector)
    {
        if (selector is null)
        {
            return null;
        }

        if (IsEmptySelector(selector))
        {
            return new LabelSelector { MatchExpressions = [new LabelSelectorRequirement(PdbV1beta1Label, LabelSelectorOperator.Exists, [])] };
        }

        if (IsPdbSelector(selector, LabelSelectorOperator.DoesNotExist))
        {
            return new LabelSelector();
        }

        return StripPdbV1beta1Label(selector);
    }

    private static bool IsEmptySelector(LabelSelector selector) => selector.MatchLabels.Count == 0 && selector.MatchExpressions.Count == 0;

    /// <summary>Whether <paramref name="selector"/> is exactly {matchExpressions: [{key: PDBV1beta1Label, operator: <paramref name="op"/>}]} (apiequality.Semantic: no values, empty or absent).</summary>
    private static bool IsPdbSelector(LabelSelector selector, string op) =>
        selector.MatchLabels.Count == 0
        && selector.MatchExpressions is [{ Key: PdbV1beta1Label, Values.Count: 0 } only]
        && only.Operator == op;

    /// <summary>pkg/apis/policy helper.go StripPDBV1beta1Label.</summary>
    private static LabelSelector StripPdbV1beta1Label(LabelSelector selector) =>
        !selector.MatchExpressions.Any(e => e.Key == PdbV1beta1Label) ? selector : new()
        {
            MatchLabels = selector.MatchLabels,
            MatchExpressions = selector.MatchExpressions.Where(e => e.Key != PdbV1beta1Label).ToList(),
        };
}
