using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>printConfigMap (pkg/printers/internalversion/printers.go, v1.32).</summary>
public static partial class GetPrinter
{
    /// <summary>printConfigMap: NAME, DATA (the number of data and binaryData keys together), AGE; no priority-1 column.</summary>
    private static List<string> ConfigMapCells(ClusterView view, ConfigMap cm) =>
    [
        cm.Metadata.Name, KubectlFormat.Int(cm.Data.Count + cm.BinaryData.Count), KubectlFormat.Age(view, cm.Metadata.CreationTimestamp),
    ];
}
