using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// Watches Deployments for rollouts: a rollout starts when the Deployment's revision annotation changes
/// (the controller found or created a new ReplicaSet for a new template) and completes when the
/// controller reports every replica updated and available for the current generation
/// (deployment_util.go DeploymentComplete). O(1) per Deployment change.
/// </summary>
public sealed class RolloutTracker : IStoreWatcher
{
    private readonly Kernel _kernel;
    private readonly Dictionary<string, Open> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _revisions = new(StringComparer.Ordinal);
    private readonly List<Rollout> _done = [];

    public RolloutTracker(Kernel kernel, ObjectStore store)
    {
        _kernel = kernel;
        store.Watch("Deployment", this);
    }

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is not Deployment d)
        {
            return;
        }

        var key = d.Key;
        var now = _kernel.Now;
        if (type == WatchEventType.Deleted)
        {
            if (_open.Remove(key, out var gone))
            {
                _done.Add(gone.Close(null));
            }

            return;
        }

        var revision = d.Metadata.Annotations.GetValueOrDefault(Deployment.RevisionAnnotation, "");
        if (revision.Length > 0 && _revisions.GetValueOrDefault(key) != revision)
        {
            _revisions[key] = revision;
            if (_open.Remove(key, out var superseded))
            {
                _done.Add(superseded.Close(null));
            }

            _open[key] = new Open(d.Metadata.Namespace, d.Metadata.Name, revision, now, d.Status.AvailableReplicas);
        }

        if (!_open.TryGetValue(key, out var open))
        {
            return;
        }

        open.MinAvailable = Math.Min(open.MinAvailable, d.Status.AvailableReplicas);
        open.Replicas = d.Replicas;
        var s = d.Status;
        bool complete = s.ObservedGeneration >= d.Metadata.Generation && s.UpdatedReplicas == d.Replicas
            && s.Replicas == d.Replicas && s.AvailableReplicas == d.Replicas;
        if (complete)
        {
            _open.Remove(key);
            _done.Add(open.Close(now));
        }
    }

    /// <summary>Every rollout seen, finished ones first by start time, then those still running.</summary>
    public IReadOnlyList<Rollout> Rollouts() =>
        _done.Concat(_open.Values.Select(o => o.Close(null)))
            .OrderBy(r => r.Started).ThenBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Deployment, StringComparer.Ordinal)
            .ToList();

    private sealed class Open(string ns, string name, string revision, TimeSpan started, int available)
    {
        public int MinAvailable { get; set; } = available;

        public int Replicas { get; set; }

        public Rollout Close(TimeSpan? completed) => new(ns, name, revision, started, completed, MinAvailable, Replicas);
    }
}
