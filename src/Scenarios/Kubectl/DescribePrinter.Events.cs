using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>The Events table that ends every description.</summary>
public static partial class DescribePrinter
{
    /// <summary>DescribeEvents: oldest last-seen first; Age is "last (xN over first)" for repeated events.</summary>
    private static void DescribeEvents(ClusterView view, IReadOnlyList<KubeEvent> events, PrefixWriter w)
    {
        if (events.Count == 0)
        {
            w.Write(Level0, "Events:\t<none>\n");
            return;
        }

        w.Flush();
        w.Write(Level0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        w.Write(Level1, "----\t------\t----\t----\t-------\n");
        foreach (var e in events.OrderBy(e => view.StoredInstant(e.LastTimestamp)))
        {
            var first = KubectlFormat.Age(view, e.FirstTimestamp);
            var interval = e.Count > 1
                ? $"{KubectlFormat.Age(view, e.LastTimestamp)} (x{KubectlFormat.Int(e.Count)} over {first})"
                : first;
            w.Write(Level1, $"{e.Type}\t{e.Reason}\t{interval}\t{e.Source}\t{e.Message.Trim()}\n");
        }
    }
}
