namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>The conditions normalization sets (normalizeDesiredReplicas / normalizeDesiredReplicasWithBehaviors).</summary>
public sealed partial class HorizontalController
{
    private static void ApplyNormalizationConditions(Api.HorizontalPodAutoscalerStatus status, ScalingLimit limit, TimeSpan now)
    {
        HpaConditions.Set(status.Conditions, HpaConditions.AbleToScale, "True", limit.AbleToScaleReason, limit.AbleToScaleMessage, now);
        HpaConditions.Set(status.Conditions, HpaConditions.ScalingLimited, limit.Limited ? "True" : "False", limit.Reason, limit.Message, now);
    }
}
