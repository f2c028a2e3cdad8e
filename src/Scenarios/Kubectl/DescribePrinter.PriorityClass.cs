using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describePriorityClass (staging/src/k8s.io/kubectl/pkg/describe/describe.go, v1.33).</summary>
public static partial class DescribePrinter
{
    /// <summary>describePriorityClass: name, value, globalDefault, preemptionPolicy, description, the annotations as labels.FormatLabels prints them, then the events.</summary>
    private static void DescribePriorityClass(ClusterView view, PriorityClass pc, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{pc.Metadata.Name}\n");
        w.Write(Level0, $"Value:\t{KubectlFormat.Int(pc.Value)}\n");
        w.Write(Level0, $"GlobalDefault:\t{(pc.GlobalDefault ? "true" : "false")}\n");
        w.Write(Level0, $"PreemptionPolicy:\t{pc.PreemptionPolicy}\n");
        w.Write(Level0, $"Description:\t{pc.Description}\n");
        w.Write(Level0, $"Annotations:\t{KubectlFormat.FormatLabels(pc.Metadata.Annotations)}\n");
        DescribeEvents(view, view.Events.For(pc.Metadata.Uid), w);
    }
}
