using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// HorizontalPodAutoscaler defaulting of autoscaling/v2 (pkg/apis/autoscaling/v2/defaults.go, v1.32), the form
/// every HPA is held in: minReplicas 1, a cpu Utilization 80% metric when none is given, and a given behavior
/// filled in field by field. The scale-down stabilization window stays unset: the controller then uses its
/// --horizontal-pod-autoscaler-downscale-stabilization window (300s by default).
/// </summary>
public static partial class Defaults
{
    /// <summary>defaults.go SetDefaults_HorizontalPodAutoscaler (with SetDefaults_HorizontalPodAutoscalerBehavior).</summary>
    public static void ApplyHorizontalPodAutoscaler(HorizontalPodAutoscaler hpa)
    {
        hpa.Spec.MinReplicas ??= 1;

        if (hpa.Spec.Metrics.Count == 0)
        {
            hpa.Spec.Metrics = [AutoscalingV1.CpuUtilization(AutoscalingV1.DefaultCpuUtilization)];
        }

        // SetDefaults_HorizontalPodAutoscalerBehavior: only a behavior that is there gets filled.
        if (hpa.Spec.Behavior is { } behavior)
        {
            behavior.ScaleUp = GenerateHpaScaleUpRules(behavior.ScaleUp);
            behavior.ScaleDown = GenerateHpaScaleDownRules(behavior.ScaleDown);
        }
    }

    /// <summary>
    /// defaults.go GenerateHPAScaleUpRules: <paramref name="scalingRules"/>' set fields over the scale-up defaults
    /// (no stabilization, Max of 4 pods and 100% per 15 seconds, the HPA's behavior before v1.18).
    /// </summary>
    public static HpaScalingRules GenerateHpaScaleUpRules(HpaScalingRules? scalingRules) =>
        CopyHpaScalingRules(scalingRules, new HpaScalingRules
        {
            StabilizationWindowSeconds = 0,
            SelectPolicy = "Max",
            Policies =
            [
                new HpaScalingPolicy { Type = "Pods", Value = 4, PeriodSeconds = 15 },
                new HpaScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 },
            ],
        });

    /// <summary>
    /// defaults.go GenerateHPAScaleDownRules: <paramref name="scalingRules"/>' set fields over the scale-down
    /// defaults (Max of 100% per 15 seconds). The stabilization window is left unset on purpose, since the
    /// controller's command-line window applies then.
    /// </summary>
    public static HpaScalingRules GenerateHpaScaleDownRules(HpaScalingRules? scalingRules) =>
        CopyHpaScalingRules(scalingRules, new HpaScalingRules
        {
            StabilizationWindowSeconds = null,
            SelectPolicy = "Max",
            Policies = [new HpaScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 }],
        });

    /// <summary>
    /// defaults.go copyHPAScalingRules: copies the set fields of <paramref name="from"/> onto <paramref name="to"/>.
    /// As in Go, a given but empty policy list counts as set.
    /// </summary>
    private static HpaScalingRules CopyHpaScalingRules(HpaScalingRules? from, HpaScalingRules to)
    {
        if (from is null)
        {
            return to;
        }

        if (from.SelectPolicy is not null)
        {
            to.SelectPolicy = from.SelectPolicy;
        }

        if (from.StabilizationWindowSeconds is not null)
        {
            to.StabilizationWindowSeconds = from.StabilizationWindowSeconds;
        }

        if (from.Policies is not null)
        {
            to.Policies = from.Policies;
        }

        return to;
    }
}
