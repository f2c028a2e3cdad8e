using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Planning.Metrics;

/// <summary>
/// Measures one finished run: the values of <see cref="MetricCatalog.All"/>, in its order (a row of runs.csv), and the
/// names of what failed. Everything is read from the <see cref="RunResult"/> the instruments filled during the run;
/// nothing is re-simulated. The cost is one pass over the time-series samples plus the run's faults, rollouts,
/// load targets and autoscalers. Pure and deterministic: the same result gives the same numbers.
/// </summary>
public static class RunMetrics
{
    private const string NodeKind = "Node";

    /// <summary>
    /// One value per metric of <see cref="MetricCatalog.All"/>, in that order, as each description says. Durations are
    /// in seconds, fractions in [0, 1]. <paramref name="scenario"/> gives the declared node pools (as the run used them:
    /// pass the configured scenario), <paramref name="cost"/> their prices.
    /// </summary>
    public static double[] Measure(RunResult result, Scenario scenario, CostModel cost)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(cost);

        var values = new double[MetricCatalog.All.Count];
        var (peakCpu, peakMemory) = PeakRequested(result.Samples);
        // Node-hours from whole ticks, one rounding per pool: 3 nodes for 12 minutes are 0.6, not 3 x 0.2.
        double Hours(int nodes) => (double)(nodes * result.EndTime.Ticks) / TimeSpan.TicksPerHour;
        Set(values, MetricCatalog.ServedFraction, ServedFraction(result.Load));
        Set(values, MetricCatalog.PeakUnservedRps, result.Load.Select(l => l.PeakUnservedRps).DefaultIfEmpty(0).Max());
        Set(values, MetricCatalog.RecoveryTime, result.FaultImpacts.Select(f => RecoveryTime(f, result.EndTime).TotalSeconds).DefaultIfEmpty(0).Max());
        Set(values, MetricCatalog.CapacityFaults, result.FaultImpacts.Count);
        Set(values, MetricCatalog.LostPodSeconds, LostPodSeconds(result.FaultImpacts, result.EndTime));
        Set(values, MetricCatalog.PendingPodSeconds, result.Pending.PendingPodSeconds);
        Set(values, MetricCatalog.LongestPending, result.Pending.LongestPending.TotalSeconds);
        Set(values, MetricCatalog.PeakCpuRequested, peakCpu);
        Set(values, MetricCatalog.PeakMemoryRequested, peakMemory);
        // An autoscaled pool is paid for the instance-hours it had (NodeGroupOutcome), a fixed one for its declared nodes.
        double PoolHours(NodePoolSpec p) => result.NodeGroups.FirstOrDefault(g => g.Name == p.Name) is { } g ? g.NodeHours : Hours(p.Count);
        Set(values, MetricCatalog.NodeHours, scenario.Nodes.Sum(PoolHours));
        Set(values, MetricCatalog.Cost, scenario.Nodes.Sum(p => PoolHours(p) * cost.PricePerHour(p)));
        Set(values, MetricCatalog.HpaPeakReplicas, result.Autoscalers.Select(a => a.PeakReplicas).DefaultIfEmpty(0).Max());
        Set(values, MetricCatalog.RolloutDuration, LongestRollout(result.Rollouts, result.EndTime).TotalSeconds);
        Set(values, MetricCatalog.ExpectationsFailed, result.Expectations.Count(e => !e.Passed));
        Set(values, MetricCatalog.InvariantsViolated, result.InvariantViolations.Count);
        return values;
    }

    /// <summary>
    /// The time-series rows <see cref="Measure"/> reads (nodes' requested and allocatable CPU and memory): a sweep keeps
    /// only these (see <see cref="InMemoryRunOutputs.KeepSample"/>). Dropping the others changes no value: a sample time
    /// with no node row contributes 0 to peaks that start at 0.
    /// </summary>
    public static bool Reads(Sample s) =>
        s.Kind == NodeKind && s.Metric is "status.requested.cpu" or "status.allocatable.cpu" or "status.requested.memory" or "status.allocatable.memory";

    /// <summary>What failed in the run: each failed expectation's location ("scenario.yaml:40:5") in the scenario's order, then "invariant NAME" for each violated invariant in the order reported.</summary>
    public static IReadOnlyList<string> Failures(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Expectations.Where(e => !e.Passed).Select(e => e.Location)
            .Concat(result.InvariantViolations.Select(v => "invariant " + v.Invariant))
            .ToList();
    }

    /// <summary>
    /// From the fault to all replicas ready again; a fault after which replicas were missing and never all came back
    /// counts until <paramref name="end"/>; one after which no replica was missing counts 0.
    /// </summary>
    internal static TimeSpan RecoveryTime(FaultImpact impact, TimeSpan end)
    {
        if (impact.ToAllReplicasReady is { } recovered)
        {
            return recovered;
        }

        // FaultImpactTracker leaves ToAllReplicasReady null both when the shortfall never ended and when there was none.
        return impact.PeakUnreadyReplicas > 0 ? end - impact.Fault.Time : TimeSpan.Zero;
    }

    /// <summary>
    /// Replicas wanted but not ready, integrated from each capacity fault until all were ready again (or the end),
    /// counting time covered by several faults once. A fault that strikes while an earlier one's shortfall lasts
    /// recovers when that one does (FaultImpactTracker ends both at the first moment nothing is missing), so its
    /// pod-seconds lie inside the earlier fault's: only the first fault of each such overlapping run is added.
    /// </summary>
    internal static double LostPodSeconds(IReadOnlyList<FaultImpact> impacts, TimeSpan end)
    {
        double lost = 0;
        var coveredUntil = TimeSpan.MinValue;
        foreach (var impact in impacts.OrderBy(i => i.Fault.Time))
        {
            if (impact.Fault.Time < coveredUntil)
            {
                continue;
            }

            lost += impact.LostPodSeconds;
            coveredUntil = impact.Fault.Time + RecoveryTime(impact, end);
        }

        return lost;
    }

    /// <summary>
    /// The longest rollout. A rollout that did not finish because a newer revision replaced it (a second `set image`,
    /// an undo) is joined with the rollouts that replaced it: the Deployment was rolling from the first revision until
    /// the last one completed. One that did not finish otherwise (still running, or its Deployment deleted) counts
    /// until <paramref name="end"/>.
    /// </summary>
    internal static TimeSpan LongestRollout(IReadOnlyList<Rollout> rollouts, TimeSpan end)
    {
        var longest = TimeSpan.Zero;
        var byDeployment = rollouts.GroupBy(r => (r.Namespace, r.Deployment));
        foreach (var group in byDeployment)
        {
            // Rollouts come ordered by start; a Deployment's rollouts never overlap (the tracker closes one before opening the next).
            TimeSpan? chainStart = null;
            foreach (var r in group.OrderBy(r => r.Started))
            {
                chainStart ??= r.Started;
                if (r.Completed is { } done)
                {
                    longest = Max(longest, done - chainStart.Value);
                    chainStart = null;
                }
            }

            if (chainStart is { } open)
            {
                longest = Max(longest, end - open);
            }
        }

        return longest;
    }

    private static double ServedFraction(IReadOnlyList<LoadOutcome> load)
    {
        double offered = load.Sum(l => l.OfferedRequests);
        double served = load.Sum(l => l.ServedRequests);
        return offered > 0 ? Math.Min(1, served / offered) : 1;
    }

    /// <summary>
    /// The highest requested/allocatable ratio of CPU and of memory over the sample times, summing every node's sampled
    /// status.requested.* and status.allocatable.* at each time (0 at a time with nothing allocatable). Samples come in
    /// time order, so one pass suffices.
    /// </summary>
    private static (double Cpu, double Memory) PeakRequested(IReadOnlyList<Sample> samples)
    {
        double peakCpu = 0, peakMemory = 0;
        double cpuRequested = 0, cpuAllocatable = 0, memRequested = 0, memAllocatable = 0;
        long? time = null;
        foreach (var s in samples)
        {
            if (s.TimeTicks != time)
            {
                Close();
                time = s.TimeTicks;
            }

            if (s.Kind != NodeKind)
            {
                continue;
            }

            switch (s.Metric)
            {
                case "status.requested.cpu":
                    cpuRequested += s.Value;
                    break;
                case "status.allocatable.cpu":
                    cpuAllocatable += s.Value;
                    break;
                case "status.requested.memory":
                    memRequested += s.Value;
                    break;
                case "status.allocatable.memory":
                    memAllocatable += s.Value;
                    break;
            }
        }

        Close();
        return (peakCpu, peakMemory);

        void Close()
        {
            peakCpu = Math.Max(peakCpu, cpuAllocatable > 0 ? cpuRequested / cpuAllocatable : 0);
            peakMemory = Math.Max(peakMemory, memAllocatable > 0 ? memRequested / memAllocatable : 0);
            cpuRequested = cpuAllocatable = memRequested = memAllocatable = 0;
        }
    }

    private static void Set(double[] values, string metric, double value) => values[MetricCatalog.IndexOf(metric)] = value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
