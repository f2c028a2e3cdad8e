using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;

namespace ClusterSim.Properties;

/// <summary>Deliberately broken variants, used to show that each property can fail.</summary>
public static class TestSeams
{
    /// <summary>Replaces NodeResourcesFit with a filter that checks CPU only, so memory can be overcommitted.</summary>
    public static void WithSchedulerIgnoringMemory(List<IPlugin> plugins)
    {
        plugins.RemoveAll(p => p is NodeResourcesFit);
        plugins.Add(new CpuOnlyFit());
    }

    /// <summary>Removes the TaintToleration and NodeUnschedulable filters, so tainted and cordoned nodes get pods.</summary>
    public static void WithSchedulerIgnoringTaints(List<IPlugin> plugins) =>
        plugins.RemoveAll(p => p is TaintToleration or NodeUnschedulable);

    private sealed class CpuOnlyFit : IFilterPlugin
    {
        public string Name => "CpuOnlyFit";

        public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo) =>
            PodRequests.Of(pod).MilliCpu > nodeInfo.AllocatableMilliCpu - nodeInfo.RequestedMilliCpu ? Status.Unschedulable("Insufficient cpu") : Status.Success;
    }
}
