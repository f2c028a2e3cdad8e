using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.YamlNode;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>A PriorityClass in scheduling.k8s.io/v1 (k8s.io/api/scheduling/v1 types.go PriorityClass).</summary>
internal static partial class ObjectYaml
{
    /// <summary>value always, the rest omitempty, at the top level (there is no spec).</summary>
    private static void SetPriorityClass(Map root, PriorityClass pc)
    {
        root.Set("value", Int(pc.Value)).SetString("description", pc.Description).SetString("preemptionPolicy", pc.PreemptionPolicy);
        if (pc.GlobalDefault)
        {
            root.Set("globalDefault", Bool(true));
        }
    }
}
