namespace ClusterSim.Planning.Metrics;

/// <summary>The metrics of one run, in runs.csv's column order. Names are what objectives use (`servedFraction >= 0.999`).</summary>
public static class MetricCatalog
{
    public const string ServedFraction = "servedFraction";
    public const string PeakUnservedRps = "peakUnservedRps";
    public const string RecoveryTime = "recoveryTime";
    public const string CapacityFaults = "capacityFaults";
    public const string LostPodSeconds = "lostPodSeconds";
    public const string PendingPodSeconds = "pendingPodSeconds";
    public const string LongestPending = "longestPending";
    public const string PeakCpuRequested = "peakCpuRequested";
    public const string PeakMemoryRequested = "peakMemoryRequested";
    public const string NodeHours = "nodeHours";
    public const string Cost = "cost";
    public const string HpaPeakReplicas = "hpaPeakReplicas";
    public const string RolloutDuration = "rolloutDuration";
    public const string ExpectationsFailed = "expectationsFailed";
    public const string InvariantsViolated = "invariantsViolated";

    /// <summary>Every metric, in column order.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        new(ServedFraction, MetricUnit.Fraction, true, "requests served over requests offered, summed over every load target over the whole run (1 when no load is offered)"),
        new(PeakUnservedRps, MetricUnit.Number, false, "the highest unserved request rate (offered minus served, rps) of any load target at any moment"),
        new(RecoveryTime, MetricUnit.Seconds, false, "for each fault that took nodes down, the time from the fault to every workload having all its replicas ready again; the longest in the run (0 with no such fault or when no replica went missing after it; a fault not recovered by the end counts until the end)"),
        new(CapacityFaults, MetricUnit.Number, false, "faults that took nodes down (node crashes, kubelet stops, zone outages, random crashes)"),
        new(LostPodSeconds, MetricUnit.Number, false, "replicas wanted but not ready, integrated over time from each fault that took nodes down until all were ready again or the end; time after several overlapping faults counts once (pod-seconds)"),
        new(PendingPodSeconds, MetricUnit.Number, false, "time pods spent waiting for a node (from creation to binding, or to deletion or the end when never bound), summed over pods (pod-seconds; a pod bound at creation waits 0)"),
        new(LongestPending, MetricUnit.Seconds, false, "the longest time one pod waited for a node"),
        new(PeakCpuRequested, MetricUnit.Fraction, false, "the highest, over the sample times, of CPU requested by bound, unfinished pods over allocatable CPU, both summed over all nodes (ready or not; 0 when nothing is allocatable)"),
        new(PeakMemoryRequested, MetricUnit.Fraction, false, "the highest, over the sample times, of memory requested by bound, unfinished pods over allocatable memory, both summed over all nodes (ready or not; 0 when nothing is allocatable)"),
        new(NodeHours, MetricUnit.Number, false, "the run's length in hours times the nodes declared in spec.nodes (a crashed node is still paid for); an autoscaled pool counts each instance from its create call to its deletion"),
        new(Cost, MetricUnit.Number, false, "node-hours priced by the plan's cost table: per node-hour of a named pool, else per CPU core and GiB of memory of the node's capacity (node-hours when it has none)"),
        new(HpaPeakReplicas, MetricUnit.Number, false, "the most replicas any HorizontalPodAutoscaler asked for (0 without one)"),
        new(RolloutDuration, MetricUnit.Seconds, false, "the longest Deployment rollout, from a new revision (the first one at creation too) to all replicas updated and available; a rollout replaced by a newer revision before finishing lasts until the newer one finishes (0 without a rollout; an unfinished one counts until the end)"),
        new(ExpectationsFailed, MetricUnit.Number, false, "the scenario's expectations that failed"),
        new(InvariantsViolated, MetricUnit.Number, false, "the simulator's built-in invariants that were violated"),
    ];

    /// <summary>The column of <paramref name="name"/>; throws for an unknown name (objectives are checked at load).</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < All.Count; i++)
        {
            if (All[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException("unknown metric " + name, nameof(name));
    }

    /// <summary>The definition of <paramref name="name"/>, or null.</summary>
    public static MetricDefinition? Find(string name) => All.FirstOrDefault(m => m.Name == name);
}
