using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>pkg/api/v1/pod/util.go UpdatePodCondition, shared by the node lifecycle and taint eviction controllers.</summary>
public static class PodConditionUtil
{
    /// <summary>
    /// UpdatePodCondition: sets <paramref name="condition"/> on <paramref name="status"/>, keeping the old
    /// transition time when the status does not change; true if any field changed. The existing condition is
    /// updated in place (only its fields change), so others holding it see the new values.
    /// </summary>
    public static bool UpdatePodCondition(PodStatus status, PodCondition condition, TimeSpan now)
    {
        condition.LastTransitionTime = now;
        var old = status.GetCondition(condition.Type);
        if (old is null)
        {
            status.Conditions.Add(condition);
            return true;
        }

        if (condition.Status == old.Status)
        {
            condition.LastTransitionTime = old.LastTransitionTime;
        }

        bool isEqual = condition.Status == old.Status
            && condition.Reason == old.Reason
            && condition.Message == old.Message
            && condition.LastProbeTime == old.LastProbeTime
            && condition.LastTransitionTime == old.LastTransitionTime;
        old.Status = condition.Status;
        old.Reason = condition.Reason;
        old.Message = condition.Message;
        old.LastProbeTime = condition.LastProbeTime;
        old.LastTransitionTime = condition.LastTransitionTime;
        return !isEqual;
    }
}
