using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios.Running;

/// <summary>kubectl autoscale (staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go, v1.32).</summary>
public sealed partial class KubectlExecutor
{
    /// <summary>
    /// Looks the target up, then creates an autoscaling/v1 HPA named after it (or --name) whose scaleTargetRef
    /// carries the target's kind and preferred apiVersion; --min only when positive, --cpu-percent only when not
    /// negative (createHorizontalPodAutoscaler). Prints "horizontalpodautoscaler.autoscaling/NAME autoscaled".
    /// </summary>
    private bool Autoscale(KubectlCommand cmd, StringBuilder output)
    {
        var target = ApiResources.ForKind(cmd.Kinds[0]);
        var targetName = cmd.Name!;
        var ns = cmd.Namespace ?? "default";
        if (Store.Get(target.Kind, ns + "/" + targetName) is null)
        {
            output.Append(KubectlFormat.NotFound(target, targetName)).Append('\n');
            return false;
        }

        var resource = ApiResources.ForKind("HorizontalPodAutoscaler");
        var name = cmd.AutoscalerName ?? targetName;
        if (Store.Get(resource.Kind, ns + "/" + name) is not null)
        {
            output.Append(CultureInfo.InvariantCulture, $"Error from server (AlreadyExists): {KubectlFormat.QualifiedResource(resource)} \"{name}\" already exists\n");
            return false;
        }

        var reference = new CrossVersionObjectReference { ApiVersion = target.GroupVersion, Kind = target.Kind, Name = targetName };
        var hpa = new HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v1",
            Metadata = { Name = name, Namespace = ns },
            Spec = AutoscalingV1.Spec(reference, cmd.Min, cmd.Max!.Value, cmd.CpuPercent),
        };
        try
        {
            Api.Create(hpa);
        }
        catch (ApiException e) when (e.Reason == "Invalid")
        {
            // kubectl's StandardErrorMessage for an Invalid status: "The Kind "name" is invalid: ...", without "error: ".
            output.Append("The ").Append(e.Message).Append('\n');
            return false;
        }

        output.Append(CultureInfo.InvariantCulture, $"{ResourcePrefix(resource)}/{name} autoscaled\n");
        return true;
    }
}
