using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// The time from pending to Running of each Cluster Autoscaler scale-up (<see cref="ScaleUpWait"/>): fed the groups
/// resized and the pods that triggered each scale-up (<see cref="ClusterAutoscaler.ScaledUp"/>), it follows the
/// first-created of those pods until it is Running or deleted. Only those pods are held, by UID, so memory is O(scale-ups)
/// and a pod change costs one lookup; a run without node groups has no autoscaler and builds none.
/// </summary>
public sealed class ScaleUpWaitTracker : IStoreWatcher
{
    private readonly Kernel _kernel;
    private readonly List<Entry> _scaleUps = [];
    private readonly Dictionary<string, List<Entry>> _following = new(StringComparer.Ordinal);

    /// <summary>Listens to <paramref name="autoscaler"/>'s scale-ups (after any earlier listener) and watches pods.</summary>
    public ScaleUpWaitTracker(Kernel kernel, ObjectStore store, ClusterAutoscaler autoscaler)
    {
        _kernel = kernel;
        var previous = autoscaler.ScaledUp;
        autoscaler.ScaledUp = (groups, pods) =>
        {
            previous?.Invoke(groups, pods);
            ScaledUp(groups, pods);
        };
        store.Watch("Pod", this);
    }

    /// <summary>A scale-up of <paramref name="groups"/> (each counts as one) for <paramref name="pods"/>: the first created of them is followed.</summary>
    public void ScaledUp(IReadOnlyList<string> groups, IReadOnlyList<Pod> pods)
    {
        // The earliest creation; among equals, the first in the autoscaler's order (MinBy keeps the first).
        if (pods.MinBy(p => p.Metadata.CreationTimestamp) is not { } first)
        {
            return;
        }

        var uid = first.Metadata.Uid;
        if (!_following.TryGetValue(uid, out var entries))
        {
            _following[uid] = entries = [];
        }

        foreach (var group in groups)
        {
            var entry = new Entry(group, _kernel.Now, first.Metadata.Namespace, first.Metadata.Name, first.Metadata.CreationTimestamp);
            _scaleUps.Add(entry);
            entries.Add(entry);
        }
    }

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (_following.Count == 0 || obj is not Pod pod || !_following.TryGetValue(pod.Metadata.Uid, out var entries))
        {
            return;
        }

        bool deleted = type == WatchEventType.Deleted;
        if (!deleted && pod.Status.Phase != "Running")
        {
            return;
        }

        foreach (var e in entries)
        {
            e.RunningAt = deleted ? null : _kernel.Now;
            e.Deleted = deleted;
        }

        _following.Remove(pod.Metadata.Uid);
    }

    /// <summary>Every scale-up so far, in the order they happened (groups of one loop in the autoscaler's order).</summary>
    public IReadOnlyList<ScaleUpWait> Waits() =>
        _scaleUps.Select(e => new ScaleUpWait(e.Group, e.At, e.Namespace, e.Pod, e.PodCreated, e.RunningAt, e.Deleted)).ToList();

    private sealed class Entry(string group, TimeSpan at, string ns, string pod, TimeSpan podCreated)
    {
        public string Group { get; } = group;

        public TimeSpan At { get; } = at;

        public string Namespace { get; } = ns;

        public string Pod { get; } = pod;

        public TimeSpan PodCreated { get; } = podCreated;

        public TimeSpan? RunningAt { get; set; }

        public bool Deleted { get; set; }
    }
}
