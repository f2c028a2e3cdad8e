using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Replication;

/// <summary>
/// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go), which also runs
/// ReplicationControllers, as Kubernetes' replication controller is the same code behind an adapter.
/// Level-triggered: <see cref="Reconcile"/> reads the set and its pods from the store and creates or
/// deletes pods to close the gap, then writes status. Keys are "Kind/namespace/name".
/// </summary>
public sealed class ReplicaSetController : IStoreWatcher
{
    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly ControlPlaneConfig _config;
    private readonly WorkQueue _queue;

    // Each set's parsed selector and template-label selector by uid, with the resourceVersion they were parsed
    // at: a sync parses them again only after the set was written (every write bumps the resourceVersion).
    private readonly Dictionary<string, (long ResourceVersion, Selector Selector, Selector TemplateLabels)> _selectors = new(StringComparer.Ordinal);

    public ReplicaSetController(Kernel kernel, ApiServer api, EventRecorder events, ControlPlaneConfig config)
    {
        _kernel = kernel;
        _api = api;
        _events = events;
        _config = config;
        _queue = new WorkQueue(kernel, Reconcile);
        api.Store.Watch("ReplicaSet", this);
        api.Store.Watch("ReplicationController", this);
        api.Store.Watch("Pod", this);
        _ = new PeriodicResync(kernel, config.ControllerResyncPeriod, () =>
        {
            foreach (var kind in new[] { "ReplicaSet", "ReplicationController" })
            {
                foreach (var set in Store.List(kind))
                {
                    _queue.Add(kind + "/" + set.Key);
                }
            }
        });
    }

    private ObjectStore Store => _api.Store;

    /// <summary>Enqueues the set, or for a pod the sets that own or could adopt it (replica_set.go addPod/updatePod/deletePod).</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is ReplicatedSet set)
        {
            if (type == WatchEventType.Deleted)
            {
                _selectors.Remove(set.Metadata.Uid);
            }

            _queue.Add(set.Kind + "/" + set.Key);
            return;
        }

        if (obj is not Pod pod)
        {
            return;
        }

        var owner = pod.Metadata.ControllerRef;
        if (owner is not null)
        {
            if (owner.Kind is "ReplicaSet" or "ReplicationController")
            {
                _queue.Add(owner.Kind + "/" + pod.Metadata.Namespace + "/" + owner.Name);
            }

            return;
        }

        if (type == WatchEventType.Deleted || pod.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        // An orphan: every set in its namespace whose selector matches may adopt it (getPodReplicaSets).
        foreach (var kind in new[] { "ReplicaSet", "ReplicationController" })
        {
            foreach (ReplicatedSet candidate in Store.List(kind, pod.Metadata.Namespace))
            {
                if (candidate.GetSelector().Matches(pod.Metadata.Labels))
                {
                    _queue.Add(kind + "/" + candidate.Key);
                }
            }
        }
    }

    /// <summary>replica_set.go syncReplicaSet.</summary>
    public void Reconcile(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        var kind = key[..slash];
        if (Store.Get(kind, key[(slash + 1)..]) is not ReplicatedSet set)
        {
            return;
        }

        var templateLabels = Selectors(set).TemplateLabels;
        var pods = ClaimPods(set, out bool changed);
        var active = new List<Pod>(pods.Count);
        foreach (var pod in pods)
        {
            if (PodUtil.IsActive(pod))
            {
                active.Add(pod);
            }
        }

        if (set.Metadata.DeletionTimestamp is null)
        {
            changed |= ManageReplicas(set, active);
        }

        // Pods created or deleted above are in the store now; count what the set owns at the end. When this
        // sync wrote nothing, that is exactly the active pods claimed above (an owned pod that no longer matches
        // is released unless it is being deleted, and then it is not active), in the same order.
        var final = changed ? ClaimedActivePods(set) : active;
        UpdateStatus(set, final, templateLabels);
        if (set.MinReadySeconds > 0 && set.Status.ReadyReplicas != set.Status.AvailableReplicas)
        {
            // replica_set.go: requeue to observe availability after minReadySeconds.
            _queue.AddAfter(key, TimeSpan.FromSeconds(set.MinReadySeconds));
        }
    }

    private List<Pod> ClaimedActivePods(ReplicatedSet set)
    {
        var owned = Store.PodsOwnedBy(set.Metadata.Uid);
        var active = new List<Pod>(owned.Count);
        foreach (var pod in owned)
        {
            if (PodUtil.IsActive(pod))
            {
                active.Add(pod);
            }
        }

        return active;
    }

    /// <summary>The set's selector and the selector of its template's labels, parsed once per resourceVersion of the set.</summary>
    private (Selector Selector, Selector TemplateLabels) Selectors(ReplicatedSet set)
    {
        var uid = set.Metadata.Uid;
        long rv = set.Metadata.ResourceVersion;
        if (_selectors.TryGetValue(uid, out var cached) && cached.ResourceVersion == rv)
        {
            return (cached.Selector, cached.TemplateLabels);
        }

        var selector = set.GetSelector();
        var templateLabels = Selector.FromMap(set.Template.Metadata.Labels);
        _selectors[uid] = (rv, selector, templateLabels);
        return (selector, templateLabels);
    }

    /// <summary>
    /// controller_ref_manager.go ClaimPods: keep owned pods that still match, release owned pods that no
    /// longer match, adopt matching orphans (unless the set is being deleted).
    /// </summary>
    private List<Pod> ClaimPods(ReplicatedSet set, out bool changed)
    {
        var selector = Selectors(set).Selector;
        changed = false;
        var owned = Store.PodsOwnedBy(set.Metadata.Uid);
        var claimed = new List<Pod>(owned.Count);

        // Releasing a pod updates it, which moves it out of the owner index being walked: walk a copy only then.
        bool releases = false;
        foreach (var pod in owned)
        {
            if (selector.Matches(pod.Metadata.Labels))
            {
                claimed.Add(pod);
            }
            else if (pod.Metadata.DeletionTimestamp is null)
            {
                releases = true;
                break;
            }
        }

        if (releases)
        {
            claimed.Clear();
            changed = true;
            foreach (var pod in owned.ToList())
            {
                if (selector.Matches(pod.Metadata.Labels))
                {
                    claimed.Add(pod);
                }
                else if (pod.Metadata.DeletionTimestamp is null)
                {
                    pod.Metadata.OwnerReferences.RemoveAll(o => o.Uid == set.Metadata.Uid);
                    _api.Update(pod);
                }
            }
        }

        if (set.Metadata.DeletionTimestamp is null)
        {
            var orphans = Store.OrphanPodsIn(set.Metadata.Namespace);
            if (orphans.Count > 0)
            {
                foreach (var pod in orphans.ToList())
                {
                    if (pod.Metadata.DeletionTimestamp is null && selector.Matches(pod.Metadata.Labels))
                    {
                        pod.Metadata.OwnerReferences.Add(OwnerRefTo(set));
                        _api.Update(pod);
                        claimed.Add(pod);
                        changed = true;
                    }
                }
            }
        }

        return claimed;
    }

    /// <summary>replica_set.go manageReplicas: create (slow-start batches) or delete (ranked) up to burstReplicas. True if it wrote anything.</summary>
    private bool ManageReplicas(ReplicatedSet set, List<Pod> active)
    {
        int diff = active.Count - set.Replicas;
        if (diff < 0)
        {
            int toCreate = Math.Min(-diff, _config.BurstReplicas);
            // replica_set.go slowStartBatch with SlowStartInitialBatchSize 1: batches 1, 2, 4, ... stop at the first error.
            int remaining = toCreate;
            for (int batch = Math.Min(remaining, 1); batch > 0; batch = Math.Min(2 * batch, remaining))
            {
                for (int i = 0; i < batch; i++)
                {
                    if (!CreatePod(set))
                    {
                        return true;
                    }
                }

                remaining -= batch;
            }

            return true;
        }
        else if (diff > 0)
        {
            int toDelete = Math.Min(diff, _config.BurstReplicas);
            var related = RelatedPods(set);
            foreach (var pod in PodDeletionRanking.PodsToDelete(active, related, toDelete, _kernel.Now))
            {
                _api.Delete(pod);
                _events.Normal(set, "SuccessfulDelete", "Deleted pod: " + pod.Metadata.Name, SourceName(set));
            }

            return true;
        }

        return false;
    }

    /// <summary>replica_set.go getIndirectlyRelatedPods: pods of every set with the same controlling owner (a Deployment's ReplicaSets), else the set's own.</summary>
    private List<Pod> RelatedPods(ReplicatedSet set)
    {
        var owner = set.Metadata.ControllerRef;
        if (owner is null)
        {
            return Store.PodsOwnedBy(set.Metadata.Uid).ToList();
        }

        // The siblings come from the store's owner index: the sets of the namespace with that controller, in
        // key order, as a scan of the namespace filtered by controller uid finds them.
        var result = new List<Pod>();
        foreach (var sibling in Store.SetsOwnedBy(set.Kind, owner.Uid))
        {
            if (sibling.Metadata.Namespace == set.Metadata.Namespace)
            {
                result.AddRange(Store.PodsOwnedBy(sibling.Metadata.Uid));
            }
        }

        return result;
    }

    private bool CreatePod(ReplicatedSet set)
    {
        // controller_utils.go GetPodFromTemplate: labels, annotations and spec from the template, generateName "<set>-".
        // Only the parts the pod takes are copied (the template's other metadata was copied and dropped).
        var template = set.Template;
        var pod = new Pod(template.Spec.Clone())
        {
            Metadata =
            {
                GenerateName = set.Metadata.Name + "-",
                Namespace = set.Metadata.Namespace,
                Labels = MapCopies.Copy(template.Metadata.Labels),
                Annotations = MapCopies.Copy(template.Metadata.Annotations),
                OwnerReferences = [OwnerRefTo(set)],
            },
        };
        try
        {
            _api.Create(pod);
        }
        catch (ApiException e)
        {
            _events.Warning(set, "FailedCreate", "Error creating: " + e.Message, SourceName(set));
            SetReplicaFailure(set, e.Message);
            return false;
        }

        _events.Normal(set, "SuccessfulCreate", "Created pod: " + pod.Metadata.Name, SourceName(set));
        return true;
    }

    private void SetReplicaFailure(ReplicatedSet set, string message)
    {
        var c = set.Status.Conditions.Find(x => x.Type == "ReplicaFailure");
        if (c is null)
        {
            set.Status.Conditions.Add(new WorkloadCondition { Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = message, LastTransitionTime = _kernel.Now });
            _api.Update(set);
        }
    }

    /// <summary>replica_set_utils.go calculateStatus.</summary>
    private void UpdateStatus(ReplicatedSet set, List<Pod> active, Selector templateLabels)
    {
        int fullyLabeled = 0, ready = 0, available = 0;
        foreach (var pod in active)
        {
            if (templateLabels.Matches(pod.Metadata.Labels))
            {
                fullyLabeled++;
            }

            if (PodUtil.IsReady(pod))
            {
                ready++;
                if (PodUtil.IsAvailable(pod, set.MinReadySeconds, _kernel.Now))
                {
                    available++;
                }
            }
        }

        var s = set.Status;
        if (s.Replicas == active.Count && s.FullyLabeledReplicas == fullyLabeled && s.ReadyReplicas == ready
            && s.AvailableReplicas == available && s.ObservedGeneration == set.Metadata.Generation)
        {
            return;
        }

        s.Replicas = active.Count;
        s.FullyLabeledReplicas = fullyLabeled;
        s.ReadyReplicas = ready;
        s.AvailableReplicas = available;
        s.ObservedGeneration = set.Metadata.Generation;
        _api.Update(set);
    }

    private static OwnerReference OwnerRefTo(ReplicatedSet set) =>
        new(ApiResources.ForKind(set.Kind).GroupVersion, set.Kind, set.Metadata.Name, set.Metadata.Uid, Controller: true, BlockOwnerDeletion: true);

    private static string SourceName(ReplicatedSet set) =>
        set is ReplicationController ? "replication-controller" : "replicaset-controller";
}
