using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>printPodDisruptionBudget (pkg/printers/internalversion/printers.go, v1.32).</summary>
public static partial class GetPrinter
{
    /// <summary>
    /// printPodDisruptionBudget: NAME, MIN AVAILABLE and MAX UNAVAILABLE (intstr's String(): "2" or "50%"; "N/A" when
    /// unset), ALLOWED DISRUPTIONS (status.disruptionsAllowed), AGE. podDisruptionBudgetColumnDefinitions has no
    /// priority-1 column, so -o wide prints the same table.
    /// </summary>
    private static List<string> PodDisruptionBudgetCells(ClusterView view, PodDisruptionBudget pdb) =>
    [
        pdb.Metadata.Name, pdb.Spec.MinAvailable?.ToString() ?? "N/A", pdb.Spec.MaxUnavailable?.ToString() ?? "N/A",
        KubectlFormat.Int(pdb.Status.DisruptionsAllowed), KubectlFormat.Age(view, pdb.Metadata.CreationTimestamp),
    ];
}
