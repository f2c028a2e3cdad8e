using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>One row of timeseries.csv (long format).</summary>
public readonly record struct Sample(long TimeTicks, string Kind, string Namespace, string Name, string Metric, double Value);

/// <summary>
/// Samples workloads, HPAs (the CPU utilization only while known), nodes and the cluster every <see cref="Interval"/> (scenario `sampleEvery`), with
/// the metric names of the contract (the field paths of expectations). Objects are visited in store key
/// order, so the rows are deterministic.
/// </summary>
public sealed class TimeSeriesSampler : IEventHandler
{
    private readonly ObjectStore _store;
    private readonly List<Sample> _samples = [];
    private readonly List<Action<long, List<Sample>>> _extra = [];
    private readonly NodeUsageIndex? _requests;
    private readonly PendingPodCount? _pending;

    /// <param name="kernel">The clock that drives the samples.</param>
    /// <param name="store">The objects sampled.</param>
    /// <param name="interval">The scenario's `sampleEvery`.</param>
    /// <param name="requests">Requests per node kept from watch events (Cluster.NodeRequests); null re-sums each node's pods.</param>
    /// <param name="pending">Pending pods kept from watch events (Cluster.PendingPods); null counts over every pod.</param>
    public TimeSeriesSampler(Kernel kernel, ObjectStore store, TimeSpan interval, NodeUsageIndex? requests = null, PendingPodCount? pending = null)
    {
        _store = store;
        _requests = requests;
        _pending = pending;
        Interval = interval;
        kernel.ScheduleIn(0, this);
    }

    /// <summary>The sampling interval.</summary>
    public TimeSpan Interval { get; }

    /// <summary>All rows so far, in time then object order (none once <see cref="Drain"/> is set: it took them).</summary>
    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>
    /// When set, receives each sampling instant's rows as soon as they are taken, which are then dropped here, so a
    /// long run's time series streams to its sink instead of growing in memory.
    /// </summary>
    public Action<IReadOnlyList<Sample>>? Drain { get; set; }

    /// <summary>Adds a source of extra rows (load, HPAs) called at each sample time.</summary>
    public void AddSource(Action<long, List<Sample>> source) => _extra.Add(source);

    public void OnEvent(Kernel kernel, long argument)
    {
        long t = kernel.NowTicks;
        foreach (Deployment d in _store.List("Deployment"))
        {
            Add(t, d, "spec.replicas", d.Replicas);
            Add(t, d, "status.replicas", d.Status.Replicas);
            Add(t, d, "status.updatedReplicas", d.Status.UpdatedReplicas);
            Add(t, d, "status.readyReplicas", d.Status.ReadyReplicas);
            Add(t, d, "status.availableReplicas", d.Status.AvailableReplicas);
        }

        foreach (var kind in new[] { "ReplicaSet", "ReplicationController" })
        {
            foreach (var obj in _store.List(kind))
            {
                if (obj is ReplicatedSet set)
                {
                    Add(t, set, "spec.replicas", set.Replicas);
                    Add(t, set, "status.replicas", set.Status.Replicas);
                    Add(t, set, "status.readyReplicas", set.Status.ReadyReplicas);
                    Add(t, set, "status.availableReplicas", set.Status.AvailableReplicas);
                }
            }
        }

        foreach (HorizontalPodAutoscaler hpa in _store.List("HorizontalPodAutoscaler"))
        {
            Add(t, hpa, "status.currentReplicas", hpa.Status.CurrentReplicas);
            Add(t, hpa, "status.desiredReplicas", hpa.Status.DesiredReplicas);
            if (AutoscalingV1.CurrentCpuUtilizationPercentage(hpa.Status) is { } cpu)
            {
                Add(t, hpa, "status.currentCPUUtilizationPercentage", cpu);
            }
        }

        foreach (Node node in _store.List("Node"))
        {
            var usage = _requests?.Of(node.Metadata.Name) ?? NodeUsage.Of(_store, node.Metadata.Name);
            Add(t, node, "status.ready", node.Status.GetCondition("Ready")?.Status == "True" ? 1 : 0);
            Add(t, node, "status.requested.cpu", usage.CpuMilli / 1000.0);
            Add(t, node, "status.allocatable.cpu", node.Status.Allocatable.Get(ResourceNames.Cpu).MilliValue() / 1000.0);
            Add(t, node, "status.requested.memory", usage.MemoryBytes);
            Add(t, node, "status.allocatable.memory", node.Status.Allocatable.Get(ResourceNames.Memory).Value());
            Add(t, node, "status.pods", usage.Pods);
        }

        foreach (var source in _extra)
        {
            source(t, _samples);
        }

        int pending = _pending?.Count ?? _store.List("Pod").Count(o => PendingPodCount.Counts((Pod)o));

        _samples.Add(new Sample(t, "Cluster", "", "cluster", "pendingPods", pending));
        if (Drain is { } drain)
        {
            drain(_samples);
            _samples.Clear();
        }

        kernel.ScheduleIn(Interval.Ticks, this);
    }

    private void Add(long t, KubeObject obj, string metric, double value) =>
        _samples.Add(new Sample(t, obj.Kind, obj.Metadata.Namespace, obj.Metadata.Name, metric, value));
}
