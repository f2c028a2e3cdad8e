using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// The deployment controller (pkg/controller/deployment, Kubernetes v1.32): it owns ReplicaSets named
/// <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c> and rolls a Deployment's pods from its old ReplicaSets to the
/// one matching its template, by the RollingUpdate (maxSurge/maxUnavailable) or Recreate strategy; it
/// scales proportionally on scaling events, honours pause, keeps revisionHistoryLimit old ReplicaSets,
/// and reports the Available and Progressing conditions, with progressDeadlineSeconds.
/// <para>
/// Like Kubernetes' controller it works on copies of what it reads (its informer cache) and writes with
/// optimistic concurrency: a write from a copy older than the stored object fails with Conflict, the sync
/// stops and the key is requeued with the workqueue's exponential backoff (5 ms, doubling), exactly where
/// the Go controller hits the same conflicts (for instance a second status write in one sync).
/// </para>
/// <para>
/// This file: informer handlers, the work queue and syncDeployment (deployment_controller.go); the
/// strategies, scaling and status live in the other parts of this partial class.
/// </para>
/// </summary>
public sealed partial class DeploymentController : IStoreWatcher
{
    /// <summary>The event source component.</summary>
    public const string ControllerName = "deployment-controller";

    /// <summary>deployment_controller.go maxRetries: requeues before a failing key is dropped.</summary>
    public const int MaxRetries = 15;

    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly WorkQueue _queue;
    private readonly FailureBackoff _backoff = new();

    // The informer's previous view of each ReplicaSet (by uid), for updateReplicaSet's old-versus-new checks.
    // LabelPairs is the labels the string was built from: a set's status writes (most of its updates) leave its
    // labels alone, and then the previous string is reused rather than built again.
    private readonly Dictionary<string, (OwnerReference? ControllerRef, string Labels, KeyValuePair<string, string>[] LabelPairs)> _seenReplicaSets = new(StringComparer.Ordinal);

    // The template printouts of the sync under way (null between syncs): see TemplatePrints.
    private TemplatePrints? _prints;

    // The printouts of stored templates, kept across syncs: see StoredTemplatePrints.
    private readonly StoredTemplatePrints _storedPrints = new();

    public DeploymentController(Kernel kernel, ApiServer api, EventRecorder events, ControlPlaneConfig config)
    {
        _kernel = kernel;
        _api = api;
        _events = events;
        _queue = new WorkQueue(kernel, Reconcile);
        EnqueueDeployment = Enqueue;
        api.Store.Watch("Deployment", this);
        api.Store.Watch("ReplicaSet", this);
        api.Store.Watch("Pod", this);
        _ = new PeriodicResync(kernel, config.ControllerResyncPeriod, () =>
        {
            foreach (var d in Store.List<Deployment>())
            {
                Enqueue(d);
            }
        });
    }

    /// <summary>How the informer handlers queue a Deployment (Go's enqueueDeployment field, replaced in tests).</summary>
    internal Action<Deployment> EnqueueDeployment { get; set; }

    private ObjectStore Store => _api.Store;

    /// <summary>The informer event handlers: addDeployment/updateDeployment/deleteDeployment, the ReplicaSet handlers and deletePod.</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        switch (obj)
        {
            case Deployment d:
                if (type == WatchEventType.Deleted)
                {
                    _storedPrints.Forget(d.Metadata.Uid);
                }

                EnqueueDeployment(d);
                break;
            case ReplicaSet rs:
                OnReplicaSetChange(type, rs);
                break;
            case Pod pod when type == WatchEventType.Deleted:
                DeletePod(pod);
                break;
        }
    }

    /// <summary>Processes one key: syncDeployment, then handleErr.</summary>
    internal void Reconcile(string key)
    {
        try
        {
            SyncDeployment(key);
            _backoff.Forget(key);
        }
        catch (Exception e) when (e is ApiException or DeploymentSyncException)
        {
            HandleErr(key);
        }
    }

    /// <summary>handleErr: requeue with backoff up to maxRetries, then drop the key.</summary>
    private void HandleErr(string key)
    {
        if (_backoff.NumRequeues(key) < MaxRetries)
        {
            _queue.AddAfter(key, _backoff.When(key));
            return;
        }

        _backoff.Forget(key);
    }

    private static string KeyOf(KubeObject obj) => obj.Metadata.Namespace + "/" + obj.Metadata.Name;

    private void Enqueue(Deployment d) => _queue.Add(KeyOf(d));

    private void EnqueueRateLimited(Deployment d)
    {
        var key = KeyOf(d);
        _queue.AddAfter(key, _backoff.When(key));
    }

    private void EnqueueAfter(Deployment d, TimeSpan after) => _queue.AddAfter(KeyOf(d), after);

    /// <summary>Whether <paramref name="labels"/> holds exactly <paramref name="pairs"/> (as many, each found with its value).</summary>
    private static bool SameLabels(KeyValuePair<string, string>[] pairs, SortedDictionary<string, string> labels)
    {
        // Lookups match the pairs' keys exactly only under the ordinal comparer (every map the object model makes).
        if (pairs.Length != labels.Count || !ReferenceEquals(labels.Comparer, StringComparer.Ordinal))
        {
            return false;
        }

        foreach (var (key, value) in pairs)
        {
            if (!labels.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>addReplicaSet, updateReplicaSet and deleteReplicaSet.</summary>
    private void OnReplicaSetChange(WatchEventType type, ReplicaSet rs)
    {
        var uid = rs.Metadata.Uid;
        var current = rs.Metadata.ControllerRef;
        bool seen = _seenReplicaSets.TryGetValue(uid, out var previous);
        if (type == WatchEventType.Deleted)
        {
            _seenReplicaSets.Remove(uid);
            _storedPrints.Forget(uid);
            DeleteReplicaSet(rs);
            return;
        }

        string labels;
        var labelPairs = previous.LabelPairs;
        if (seen && SameLabels(labelPairs, rs.Metadata.Labels))
        {
            labels = previous.Labels;
        }
        else
        {
            labels = string.Join(",", rs.Metadata.Labels.Select(kv => kv.Key + "=" + kv.Value));
            labelPairs = [.. rs.Metadata.Labels];
        }

        _seenReplicaSets[uid] = (current, labels, labelPairs);
        if (type == WatchEventType.Added || !seen)
        {
            if (rs.Metadata.DeletionTimestamp is not null)
            {
                // On a restart an object can show up already pending deletion.
                DeleteReplicaSet(rs);
                return;
            }

            if (current is not null)
            {
                if (ResolveControllerRef(rs.Metadata.Namespace, current) is { } owner)
                {
                    EnqueueDeployment(owner);
                }

                return;
            }

            // An orphan: every matching Deployment may want to adopt it.
            foreach (var d in DeploymentUtil.GetDeploymentsForReplicaSet(Store, rs))
            {
                EnqueueDeployment(d);
            }

            return;
        }

        bool controllerRefChanged = previous.ControllerRef != current;
        if (controllerRefChanged && previous.ControllerRef is not null && ResolveControllerRef(rs.Metadata.Namespace, previous.ControllerRef) is { } oldOwner)
        {
            EnqueueDeployment(oldOwner);
        }

        if (current is not null)
        {
            if (ResolveControllerRef(rs.Metadata.Namespace, current) is { } owner)
            {
                EnqueueDeployment(owner);
            }

            return;
        }

        if (previous.Labels != labels || controllerRefChanged)
        {
            foreach (var d in DeploymentUtil.GetDeploymentsForReplicaSet(Store, rs))
            {
                EnqueueDeployment(d);
            }
        }
    }

    /// <summary>deleteReplicaSet: an owned ReplicaSet's Deployment is synced; nobody cares about orphans.</summary>
    private void DeleteReplicaSet(ReplicaSet rs)
    {
        if (rs.Metadata.ControllerRef is { } controllerRef && ResolveControllerRef(rs.Metadata.Namespace, controllerRef) is { } d)
        {
            EnqueueDeployment(d);
        }
    }

    /// <summary>deletePod: a Recreate Deployment is synced once all of its pods are gone.</summary>
    private void DeletePod(Pod pod)
    {
        var d = GetDeploymentForPod(pod);
        if (d is null || d.Strategy.Type != DeploymentUtil.RecreateStrategy)
        {
            return;
        }

        var rsList = DeploymentUtil.ListReplicaSets(Store, d);
        if (GetPodMapForDeployment(d, rsList).Values.Sum(p => p.Count) == 0)
        {
            EnqueueDeployment(d);
        }
    }

    /// <summary>getDeploymentForPod: pod → controlling ReplicaSet (uid checked) → its controlling Deployment.</summary>
    private Deployment? GetDeploymentForPod(Pod pod)
    {
        var controllerRef = pod.Metadata.ControllerRef;
        if (controllerRef is null || controllerRef.Kind != "ReplicaSet")
        {
            return null;
        }

        var rs = Store.Get<ReplicaSet>(pod.Metadata.Namespace, controllerRef.Name);
        if (rs is null || rs.Metadata.Uid != controllerRef.Uid)
        {
            return null;
        }

        return rs.Metadata.ControllerRef is { } rsRef ? ResolveControllerRef(rs.Metadata.Namespace, rsRef) : null;
    }

    /// <summary>resolveControllerRef: the Deployment a controller reference names, if it still has that uid.</summary>
    private Deployment? ResolveControllerRef(string ns, OwnerReference controllerRef)
    {
        if (controllerRef.Kind != "Deployment")
        {
            return null;
        }

        var d = Store.Get<Deployment>(ns, controllerRef.Name);
        return d is not null && d.Metadata.Uid == controllerRef.Uid ? d : null;
    }

    /// <summary>
    /// syncDeployment: reconcile one Deployment. Precedence as in Kubernetes: deletion (status only), paused
    /// (scale only), rollback, scaling event (scale only), then the strategy's rollout.
    /// </summary>
    internal void SyncDeployment(string key)
    {
        _prints = new TemplatePrints(_storedPrints);
        try
        {
            SyncDeploymentOnce(key);
        }
        finally
        {
            _prints = null;
        }
    }

    private void SyncDeploymentOnce(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        var live = Store.Get<Deployment>(key[..slash], key[(slash + 1)..]);
        if (live is null)
        {
            // Deleted: the garbage collector removes its ReplicaSets.
            return;
        }

        // Copy, as the Go controller does not to mutate its cache (the template, which the sync never changes in
        // place, is shared).
        var d = ObjectCopies.CloneSharingTemplate(live);
        _prints?.NoteSource(d.Template, live, live.Template);
        if (d.Selector is { MatchLabels.Count: 0, MatchExpressions.Count: 0 })
        {
            _events.Warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.", ControllerName);
            if (d.Status.ObservedGeneration < d.Metadata.Generation)
            {
                d.Status.ObservedGeneration = d.Metadata.Generation;
                try
                {
                    UpdateDeploymentStatus(d);
                }
                catch (ApiException)
                {
                    // The Go controller ignores this write's error.
                }
            }

            return;
        }

        // ReplicaSets owned by this Deployment, adopting and releasing by selector and controllerRef.
        // The selector is parsed once for both lookups (Go converts it in each; the result is the same).
        var selector = ParseSelector(d);
        var rsList = GetReplicaSetsForDeployment(d, selector);

        // Pods grouped by ReplicaSet: Recreate waits for old pods to be gone.
        var podMap = GetPodMapForDeployment(rsList, selector);

        if (d.Metadata.DeletionTimestamp is not null)
        {
            SyncStatusOnly(d, rsList);
            return;
        }

        // Pausing and resuming set Progressing=Unknown, so a resumed rollout does not time out at once.
        CheckPausedConditions(d);

        if (d.Paused)
        {
            Sync(d, rsList);
            return;
        }

        // Rollback is not re-entrant: finish it (and clear rollbackTo) before anything else.
        if (GetRollbackTo(d) is not null)
        {
            Rollback(d, rsList);
            return;
        }

        if (IsScalingEvent(d, rsList))
        {
            Sync(d, rsList);
            return;
        }

        switch (d.Strategy.Type)
        {
            case DeploymentUtil.RecreateStrategy:
                RolloutRecreate(d, rsList, podMap);
                return;
            case DeploymentUtil.RollingUpdateStrategy:
                RolloutRolling(d, rsList);
                return;
        }

        throw new DeploymentSyncException("unexpected deployment strategy type: " + d.Strategy.Type);
    }

    /// <summary>
    /// getReplicaSetsForDeployment with controller_ref_manager.go ClaimReplicaSets: keep owned sets that match
    /// the selector, release owned ones that do not (unless being deleted), adopt matching orphans (after
    /// re-checking the Deployment is not being deleted). Returns copies, as they were listed.
    /// </summary>
    internal List<ReplicaSet> GetReplicaSetsForDeployment(Deployment d) => GetReplicaSetsForDeployment(d, ParseSelector(d));

    /// <summary>metav1.LabelSelectorAsSelector of the Deployment's selector, failing the sync as getReplicaSetsForDeployment does.</summary>
    private static Selector ParseSelector(Deployment d)
    {
        try
        {
            return Selector.FromLabelSelector(d.Selector);
        }
        catch (FormatException e)
        {
            throw new DeploymentSyncException($"deployment {d.Metadata.Namespace}/{d.Metadata.Name} has invalid label selector: {e.Message}");
        }
    }

    /// <summary><see cref="GetReplicaSetsForDeployment(Deployment)"/> with the selector already parsed.</summary>
    private List<ReplicaSet> GetReplicaSetsForDeployment(Deployment d, Selector selector)
    {
        var claimed = new List<ReplicaSet>();
        Exception? error = null;

        // The lister's list of the namespace, less the sets another controller owns (skipped below untouched):
        // from the owner index, in the same key order. It is a snapshot, as the listed slice is in Go; the only
        // writes during the loop are its own releases and adoptions of sets in it (store watchers only queue work).
        foreach (var rs in DeploymentUtil.ClaimCandidates(Store, d))
        {
            var controllerRef = rs.Metadata.ControllerRef;
            if (controllerRef is not null)
            {
                if (controllerRef.Uid != d.Metadata.Uid)
                {
                    continue;
                }

                if (selector.Matches(rs.Metadata.Labels))
                {
                    var copy = ObjectCopies.CloneSharingTemplate(rs);
                    _prints?.NoteSource(copy.Template, rs, rs.Template);
                    claimed.Add(copy);
                }
                else if (d.Metadata.DeletionTimestamp is null)
                {
                    // Owned but no longer selected: release (a missing set is fine).
                    rs.Metadata.OwnerReferences.RemoveAll(o => o.Uid == d.Metadata.Uid);
                    _api.Update(rs);
                }

                continue;
            }

            if (d.Metadata.DeletionTimestamp is not null || !selector.Matches(rs.Metadata.Labels) || rs.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            var listed = ObjectCopies.Clone(rs);
            try
            {
                // RecheckDeletionTimestamp: an uncached read of the Deployment before adopting.
                var fresh = Store.Get<Deployment>(d.Metadata.Namespace, d.Metadata.Name)
                    ?? throw ApiException.NotFound("deployments.apps", d.Metadata.Name);
                if (fresh.Metadata.Uid != d.Metadata.Uid)
                {
                    throw new DeploymentSyncException($"original Deployment {d.Metadata.Namespace}/{d.Metadata.Name} is gone: got uid {fresh.Metadata.Uid}, wanted {d.Metadata.Uid}");
                }

                if (fresh.Metadata.DeletionTimestamp is not null)
                {
                    throw new DeploymentSyncException($"{d.Metadata.Namespace}/{d.Metadata.Name} has just been deleted");
                }

                rs.Metadata.OwnerReferences.Add(ControllerRefTo(d));
                _api.Update(rs);
                claimed.Add(listed);
            }
            catch (Exception e) when (e is ApiException or DeploymentSyncException)
            {
                error ??= e;
            }
        }

        if (error is not null)
        {
            throw error;
        }

        return claimed;
    }

    /// <summary>
    /// getPodMapForDeployment: the pods matching the Deployment's selector, by the uid of the ReplicaSet (in
    /// <paramref name="rsList"/>) that controls them, inactive ones included.
    /// </summary>
    internal SortedDictionary<string, List<Pod>> GetPodMapForDeployment(Deployment d, List<ReplicaSet> rsList) =>
        GetPodMapForDeployment(rsList, Selector.FromLabelSelector(d.Selector));

    /// <summary><see cref="GetPodMapForDeployment(Deployment, List{ReplicaSet})"/> with the Deployment's selector already parsed.</summary>
    private SortedDictionary<string, List<Pod>> GetPodMapForDeployment(List<ReplicaSet> rsList, Selector selector)
    {
        var podMap = new SortedDictionary<string, List<Pod>>(StringComparer.Ordinal);
        foreach (var rs in rsList)
        {
            podMap[rs.Metadata.Uid] = Store.PodsOwnedBy(rs.Metadata.Uid).Where(p => selector.Matches(p.Metadata.Labels)).ToList();
        }

        return podMap;
    }

    /// <summary>metav1.NewControllerRef(d, apps/v1 Deployment).</summary>
    private static OwnerReference ControllerRefTo(Deployment d) =>
        new("apps/v1", "Deployment", d.Metadata.Name, d.Metadata.Uid, Controller: true, BlockOwnerDeletion: true);
}
