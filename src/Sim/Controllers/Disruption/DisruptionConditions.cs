using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Disruption;

/// <summary>
/// The DisruptionAllowed condition of a PodDisruptionBudget, as k8s.io/component-helpers/apps/poddisruptionbudget
/// (UpdateDisruptionAllowedCondition, ConditionsAreUpToDate) keeps it through apimeta.SetStatusCondition.
/// </summary>
public static class DisruptionConditions
{
    /// <summary>UpdateDisruptionAllowedCondition: True (SufficientPods) while disruptions are allowed, else False (InsufficientPods).</summary>
    public static void UpdateDisruptionAllowed(PodDisruptionBudget pdb, TimeSpan now)
    {
        bool allowed = pdb.Status.DisruptionsAllowed > 0;
        Set(pdb.Status.Conditions, new PodDisruptionBudgetCondition
        {
            Type = PodDisruptionBudgetConstants.DisruptionAllowedCondition,
            Reason = allowed ? PodDisruptionBudgetConstants.SufficientPodsReason : PodDisruptionBudgetConstants.InsufficientPodsReason,
            Status = allowed ? "True" : "False",
            ObservedGeneration = pdb.Status.ObservedGeneration,
        }, now);
    }

    /// <summary>ConditionsAreUpToDate: the condition exists, the status observed the current generation, and the condition agrees with disruptionsAllowed.</summary>
    public static bool AreUpToDate(PodDisruptionBudget pdb)
    {
        var cond = pdb.Status.Conditions.Find(c => c.Type == PodDisruptionBudgetConstants.DisruptionAllowedCondition);
        if (cond is null || pdb.Status.ObservedGeneration != pdb.Metadata.Generation)
        {
            return false;
        }

        return pdb.Status.DisruptionsAllowed > 0
            ? cond is { Status: "True", Reason: PodDisruptionBudgetConstants.SufficientPodsReason }
            : cond is { Status: "False", Reason: PodDisruptionBudgetConstants.InsufficientPodsReason };
    }

    /// <summary>
    /// apimeta.SetStatusCondition: a new condition gets lastTransitionTime now; an existing one changes its
    /// lastTransitionTime only when its status changes, and takes the new reason, message and observedGeneration.
    /// </summary>
    public static void Set(List<PodDisruptionBudgetCondition> conditions, PodDisruptionBudgetCondition condition, TimeSpan now)
    {
        var existing = conditions.Find(c => c.Type == condition.Type);
        if (existing is null)
        {
            condition.LastTransitionTime = now;
            conditions.Add(condition);
            return;
        }

        if (existing.Status != condition.Status)
        {
            existing.Status = condition.Status;
            existing.LastTransitionTime = now;
        }

        existing.Reason = condition.Reason;
        existing.Message = condition.Message;
        existing.ObservedGeneration = condition.ObservedGeneration;
    }
}
