using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>ConfigMapDescriber (staging/src/k8s.io/kubectl/pkg/describe/describe.go).</summary>
public static partial class DescribePrinter
{
    /// <summary>
    /// ConfigMapDescriber.Describe: name, namespace, labels and annotations; "Data" with each key, "----" and its value;
    /// "BinaryData" with each key's size in bytes; then the events. Keys in sorted order, as kubectl prints them since
    /// it sorts (v1.32 ranged over the maps in Go's random order).
    /// </summary>
    private static void DescribeConfigMap(ClusterView view, ConfigMap cm, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{cm.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{cm.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", cm.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", cm.Metadata.Annotations);
        w.Write(Level0, "\nData\n====\n");
        foreach (var (key, value) in cm.Data)
        {
            w.Write(Level0, $"{key}:\n----\n");
            w.Write(Level0, $"{value}\n");
            w.Write(Level0, "\n");
        }

        w.Write(Level0, "\nBinaryData\n====\n");
        foreach (var (key, value) in cm.BinaryData)
        {
            w.Write(Level0, $"{key}: {KubectlFormat.Int(ConfigMap.DecodedLength(value))} bytes\n");
        }

        w.Write(Level0, "\n");
        DescribeEvents(view, view.Events.For(cm.Metadata.Uid), w);
    }
}
