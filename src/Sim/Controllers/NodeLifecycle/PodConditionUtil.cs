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

    /// <summary>
    /// The DisruptionTarget condition (True, with the evictor's reason and message; written only when it changes)
    /// and then a graceful delete: how the taint eviction controller (addConditionAndDeletePod) and the eviction
    /// subresource (eviction.go addConditionAndDeletePod) both take a pod away.
    /// </summary>
    public static void AddDisruptionTargetAndDelete(Store.ApiServer api, Pod pod, string reason, string message, TimeSpan now, long? gracePeriodSeconds = null)
    {
        var condition = new PodCondition { Type = "DisruptionTarget", Status = "True", Reason = reason, Message = message };
        if (UpdatePodCondition(pod.Status, condition, now))
        {
            api.Update(pod);
        }

        api.Delete(pod, gracePeriodSeconds);
    }
}
