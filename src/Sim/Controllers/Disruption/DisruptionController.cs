using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Disruption;

/// <summary>
/// The disruption controller (pkg/controller/disruption/disruption.go): keeps each PodDisruptionBudget's status
/// (expected pods, desired and current healthy pods, disruptions allowed, the DisruptionAllowed condition) from
/// the pods it selects and, for a percentage or maxUnavailable, the scale of their controllers. The eviction API
/// (<see cref="Eviction"/>) decides with that status. A pod change enqueues the budget that selects it
/// (getPdbForPod), a budget change the budget; a budget with recently evicted pods is rechecked when their
/// <see cref="DeletionTimeout"/> runs out.
/// </summary>
public sealed class DisruptionController : IStoreWatcher
{
    /// <summary>disruption.go DeletionTimeout: how long an evicted pod that is not yet being deleted counts as disrupted.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The event source: the controller's recorder is created for component "controllermanager".</summary>
    public const string ControllerName = "controllermanager";

    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly WorkQueue _queue;
    private readonly FailureBackoff _backoff = new();
    private readonly SelectorCache<PodDisruptionBudget> _selectors = new(SelectorOf);

    public DisruptionController(Kernel kernel, ApiServer api, EventRecorder events)
    {
        _kernel = kernel;
        _api = api;
        _events = events;
        _queue = new WorkQueue(kernel, Sync);
        api.Store.Watch("PodDisruptionBudget", this);
        api.Store.Watch("Pod", this);
    }

    private ObjectStore Store => _api.Store;

    /// <summary>addDB/updateDB/removeDB enqueue the budget; addPod/updatePod/deletePod the budget of the pod (getPdbForPod).</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is PodDisruptionBudget pdb)
        {
            _queue.Add(pdb.Key);
            return;
        }

        if (obj is Pod pod && PdbForPod(pod) is { } selected)
        {
            _queue.Add(selected.Key);
        }
    }

    /// <summary>
    /// The budgets in <paramref name="pod"/>'s namespace whose selector matches it, by name (the lister's
    /// GetPodPodDisruptionBudgets; Kubernetes' order is its cache's, ours is stable).
    /// </summary>
    public IReadOnlyList<PodDisruptionBudget> BudgetsFor(Pod pod)
    {
        List<PodDisruptionBudget>? result = null;
        foreach (PodDisruptionBudget pdb in Store.List("PodDisruptionBudget", pod.Metadata.Namespace))
        {
            if (_selectors.Of(pdb) is { } selector && selector.Matches(pod.Metadata.Labels))
            {
                (result ??= []).Add(pdb);
            }
        }

        return result ?? (IReadOnlyList<PodDisruptionBudget>)[];
    }

    /// <summary>metav1.LabelSelectorAsSelector of a budget's selector; an invalid one matches nothing.</summary>
    internal static Selector? SelectorOf(PodDisruptionBudget pdb)
    {
        try
        {
            return Selector.FromLabelSelector(pdb.Spec.Selector);
        }
        catch (SelectorParseException)
        {
            return null;
        }
    }

    /// <summary>getPdbForPod: the first budget selecting the pod; several give a MultiplePodDisruptionBudgets warning on the pod.</summary>
    private PodDisruptionBudget? PdbForPod(Pod pod)
    {
        var pdbs = BudgetsFor(pod);
        if (pdbs.Count == 0)
        {
            return null;
        }

        if (pdbs.Count > 1 && Store.IsStored(pod))
        {
            _events.Warning(pod, "MultiplePodDisruptionBudgets", string.Create(CultureInfo.InvariantCulture, $"Pod \"{pod.Metadata.Namespace}\"/\"{pod.Metadata.Name}\" matches multiple PodDisruptionBudgets.  Chose \"{pdbs[0].Metadata.Name}\" arbitrarily."), ControllerName);
        }

        return pdbs[0];
    }

    /// <summary>disruption.go sync: trySync, requeued with backoff on a conflict, the failSafe status on any other error.</summary>
    internal void Sync(string key)
    {
        if (Store.Get("PodDisruptionBudget", key) is not PodDisruptionBudget pdb)
        {
            return;
        }

        string? error = TrySync(pdb);
        if (error is null)
        {
            _backoff.Forget(key);
            return;
        }

        FailSafe(pdb, error);
        _queue.AddAfter(key, _backoff.When(key));
    }

    /// <summary>disruption.go trySync: null on success, else the error's text.</summary>
    private string? TrySync(PodDisruptionBudget pdb)
    {
        var pods = PodsFor(pdb);
        if (pods.Count == 0)
        {
            _events.Normal(pdb, "NoPods", "No matching pods found", ControllerName);
        }

        var (expectedCount, desiredHealthy, unmanaged, error) = ExpectedPodCount(pdb, pods);
        if (error is not null)
        {
            _events.Warning(pdb, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: " + error, ControllerName);
            return error;
        }

        if (unmanaged.Count > 0)
        {
            _events.Warning(pdb, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: " + SelectorText(pdb.Spec.Selector) + ") were found "
                + "to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. "
                + "To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.", ControllerName);
        }

        var now = _kernel.Now;
        var (disruptedPods, recheckTime) = BuildDisruptedPodMap(pods, pdb, now);
        int currentHealthy = CountHealthyPods(pods, disruptedPods, now);
        UpdatePdbStatus(pdb, currentHealthy, desiredHealthy, expectedCount, disruptedPods);
        if (recheckTime is { } at)
        {
            // enqueuePdbForRecheck, then the recheck worker's AddRateLimited.
            _queue.AddAfter(pdb.Key, at - now + _backoff.When(pdb.Key));
        }

        return null;
    }

    /// <summary>getPodsForPdb: the pods of the budget's namespace its selector matches (an invalid selector matches none).</summary>
    private List<Pod> PodsFor(PodDisruptionBudget pdb) =>
        _selectors.Of(pdb) is { } selector ? [.. Store.PodsMatching(pdb.Metadata.Namespace, selector)] : [];

    /// <summary>disruption.go getExpectedPodCount: expected pods and desired healthy pods, with the pods no controller owns.</summary>
    internal (int ExpectedCount, int DesiredHealthy, List<string> Unmanaged, string? Error) ExpectedPodCount(PodDisruptionBudget pdb, IReadOnlyList<Pod> pods)
    {
        var spec = pdb.Spec;
        if (spec.MaxUnavailable is { } maxUnavailableSpec)
        {
            var (expected, unmanaged, error) = ExpectedScale(pods);
            if (error is not null)
            {
                return (0, 0, unmanaged, error);
            }

            if (!IntOrPercent.TryGetScaledValue(maxUnavailableSpec, expected, roundUp: true, out int maxUnavailable))
            {
                return (expected, 0, unmanaged, InvalidValue(maxUnavailableSpec));
            }

            return (expected, Math.Max(0, expected - maxUnavailable), unmanaged, null);
        }

        if (spec.MinAvailable is { } minAvailableSpec)
        {
            if (!minAvailableSpec.IsString)
            {
                return (pods.Count, minAvailableSpec.IntValue, [], null);
            }

            var (expected, unmanaged, error) = ExpectedScale(pods);
            if (error is not null)
            {
                return (0, 0, unmanaged, error);
            }

            if (!IntOrPercent.TryGetScaledValue(minAvailableSpec, expected, roundUp: true, out int minAvailable))
            {
                return (expected, 0, unmanaged, InvalidValue(minAvailableSpec));
            }

            return (expected, minAvailable, unmanaged, null);
        }

        return (0, 0, [], null);
    }

    /// <summary>intstr's error for a string that is not a percentage.</summary>
    private static string InvalidValue(IntOrString value) => "invalid value for IntOrString: invalid type: string is not a percentage";

    /// <summary>
    /// disruption.go getExpectedScale: the sum of the scales of the pods' controllers, each counted once, found by
    /// the finders in Kubernetes' order (ReplicationController, Deployment through its ReplicaSet, ReplicaSet not
    /// owned by a Deployment). Pods without a controller are listed apart; a controller none finds is an error.
    /// </summary>
    private (int Expected, List<string> Unmanaged, string? Error) ExpectedScale(IReadOnlyList<Pod> pods)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        var unmanaged = new List<string>();
        foreach (var pod in pods)
        {
            var controllerRef = pod.Metadata.ControllerRef;
            if (controllerRef is null)
            {
                unmanaged.Add(pod.Metadata.Name);
                continue;
            }

            if (scales.ContainsKey(controllerRef.Uid))
            {
                continue;
            }

            var found = FindController(controllerRef, pod.Metadata.Namespace);
            if (found is not { } controller)
            {
                return (0, unmanaged, $"found no controllers for pod \"{pod.Metadata.Name}\"");
            }

            scales[controller.Uid] = controller.Scale;
        }

        int expected = 0;
        foreach (var scale in scales.Values)
        {
            expected += scale;
        }

        return (expected, unmanaged, null);
    }

    /// <summary>The finders of disruption.go (getPodReplicationController, getPodDeployment, getPodReplicaSet), in that order.</summary>
    private (string Uid, int Scale)? FindController(OwnerReference controllerRef, string ns)
    {
        if (IsKind(controllerRef, "ReplicationController", "") && Store.Get("ReplicationController", ns + "/" + controllerRef.Name) is ReplicationController rc
            && rc.Metadata.Uid == controllerRef.Uid)
        {
            return (rc.Metadata.Uid, rc.Replicas);
        }

        if (IsKind(controllerRef, "ReplicaSet", "apps", "extensions") && Store.Get("ReplicaSet", ns + "/" + controllerRef.Name) is ReplicaSet rs
            && rs.Metadata.Uid == controllerRef.Uid)
        {
            var rsController = rs.Metadata.ControllerRef;
            if (rsController is not null && IsKind(rsController, "Deployment", "apps", "extensions"))
            {
                return Store.Get("Deployment", ns + "/" + rsController.Name) is Api.Deployment d && d.Metadata.Uid == rsController.Uid
                    ? (d.Metadata.Uid, d.Replicas)
                    : null;
            }

            // getPodReplicaSet skips a set controlled by a Deployment (of any group); getPodDeployment found none above.
            return rsController is { Kind: "Deployment" } ? null : (rs.Metadata.Uid, rs.Replicas);
        }

        return null;
    }

    /// <summary>verifyGroupKind: the reference's kind and the group of its apiVersion.</summary>
    private static bool IsKind(OwnerReference reference, string kind, params string[] groups)
    {
        if (reference.Kind != kind)
        {
            return false;
        }

        int slash = reference.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        string group = slash < 0 ? "" : reference.ApiVersion[..slash];
        return groups.Contains(group);
    }

    /// <summary>disruption.go countHealthyPods: Ready pods neither being deleted nor evicted within the last DeletionTimeout.</summary>
    internal static int CountHealthyPods(IReadOnlyList<Pod> pods, IReadOnlyDictionary<string, TimeSpan> disruptedPods, TimeSpan now)
    {
        int healthy = 0;
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            // disruptionTime.Add(DeletionTimeout).After(currentTime)
            if (disruptedPods.TryGetValue(pod.Metadata.Name, out var disruptedAt) && disruptedAt + DeletionTimeout > now)
            {
                continue;
            }

            if (PodUtil.IsReady(pod))
            {
                healthy++;
            }
        }

        return healthy;
    }

    /// <summary>
    /// disruption.go buildDisruptedPodMap: the evicted pods still expected to go (not yet being deleted, evicted
    /// less than DeletionTimeout ago) and the earliest time one of them expires; an expired one gets a NotDeleted
    /// warning and is dropped.
    /// </summary>
    private (SortedDictionary<string, TimeSpan> Disrupted, TimeSpan? Recheck) BuildDisruptedPodMap(IReadOnlyList<Pod> pods, PodDisruptionBudget pdb, TimeSpan now)
    {
        var disrupted = pdb.Status.DisruptedPods;
        var result = new SortedDictionary<string, TimeSpan>(StringComparer.Ordinal);
        TimeSpan? recheck = null;
        if (disrupted.Count == 0)
        {
            return (result, recheck);
        }

        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null || !disrupted.TryGetValue(pod.Metadata.Name, out var disruptedAt))
            {
                continue;
            }

            var expectedDeletion = disruptedAt + DeletionTimeout;
            if (expectedDeletion < now)
            {
                // Kubernetes formats the message with the budget's namespace twice.
                _events.Warning(pod, "NotDeleted", $"Pod was expected by PDB {pdb.Metadata.Namespace}/{pdb.Metadata.Namespace} to be deleted but it wasn't", ControllerName);
            }
            else
            {
                if (recheck is null || expectedDeletion < recheck)
                {
                    recheck = expectedDeletion;
                }

                result[pod.Metadata.Name] = disruptedAt;
            }
        }

        return (result, recheck);
    }

    /// <summary>disruption.go updatePdbStatus: writes the status when any part of it (or the condition) changed.</summary>
    private void UpdatePdbStatus(PodDisruptionBudget pdb, int currentHealthy, int desiredHealthy, int expectedCount, SortedDictionary<string, TimeSpan> disruptedPods)
    {
        // expectedCount > 0 keeps a budget that matches no pods yet safe when its first pods appear.
        int disruptionsAllowed = currentHealthy - desiredHealthy;
        if (expectedCount <= 0 || disruptionsAllowed <= 0)
        {
            disruptionsAllowed = 0;
        }

        var status = pdb.Status;
        if (status.CurrentHealthy == currentHealthy && status.DesiredHealthy == desiredHealthy && status.ExpectedPods == expectedCount
            && status.DisruptionsAllowed == disruptionsAllowed && SameMap(status.DisruptedPods, disruptedPods)
            && status.ObservedGeneration == pdb.Metadata.Generation && DisruptionConditions.AreUpToDate(pdb))
        {
            return;
        }

        pdb.Status = new PodDisruptionBudgetStatus
        {
            CurrentHealthy = currentHealthy,
            DesiredHealthy = desiredHealthy,
            ExpectedPods = expectedCount,
            DisruptionsAllowed = disruptionsAllowed,
            DisruptedPods = disruptedPods,
            ObservedGeneration = pdb.Metadata.Generation,
            Conditions = status.Conditions,
        };
        DisruptionConditions.UpdateDisruptionAllowed(pdb, _kernel.Now);
        _api.Update(pdb);
    }

    /// <summary>disruption.go failSafe: disruptionsAllowed 0 and DisruptionAllowed False (SyncFailed) with the error.</summary>
    private void FailSafe(PodDisruptionBudget pdb, string error)
    {
        pdb.Status.DisruptionsAllowed = 0;
        DisruptionConditions.Set(pdb.Status.Conditions, new PodDisruptionBudgetCondition
        {
            Type = PodDisruptionBudgetConstants.DisruptionAllowedCondition,
            Status = "False",
            Reason = PodDisruptionBudgetConstants.SyncFailedReason,
            Message = error,
            ObservedGeneration = pdb.Status.ObservedGeneration,
        }, _kernel.Now);
        _api.Update(pdb);
    }

    private static bool SameMap(SortedDictionary<string, TimeSpan> a, SortedDictionary<string, TimeSpan> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (name, at) in a)
        {
            if (!b.TryGetValue(name, out var other) || other != at)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A selector as Go's %v prints a *metav1.LabelSelector (its generated String method), for the UnmanagedPods event.</summary>
    internal static string SelectorText(LabelSelector? selector)
    {
        if (selector is null)
        {
            return "nil";
        }

        var text = new System.Text.StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        foreach (var (key, value) in selector.MatchLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(": ").Append(value).Append(',');
        }

        text.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        foreach (var e in selector.MatchExpressions)
        {
            text.Append("LabelSelectorRequirement{Key:").Append(e.Key).Append(",Operator:").Append(e.Operator)
                .Append(",Values:[").Append(string.Join(' ', e.Values)).Append("],},");
        }

        return text.Append("},}").ToString();
    }
}
