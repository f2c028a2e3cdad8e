using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>Taint/toleration matching as k8s.io/component-helpers/scheduling/corev1 helpers.go.</summary>
public static class TaintHelper
{
    /// <summary>The taint key equivalent to spec.unschedulable (v1.TaintNodeUnschedulable).</summary>
    public const string TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";

    /// <summary>helpers.go TolerationsTolerateTaint: any toleration tolerates the taint.</summary>
    public static bool TolerationsTolerateTaint(IReadOnlyList<Toleration> tolerations, Taint taint)
    {
        // Indexed loops: a foreach over the interface would allocate an enumerator per node and cycle.
        for (int i = 0; i < tolerations.Count; i++)
        {
            if (tolerations[i].ToleratesTaint(taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>plugins/helper/taint.go DoNotScheduleTaintsFilterFunc: NoSchedule and NoExecute taints.</summary>
    public static bool IsDoNotScheduleTaint(Taint taint) => taint.Effect is "NoSchedule" or "NoExecute";

    /// <summary>
    /// helpers.go FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: the first NoSchedule or
    /// NoExecute taint no toleration tolerates, or null.
    /// </summary>
    public static Taint? FindUntoleratedDoNotScheduleTaint(IReadOnlyList<Taint> taints, IReadOnlyList<Toleration> tolerations)
    {
        for (int i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if (IsDoNotScheduleTaint(taint) && !TolerationsTolerateTaint(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }
}
