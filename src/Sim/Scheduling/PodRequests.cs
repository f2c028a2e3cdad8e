using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// A pod's resource requests as the scheduler counts them: cpu in millicores, memory and ephemeral storage
/// in bytes (framework.Resource restricted to the resources the simulator models).
/// </summary>
public readonly record struct PodRequests(long MilliCpu, long Memory, long EphemeralStorage)
{
    /// <summary>pkg/scheduler/util/pod_resources.go DefaultMilliCPURequest: cpu assumed for a container without a cpu request, in scoring only.</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>pkg/scheduler/util/pod_resources.go DefaultMemoryRequest (200 MiB): memory assumed for a container without a memory request, in scoring only.</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    /// <summary>True when nothing is requested.</summary>
    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0;

    /// <summary>
    /// The pod's effective requests: max(sum over containers, each init container) per resource.
    /// Port of k8s.io/component-helpers/resource/helpers.go PodRequests (AggregateContainerRequests), as used by
    /// noderesources/fit.go computePodResourceRequest. With <paramref name="nonMissingDefaults"/>, a container
    /// that omits cpu or memory is counted as requesting 100m / 200Mi (PodResourcesOptions.NonMissingContainerRequests,
    /// used for NodeInfo.NonZeroRequested and by the scoring plugins); an explicit zero stays zero.
    /// Pod overhead and restartable (sidecar) init containers are not modelled.
    /// </summary>
    public static PodRequests Of(Pod pod, bool nonMissingDefaults = false)
    {
        long cpu = 0, memMilli = 0, ephMilli = 0;
        foreach (var c in pod.Spec.Containers)
        {
            var (ccpu, cmem, ceph) = ContainerMilli(c, nonMissingDefaults);
            cpu += ccpu;
            memMilli += cmem;
            ephMilli += ceph;
        }

        // init containers run one at a time: the pod needs the largest of them if that exceeds the sum.
        foreach (var c in pod.Spec.InitContainers)
        {
            var (icpu, imem, ieph) = ContainerMilli(c, nonMissingDefaults);
            cpu = Math.Max(cpu, icpu);
            memMilli = Math.Max(memMilli, imem);
            ephMilli = Math.Max(ephMilli, ieph);
        }

        // Resource.SetMaxResource / Add: cpu as MilliValue, memory and storage as Value of the summed quantity.
        return new PodRequests(cpu, Quantity.FromMilli(memMilli).Value(), Quantity.FromMilli(ephMilli).Value());
    }

    private static (long Cpu, long MemMilli, long EphMilli) ContainerMilli(Container c, bool nonMissingDefaults)
    {
        var req = c.Resources.Requests;
        long cpu = req.TryGetValue(ResourceNames.Cpu, out var q) ? q.MilliValue() : nonMissingDefaults ? DefaultMilliCpuRequest : 0;
        long mem = req.TryGetValue(ResourceNames.Memory, out q) ? q.MilliValue() : nonMissingDefaults ? DefaultMemoryRequest * 1000 : 0;
        long eph = req.TryGetValue(ResourceNames.EphemeralStorage, out q) ? q.MilliValue() : 0;
        return (cpu, mem, eph);
    }
}
