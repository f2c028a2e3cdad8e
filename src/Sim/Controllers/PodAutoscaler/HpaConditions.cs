using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>The HPA's condition types and setConditionInList.</summary>
public static class HpaConditions
{
    public const string AbleToScale = "AbleToScale";
    public const string ScalingActive = "ScalingActive";
    public const string ScalingLimited = "ScalingLimited";

    // pkg/controller/podautoscaler/horizontal.go setConditionInList: added when missing, transition time set when the status changes.
    public static void Set(List<WorkloadCondition> conditions, string type, string status, string reason, string message, TimeSpan now)
    {
        var existing = conditions.Find(c => c.Type == type);
        if (existing is null)
        {
            existing = new WorkloadCondition { Type = type };
            conditions.Add(existing);
        }

        if (existing.Status != status)
        {
            existing.LastTransitionTime = now;
        }

        existing.Status = status;
        existing.Reason = reason;
        existing.Message = message;
    }
}
