using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.YamlNode;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A PodDisruptionBudget in policy/v1 (k8s.io/api/policy/v1 types.go PodDisruptionBudgetSpec and
/// PodDisruptionBudgetStatus, metav1.Condition): metadata with its generation, as the registry's PrepareForCreate
/// sets one.
/// </summary>
internal static partial class ObjectYaml
{
    private static void SetPodDisruptionBudget(ClusterView view, Map root, PodDisruptionBudget pdb)
    {
        root.Set("metadata", Metadata(view, pdb.Metadata, true).Set("generation", Int(pdb.Metadata.Generation)))
            .Set("spec", PdbSpec(pdb.Spec))
            .Set("status", PdbStatus(view, pdb.Status));
    }

    /// <summary>PodDisruptionBudgetSpec: every field is a pointer with omitempty, so only the ones set are written.</summary>
    private static Map PdbSpec(PodDisruptionBudgetSpec spec)
    {
        var m = new Map().SetString("unhealthyPodEvictionPolicy", spec.UnhealthyPodEvictionPolicy);
        if (spec.MinAvailable is { } minAvailable)
        {
            m.Set("minAvailable", IntOrStr(minAvailable));
        }

        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            m.Set("maxUnavailable", IntOrStr(maxUnavailable));
        }

        if (spec.Selector is { } selector)
        {
            m.Set("selector", LabelSelector(selector));
        }

        return m;
    }

    /// <summary>
    /// PodDisruptionBudgetStatus: the four counts are always written, observedGeneration, disruptedPods and
    /// conditions only when set. metav1.Condition writes reason and message even when empty (no omitempty) and
    /// observedGeneration only when not zero.
    /// </summary>
    private static Map PdbStatus(ClusterView view, PodDisruptionBudgetStatus status)
    {
        var m = new Map()
            .SetSeq("conditions", status.Conditions.Select(c =>
            {
                var condition = new Map()
                    .Set("lastTransitionTime", Str(KubectlFormat.Rfc3339(view, c.LastTransitionTime)))
                    .Set("message", Str(c.Message))
                    .Set("reason", Str(c.Reason))
                    .Set("status", Str(c.Status))
                    .Set("type", Str(c.Type));
                SetNonZero(condition, "observedGeneration", c.ObservedGeneration);
                return condition;
            }))
            .Set("currentHealthy", Int(status.CurrentHealthy))
            .Set("desiredHealthy", Int(status.DesiredHealthy))
            .Set("disruptionsAllowed", Int(status.DisruptionsAllowed))
            .Set("expectedPods", Int(status.ExpectedPods));
        SetNonZero(m, "observedGeneration", status.ObservedGeneration);
        if (status.DisruptedPods.Count > 0)
        {
            var pods = new Map();
            foreach (var (pod, evicted) in status.DisruptedPods)
            {
                pods.Set(pod, Str(KubectlFormat.Rfc3339(view, evicted)));
            }

            m.Set("disruptedPods", pods);
        }

        return m;
    }
}
