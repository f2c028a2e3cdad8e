namespace ClusterSim.Sim.Api;

/// <summary>Pod predicates the controllers share (k8s.io/kubernetes/pkg/api/v1/pod/util.go, pkg/controller/controller_utils.go).</summary>
public static class PodUtil
{
    /// <summary>podutil.IsPodReady: the Ready condition is True.</summary>
    public static bool IsReady(Pod pod) => pod.Status.GetCondition("Ready")?.Status == "True";

    /// <summary>podutil.IsPodAvailable: ready for at least <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(Pod pod, int minReadySeconds, TimeSpan now)
    {
        var c = pod.Status.GetCondition("Ready");
        if (c is null || c.Status != "True")
        {
            return false;
        }

        return minReadySeconds == 0 || c.LastTransitionTime + TimeSpan.FromSeconds(minReadySeconds) <= now;
    }

    /// <summary>controller.IsPodActive: not Succeeded, not Failed, not being deleted.</summary>
    public static bool IsActive(Pod pod) =>
        pod.Status.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    /// <summary>Whether the pod has finished (Succeeded or Failed).</summary>
    public static bool IsTerminal(Pod pod) => pod.Status.Phase is "Succeeded" or "Failed";

    /// <summary>Largest restart count over the pod's containers.</summary>
    public static int MaxContainerRestarts(Pod pod) =>
        pod.Status.ContainerStatuses.Count == 0 ? 0 : pod.Status.ContainerStatuses.Max(c => c.RestartCount);

    /// <summary>The pod's total request of <paramref name="resource"/> in milli-units: max(sum of containers, largest init container), as the scheduler computes it.</summary>
    public static long RequestMilli(PodSpec spec, string resource)
    {
        long sum = 0;
        foreach (var c in spec.Containers)
        {
            if (c.Resources.Requests.TryGetValue(resource, out var q))
            {
                sum += q.MilliValue();
            }
        }

        foreach (var c in spec.InitContainers)
        {
            if (c.Resources.Requests.TryGetValue(resource, out var q))
            {
                sum = Math.Max(sum, q.MilliValue());
            }
        }

        return sum;
    }
}
