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

        var pods = ClaimPods(set);
        var active = pods.Where(PodUtil.IsActive).ToList();
        if (set.Metadata.DeletionTimestamp is null)
        {
            ManageReplicas(set, active);
        }

        // Pods created or deleted above are in the store now; count what the set owns at the end.
        var final = ClaimedActivePods(set);
        UpdateStatus(set, final);
        if (set.MinReadySeconds > 0 && set.Status.ReadyReplicas != set.Status.AvailableReplicas)
        {
            // replica_set.go: requeue to observe availability after minReadySeconds.
            _queue.AddAfter(key, TimeSpan.FromSeconds(set.MinReadySeconds));
        }
    }

    private List<Pod> ClaimedActivePods(ReplicatedSet set) =>
        Store.PodsOwnedBy(set.Metadata.Uid).Where(PodUtil.IsActive).ToList();

    /// <summary>
    /// controller_ref_manager.go ClaimPods: keep owned pods that still match, release owned pods that no
    /// longer match, adopt matching orphans (unless the set is being deleted).
    /// </summary>
    private List<Pod> ClaimPods(ReplicatedSet set)
    {
        var selector = set.GetSelector();
        var claimed = new List<Pod>();
        foreach (var pod in Store.PodsOwnedBy(set.Metadata.Uid).ToList())
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

        if (set.Metadata.DeletionTimestamp is null)
        {
            foreach (var pod in Store.OrphanPodsIn(set.Metadata.Namespace).ToList())
            {
                if (pod.Metadata.DeletionTimestamp is null && selector.Matches(pod.Metadata.Labels))
                {
                    pod.Metadata.OwnerReferences.Add(OwnerRefTo(set));
                    _api.Update(pod);
                    claimed.Add(pod);
                }
            }
        }

        return claimed;
    }

    /// <summary>replica_set.go manageReplicas: create (slow-start batches) or delete (ranked) up to burstReplicas.</summary>
    private void ManageReplicas(ReplicatedSet set, List<Pod> active)
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
                        return;
                    }
                }

                remaining -= batch;
            }
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
        }
    }

    /// <summary>replica_set.go getIndirectlyRelatedPods: pods of every set with the same controlling owner (a Deployment's ReplicaSets), else the set's own.</summary>
    private List<Pod> RelatedPods(ReplicatedSet set)
    {
        var owner = set.Metadata.ControllerRef;
        if (owner is null)
        {
            return Store.PodsOwnedBy(set.Metadata.Uid).ToList();
        }

        var result = new List<Pod>();
        foreach (ReplicatedSet sibling in Store.List(set.Kind, set.Metadata.Namespace))
        {
            if (sibling.Metadata.ControllerRef?.Uid == owner.Uid)
            {
                result.AddRange(Store.PodsOwnedBy(sibling.Metadata.Uid));
            }
        }

        return result;
    }

    private bool CreatePod(ReplicatedSet set)
    {
        // controller_utils.go GetPodFromTemplate: labels, annotations and spec from the template, generateName "<set>-".
        var template = set.Template.Clone();
        var pod = new Pod
        {
            Metadata =
            {
                GenerateName = set.Metadata.Name + "-",
                Namespace = set.Metadata.Namespace,
                Labels = template.Metadata.Labels,
                Annotations = template.Metadata.Annotations,
                OwnerReferences = [OwnerRefTo(set)],
            },
            Spec = template.Spec,
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
    private void UpdateStatus(ReplicatedSet set, List<Pod> active)
    {
        var templateLabels = Selector.FromMap(set.Template.Metadata.Labels);
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
