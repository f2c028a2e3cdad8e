using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// Deployment defaulting by the apiVersion the object was written in, as the API server decodes each version
/// with its own defaults before converting: pkg/apis/apps/v1/defaults.go and apps/v1beta2 (maxSurge and
/// maxUnavailable 25%, revisionHistoryLimit 10, progressDeadlineSeconds 600) and
/// pkg/apis/extensions/v1beta1/defaults.go (selector and labels from the template's labels, maxSurge and
/// maxUnavailable 1, and revisionHistoryLimit and progressDeadlineSeconds MaxInt32, which the controller
/// reads as "keep every old ReplicaSet" and "no deadline").
/// </summary>
public static partial class Defaults
{
    /// <summary>SetDefaults_Deployment of <see cref="KubeObject.ApiVersion"/> (apps/v1's for any other version).</summary>
    public static void ApplyDeployment(Deployment d)
    {
        var strategy = d.Strategy;
        if (d.ApiVersion == "extensions/v1beta1")
        {
            var labels = d.Template.Metadata.Labels;
            if (labels.Count > 0)
            {
                d.Selector ??= new LabelSelector { MatchLabels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal) };
                if (d.Metadata.Labels.Count == 0)
                {
                    d.Metadata.Labels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal);
                }
            }

            if (string.IsNullOrEmpty(strategy.Type))
            {
                strategy.Type = "RollingUpdate";
            }

            if (strategy.Type == "RollingUpdate" || strategy.RollingUpdate is not null)
            {
                strategy.RollingUpdate ??= new RollingUpdateDeployment();
                strategy.RollingUpdate.MaxUnavailable ??= IntOrString.FromInt(1);
                strategy.RollingUpdate.MaxSurge ??= IntOrString.FromInt(1);
            }

            d.ProgressDeadlineSeconds ??= int.MaxValue;
            d.RevisionHistoryLimit ??= int.MaxValue;
            return;
        }

        // apps/v1 and apps/v1beta2.
        if (string.IsNullOrEmpty(strategy.Type))
        {
            strategy.Type = "RollingUpdate";
        }

        if (strategy.Type == "RollingUpdate")
        {
            strategy.RollingUpdate ??= new RollingUpdateDeployment();
            strategy.RollingUpdate.MaxUnavailable ??= IntOrString.FromString("25%");
            strategy.RollingUpdate.MaxSurge ??= IntOrString.FromString("25%");
        }

        d.RevisionHistoryLimit ??= 10;
        d.ProgressDeadlineSeconds ??= 600;
    }
}
