namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// What the container runtime knows and the API may not: whether a container process is running right
/// now. The load model asks this rather than the pod's status, because the status lies while a node is
/// down (it still says Running until the node controller notices) and while a kubelet is cut off.
/// </summary>
public sealed partial class Kubelet
{
    /// <summary>
    /// When container <paramref name="containerIndex"/> (spec order) of the pod with key <paramref name="podKey"/>
    /// ("ns/name") started, if its process is running now; null when it is not running: not yet started,
    /// exited, waiting in back-off, stopped, or the node is down.
    /// </summary>
    public TimeSpan? ContainerRunningSince(string podKey, int containerIndex)
    {
        if (State == KubeletState.Crashed || !_pods.TryGetValue(podKey, out var runtime) || containerIndex < 0 || containerIndex >= runtime.Containers.Count)
        {
            return null;
        }

        var statuses = runtime.Status.ContainerStatuses;
        if (containerIndex >= statuses.Count || !statuses[containerIndex].State.IsRunning)
        {
            return null;
        }

        return runtime.Containers[containerIndex].StartedAt;
    }
}
