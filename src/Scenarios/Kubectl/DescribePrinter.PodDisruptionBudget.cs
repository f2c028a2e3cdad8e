using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describePodDisruptionBudgetV1 (staging/src/k8s.io/kubectl/pkg/describe/describe.go, v1.32).</summary>
public static partial class DescribePrinter
{
    /// <summary>
    /// describePodDisruptionBudgetV1: no labels, annotations or creation time; "Min available" when set, else "Max
    /// unavailable" when set, else neither; the selector as metav1.FormatLabelSelector prints it ("&lt;none&gt;" for an
    /// empty one), "&lt;unset&gt;" without one; the status counts at LEVEL_2; then the events (describe always searches
    /// them, so "Events: &lt;none&gt;" when there are none).
    /// </summary>
    private static void DescribePodDisruptionBudget(ClusterView view, PodDisruptionBudget pdb, PrefixWriter w)
    {
        var spec = pdb.Spec;
        var status = pdb.Status;
        w.Write(Level0, $"Name:\t{pdb.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{pdb.Metadata.Namespace}\n");
        if (spec.MinAvailable is { } minAvailable)
        {
            w.Write(Level0, $"Min available:\t{minAvailable}\n");
        }
        else if (spec.MaxUnavailable is { } maxUnavailable)
        {
            w.Write(Level0, $"Max unavailable:\t{maxUnavailable}\n");
        }

        w.Write(Level0, spec.Selector is { } selector ? $"Selector:\t{KubectlFormat.FormatLabelSelector(selector)}\n" : "Selector:\t<unset>\n");
        w.Write(Level0, "Status:\n");
        w.Write(Level2, $"Allowed disruptions:\t{KubectlFormat.Int(status.DisruptionsAllowed)}\n");
        w.Write(Level2, $"Current:\t{KubectlFormat.Int(status.CurrentHealthy)}\n");
        w.Write(Level2, $"Desired:\t{KubectlFormat.Int(status.DesiredHealthy)}\n");
        w.Write(Level2, $"Total:\t{KubectlFormat.Int(status.ExpectedPods)}\n");
        DescribeEvents(view, view.Events.For(pdb.Metadata.Uid), w);
    }
}
