using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describeNamespace.</summary>
public static partial class DescribePrinter
{
    /// <summary>describeNamespace; ResourceQuota and LimitRange are not modelled, so both lists are empty.</summary>
    private static void DescribeNamespace(Namespace ns, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{ns.Metadata.Name}\n");
        PrintLabelsMultiline(w, "Labels", ns.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", ns.Metadata.Annotations);
        w.Write(Level0, $"Status:\t{ns.Phase}\n");
        w.Write(Level0, "\n");
        w.Write(Level0, "No resource quota.\n");
        w.Write(Level0, "\n");
        w.Write(Level0, "No LimitRange resource.\n");
    }
}
