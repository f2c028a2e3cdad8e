using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>What is requested on a node: the sums the scheduler's NodeResourcesFit compares with allocatable.</summary>
public readonly record struct NodeUsage(long CpuMilli, long MemoryBytes, int Pods)
{
    /// <summary>Sums the requests of the pods bound to <paramref name="nodeName"/> that have not finished. O(pods on the node).</summary>
    public static NodeUsage Of(ObjectStore store, string nodeName)
    {
        long cpu = 0, mem = 0;
        int pods = 0;
        foreach (var pod in store.PodsOnNode(nodeName))
        {
            if (PodUtil.IsTerminal(pod))
            {
                continue;
            }

            cpu += PodUtil.RequestMilli(pod.Spec, ResourceNames.Cpu);
            mem += PodUtil.RequestMilli(pod.Spec, ResourceNames.Memory) / 1000;
            pods++;
        }

        return new NodeUsage(cpu, mem, pods);
    }
}
