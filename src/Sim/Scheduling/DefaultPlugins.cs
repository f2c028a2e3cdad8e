using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The default profile's plugins, in the order and with the weights of
/// pkg/scheduler/apis/config/v1/default_plugins.go getDefaultPlugins (v1.33): NodeUnschedulable, NodeName,
/// TaintToleration (3), NodeAffinity (2), NodeResourcesFit (1), PodTopologySpread (2), InterPodAffinity (2),
/// NodeResourcesBalancedAllocation (1), ImageLocality (1), and the PostFilter DefaultPreemption. Plugins the
/// simulator does not model (SchedulingGates, PrioritySort as a plugin, NodePorts, volume plugins, DefaultBinder)
/// are left out; the queue sorts by priority itself and binding is built in.
/// </summary>
public static class DefaultPlugins
{
    /// <summary>A fresh, mutable list of the default plugins; edit it to build a custom profile.</summary>
    public static List<IPlugin> Create(ControlPlaneConfig config, ObjectStore? store = null) =>
    [
        new NodeUnschedulable(),
        new NodeName(),
        new TaintToleration(weight: 3),
        new NodeAffinity(weight: 2),
        new NodeResourcesFit(NodeResourcesFit.ParseStrategy(config.SchedulerScoring), weight: 1),
        new PodTopologySpread(weight: 2, store: store),
        new InterPodAffinity(weight: 2, store: store),
        new NodeResourcesBalancedAllocation(weight: 1),
        new ImageLocality(weight: 1),
        new DefaultPreemption(),
    ];
}
