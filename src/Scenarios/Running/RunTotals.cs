using ClusterSim.Scenarios.Model;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// The run's totals so far, for `cluster.FIELD` REFs: pods Pending now (timeseries.csv's Cluster pendingPods), pods
/// waiting for a node now, the waits so far (<see cref="PendingPodTracker"/>, the measure of plan's pendingPodSeconds
/// and longestPending, pods still waiting counting until the moment asked) and node-hours so far (as plan's nodeHours:
/// a fixed pool's declared nodes from t=0, an autoscaled pool's instances as billed). Asked at the run's end, the
/// waits and node-hours are plan's RunMetrics values to the bit. Each field is O(1) but node-hours, O(pools).
/// </summary>
public sealed class RunTotals(Cluster cluster, PendingPodTracker pending, IReadOnlyList<NodePoolSpec> pools)
{
    /// <summary>The value of <paramref name="field"/> (one of <see cref="Expectations.ClusterOperand.Fields"/>) at <paramref name="ticks"/>: now, or later as if nothing changed meanwhile.</summary>
    public double At(string field, long ticks) => field switch
    {
        "pendingPods" => cluster.PendingPods?.Count ?? cluster.Store.List("Pod").Count(o => PendingPodCount.Counts((Pod)o)),
        "unscheduledPods" => pending.Waiting,
        "pendingPodSeconds" => pending.PendingPodSecondsAt(ticks),
        "longestPending" => pending.LongestPendingAt(ticks).TotalSeconds,
        "nodeHours" => NodeHours(ticks),
        _ => throw new ArgumentException("unknown cluster field " + field, nameof(field)),
    };

    /// <summary>
    /// Node-hours up to <paramref name="ticks"/>, summed over the pools in their order with the same arithmetic as
    /// RunMetrics.Measure's nodeHours (one rounding per pool), so the end-of-run values are equal.
    /// </summary>
    public double NodeHours(long ticks) => pools.Sum(p => p.Autoscaling is not null && cluster.Cloud is { } cloud
        ? cloud.InstanceHoursAt(p.Name, ticks)
        : (double)(p.Count * ticks) / TimeSpan.TicksPerHour);
}
