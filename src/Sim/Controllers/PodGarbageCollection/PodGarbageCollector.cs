using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.PodGarbageCollection;

/// <summary>
/// The pod garbage collector (pkg/controller/podgc/gc_controller.go), for the cases a simulation meets:
/// gcOrphaned force-deletes pods bound to a node that no longer exists (after the node has been missing
/// for the quarantine time, 40s), and gcUnscheduledTerminating force-deletes terminating pods that were
/// never scheduled. Runs every gcCheckPeriod (20s). Terminated-pod thresholds (12500) are not reached in
/// simulations and are not modelled.
/// </summary>
public sealed class PodGarbageCollector : IEventHandler
{
    /// <summary>podgc gcCheckPeriod.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(20);

    /// <summary>podgc quarantineTime: how long a node must be missing before its pods are deleted.</summary>
    public static readonly TimeSpan QuarantineTime = TimeSpan.FromSeconds(40);

    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly Dictionary<string, TimeSpan> _missingSince = new(StringComparer.Ordinal);

    public PodGarbageCollector(Kernel kernel, ApiServer api, EventRecorder events)
    {
        _api = api;
        _events = events;
        kernel.ScheduleIn(CheckPeriod.Ticks, this);
    }

    public void OnEvent(Kernel kernel, long argument)
    {
        var now = kernel.Now;
        var store = _api.Store;
        var toDelete = new List<(Pod Pod, string Reason)>();

        // gcOrphaned: nodes referenced by pods but absent from the store.
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Pod pod in store.List("Pod"))
        {
            if (pod.Spec.NodeName.Length > 0)
            {
                referenced.Add(pod.Spec.NodeName);
            }
            else if (pod.Metadata.DeletionTimestamp is not null)
            {
                toDelete.Add((pod, "unscheduled terminating pod"));
            }
        }

        foreach (var node in referenced)
        {
            if (store.Get("Node", node) is not null)
            {
                _missingSince.Remove(node);
                continue;
            }

            if (!_missingSince.TryGetValue(node, out var since))
            {
                _missingSince[node] = now;
                continue;
            }

            if (now - since >= QuarantineTime)
            {
                foreach (var pod in store.PodsOnNode(node).ToList())
                {
                    toDelete.Add((pod, "orphaned pod: node " + node + " does not exist"));
                }
            }
        }

        foreach (var (pod, reason) in toDelete)
        {
            _events.Normal(pod, "PodGC", "Deleting " + reason, "pod-garbage-collector");
            _api.Remove(pod);
        }

        kernel.ScheduleIn(CheckPeriod.Ticks, this);
    }
}
