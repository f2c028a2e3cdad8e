using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>printPriorityClass (pkg/printers/internalversion/printers.go, v1.33).</summary>
public static partial class GetPrinter
{
    /// <summary>
    /// printPriorityClass: NAME, VALUE, GLOBAL-DEFAULT (Go's %v of a bool), AGE, then PREEMPTIONPOLICY (a default
    /// column since kubernetes/kubernetes#126529, v1.32; empty when unset).
    /// </summary>
    private static List<string> PriorityClassCells(ClusterView view, PriorityClass pc) =>
    [
        pc.Metadata.Name, KubectlFormat.Int(pc.Value), pc.GlobalDefault ? "true" : "false",
        KubectlFormat.Age(view, pc.Metadata.CreationTimestamp), pc.PreemptionPolicy ?? "",
    ];
}
