using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// The Cluster Autoscaler (kubernetes/autoscaler cluster-autoscaler, core/static_autoscaler.go RunOnce), run as a
/// controller over the store: each loop gathers the unschedulable pods, scales node groups up for them
/// (<see cref="ScaleUp"/>), and removes nodes that have been unneeded long enough (<see cref="ScaleDown"/>).
/// A loop runs every scanInterval after the previous one, and at once when a pod newly becomes unschedulable or
/// right after a loop that scaled up or deleted nodes (loop/trigger.go with frequent loops, the default).
/// </summary>
public sealed partial class ClusterAutoscaler : IStoreWatcher
{
    /// <summary>The event source of everything the autoscaler records.</summary>
    public const string Source = "cluster-autoscaler";

    /// <summary>The NoSchedule taint on a node being scaled down (utils/taints ToBeDeletedTaint).</summary>
    public const string ToBeDeletedTaint = "ToBeDeletedByClusterAutoscaler";

    /// <summary>The PreferNoSchedule taint on an unneeded node (utils/taints DeletionCandidateTaint).</summary>
    public const string DeletionCandidateTaint = "DeletionCandidateOfClusterAutoscaler";

    private readonly Cluster _cluster;
    /// <summary>clusterstate.go MaxNodeStartupTime: a node not Ready this long after creation counts as unready.</summary>
    private static readonly TimeSpan MaxNodeStartupTime = TimeSpan.FromMinutes(15);

    private readonly ClusterAutoscalerConfig _config;
    private readonly RandomStream _random;
    private long _loopGeneration;
    private TimeSpan? _nextLoop;
    private TimeSpan _lastRun = TimeSpan.MinValue;

    internal ClusterAutoscaler(Cluster cluster, ClusterAutoscalerConfig config)
    {
        _cluster = cluster;
        _config = config;
        _random = new RandomStream(cluster.Seed, "cluster-autoscaler");
        cluster.Store.Watch("Pod", this);
        WriteInitialStatus();
        ScheduleLoop(config.ScanInterval);
    }

    private Kernel Kernel => _cluster.Kernel;

    private ObjectStore Store => _cluster.Store;

    private CloudProvider Cloud => _cluster.Cloud!;

    /// <summary>Loops run so far.</summary>
    public int Loops { get; private set; }

    /// <summary>The pod observer (StartPodObserver): a pod that just became unschedulable triggers a loop now.</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (type != WatchEventType.Deleted && obj is Pod pod && pod.Spec.NodeName.Length == 0 && IsUnschedulable(pod)
            && pod.Status.GetCondition("PodScheduled") is { } c && c.LastTransitionTime == Kernel.Now)
        {
            ScheduleLoop(TimeSpan.Zero);
        }
    }

    /// <summary>Whether the scheduler marked the pod unschedulable (PodScheduled False, reason Unschedulable).</summary>
    internal static bool IsUnschedulable(Pod pod) =>
        pod.Status.GetCondition("PodScheduled") is { Status: "False", Reason: "Unschedulable" }
        && pod.Status.Phase is not ("Succeeded" or "Failed");

    /// <summary>Runs the next loop after <paramref name="delay"/>, unless one is already due sooner.</summary>
    private void ScheduleLoop(TimeSpan delay)
    {
        var at = Kernel.Now + delay;
        if (_nextLoop is { } next && next <= at)
        {
            return;
        }

        _nextLoop = at;
        long generation = ++_loopGeneration;
        Kernel.ScheduleAt(at, () =>
        {
            if (generation == _loopGeneration)
            {
                _nextLoop = null;
                RunOnce();
            }
        });
    }

    /// <summary>
    /// static_autoscaler.go RunOnce: the cluster state at the start (UpdateNodes), then scale-up, scale-down and, with
    /// --enforce-node-group-min-size and no scale-up this loop, the scale-up of groups below their min size; the status
    /// ConfigMap is written at the end whatever happened, as RunOnce's deferred write does.
    /// </summary>
    private void RunOnce()
    {
        Loops++;
        var now = Kernel.Now;
        _lastRun = now;
        UpdateClusterState(now);
        if (!IsClusterHealthy())
        {
            // "Cluster is not ready for autoscaling": no scale-up, no scale-down, and the unneeded clocks restart.
            _unneeded.Clear();
            LogEvent("Warning", "ClusterUnhealthy", "Cluster is unhealthy");
            WriteStatus(now);
            ScheduleLoop(_config.ScanInterval);
            return;
        }

        bool scaledUp = ScaleUp();
        bool acted = scaledUp | ScaleDown();
        if (_config.EnforceNodeGroupMinSize && !scaledUp)
        {
            acted |= ScaleUpToNodeGroupMinSize(now);
        }

        WriteStatus(now);

        // Frequent loops: right after a scale-up or a deletion the next loop runs at once, else after scanInterval.
        ScheduleLoop(acted ? TimeSpan.Zero : _config.ScanInterval);
    }
}
