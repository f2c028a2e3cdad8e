using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments.Invariants;

/// <summary>
/// Observes a running cluster and checks the invariants of <see cref="InvariantNames"/> after every kernel
/// event (or, for placement and conservation, at the store write itself), recording the first violation of
/// each. Attach it before running; it only reads, so a run with a checker has the same trace as one without.
/// <para>
/// Cost: the checks are incremental so that a long run stays cheap: capacity re-sums only the nodes whose pods
/// changed since the last event, conservation compares two counts per event, endpoints re-derives only the
/// namespaces whose pods, Services or Endpoints changed, and only at quiescent points.
/// </para>
/// </summary>
public sealed class InvariantChecker : IStoreWatcher
{
    private readonly Cluster _cluster;
    private readonly ClockInvariant _clock = new();
    private readonly Dictionary<string, InvariantViolation> _first = new(StringComparer.Ordinal);
    private readonly List<InvariantViolation> _violations = [];

    // capacity: nodes whose pods or allocatable changed since the last check, in first-change order.
    private readonly List<string> _dirtyNodes = [];
    private readonly HashSet<string> _dirtyNodeSet = new(StringComparer.Ordinal);

    // placement: pods (by uid) already seen bound.
    private readonly HashSet<string> _bound = new(StringComparer.Ordinal);

    // conservation: uids of pods created and not (yet) seen deleted.
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);

    // endpoints: namespaces to re-derive at the next quiescent point (without fast paths); with fast paths the
    // Services (namespace, name) to re-derive, and the Services each pod (by key) matched when last seen.
    private readonly SortedSet<string> _dirtyNamespaces = new(StringComparer.Ordinal);
    private readonly SortedSet<(string Namespace, string Name)> _dirtyServices = new(NamespaceThenName.Instance);
    private readonly Dictionary<string, List<string>> _podServices = new(StringComparer.Ordinal);
    private readonly SelectorCache<Service> _serviceSelectors = SelectorCache.ForServices();

    // HPA: the last status seen (to check only new statuses) and the scale changes seen, by HPA key.
    private readonly Dictionary<string, (int Current, int Desired, bool Active)> _hpaStatus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HpaHistory> _hpaHistory = new(StringComparer.Ordinal);

    public InvariantChecker(Cluster cluster)
    {
        _cluster = cluster;
        var store = cluster.Store;
        foreach (Pod pod in store.List("Pod"))
        {
            _live.Add(pod.Metadata.Uid);
            if (pod.Spec.NodeName.Length > 0)
            {
                _bound.Add(pod.Metadata.Uid);
            }
        }

        foreach (var node in store.List("Node"))
        {
            MarkNode(node.Metadata.Name);
        }

        foreach (var svc in store.List("Service"))
        {
            MarkService(svc.Metadata.Namespace, svc.Metadata.Name);
        }

        if (cluster.FastPaths)
        {
            foreach (Pod pod in store.List("Pod"))
            {
                MarkServicesOf(pod, removed: false);
            }
        }

        store.Watch("Pod", this);
        store.Watch("Node", this);
        store.Watch("Service", this);
        store.Watch("Endpoints", this);
        store.Watch("HorizontalPodAutoscaler", this);
        cluster.Kernel.AfterEvent += AfterEvent;
    }

    /// <summary>The first violation of each invariant, in the order they were found.</summary>
    public IReadOnlyList<InvariantViolation> Violations => _violations;

    /// <summary>True while no invariant has been violated.</summary>
    public bool Ok => _violations.Count == 0;

    /// <summary>The first violation of <paramref name="invariant"/> (one of <see cref="InvariantNames"/>), or null.</summary>
    public InvariantViolation? First(string invariant) => _first.GetValueOrDefault(invariant);

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        switch (obj)
        {
            case Pod pod:
                OnPod(type, pod);
                break;
            case Node node:
                MarkNode(node.Metadata.Name);
                break;
            case Service or Endpoints:
                MarkService(obj.Metadata.Namespace, obj.Metadata.Name);
                break;
            case HorizontalPodAutoscaler hpa:
                OnHpa(type, hpa);
                break;
        }
    }

    private void Record(string invariant, string message)
    {
        if (_first.ContainsKey(invariant))
        {
            return;
        }

        var v = new InvariantViolation(invariant, _cluster.Now, message);
        _first[invariant] = v;
        _violations.Add(v);
    }

    private void AfterEvent()
    {
        var kernel = _cluster.Kernel;
        if (_clock.Observe(kernel.NowTicks, kernel.CurrentSequence) is { } clock)
        {
            Record(InvariantNames.Clock, clock);
        }

        CheckCapacity();
        CheckConservationCount();

        // Endpoints lag their pods by design: the endpoints controller reacts in a later event at the same
        // instant. Once nothing more is due now, every reaction to this instant's changes has run.
        if ((_dirtyNamespaces.Count > 0 || _dirtyServices.Count > 0) && kernel.NextEventTicks > kernel.NowTicks)
        {
            CheckEndpoints();
        }
    }

    private void MarkNode(string name)
    {
        if (_dirtyNodeSet.Add(name))
        {
            _dirtyNodes.Add(name);
        }
    }

    private void OnPod(WatchEventType type, Pod pod)
    {
        var uid = pod.Metadata.Uid;
        if (pod.Spec.NodeName.Length > 0)
        {
            MarkNode(pod.Spec.NodeName);
        }

        if (_cluster.FastPaths)
        {
            MarkServicesOf(pod, removed: type == WatchEventType.Deleted);
        }
        else
        {
            _dirtyNamespaces.Add(pod.Metadata.Namespace);
        }

        if (type == WatchEventType.Deleted)
        {
            if (!_live.Remove(uid))
            {
                Record(InvariantNames.Conservation, $"pod {pod.Key} ({uid}) deleted but never seen created, or deleted twice");
            }

            _bound.Remove(uid);
            return;
        }

        if (type == WatchEventType.Added)
        {
            _live.Add(uid);
        }

        if (pod.Spec.NodeName.Length > 0 && _bound.Add(uid))
        {
            CheckPlacement(pod);
        }
    }

    /// <summary>
    /// The node a pod has just been bound to must be Ready, schedulable, and carry no NoSchedule or NoExecute
    /// taint the pod does not tolerate: what the scheduler's NodeUnschedulable and TaintToleration filters and
    /// the node.kubernetes.io/not-ready taint guarantee. Checked at the binding write, as the node is then.
    /// </summary>
    private void CheckPlacement(Pod pod)
    {
        var name = pod.Spec.NodeName;
        var node = _cluster.Store.Get<Node>("", name);
        string? why = null;
        if (node is null)
        {
            why = "does not exist";
        }
        else if (node.Status.GetCondition("Ready")?.Status != "True")
        {
            why = "is not Ready";
        }
        else if (node.Spec.Unschedulable)
        {
            why = "is cordoned";
        }
        else if (node.Spec.Taints.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !pod.Spec.Tolerations.Any(tol => tol.ToleratesTaint(t))) is { } taint)
        {
            why = $"has taint {taint.Key}:{taint.Effect} the pod does not tolerate";
        }

        if (why is not null)
        {
            Record(InvariantNames.Placement, $"pod {pod.Key} bound to node {name}, which {why}");
        }
    }

    /// <summary>Re-sums the nodes whose pods changed; requests of unfinished pods must fit allocatable.</summary>
    private void CheckCapacity()
    {
        if (_dirtyNodes.Count == 0)
        {
            return;
        }

        var store = _cluster.Store;
        foreach (var name in _dirtyNodes)
        {
            if (store.Get<Node>("", name) is not { } node)
            {
                continue;
            }

            var used = _cluster.NodeRequests?.Of(name) ?? NodeUsage.Of(store, name);
            var alloc = node.Status.Allocatable;
            long cpu = alloc.Get(ResourceNames.Cpu).MilliValue();
            long mem = alloc.Get(ResourceNames.Memory).Value();
            long pods = alloc.Get(ResourceNames.Pods).Value();
            if (used.CpuMilli > cpu || used.MemoryBytes > mem || used.Pods > pods)
            {
                Record(InvariantNames.Capacity, string.Create(CultureInfo.InvariantCulture,
                    $"node {name} requests cpu {used.CpuMilli}m/{cpu}m, memory {used.MemoryBytes}/{mem} bytes, pods {used.Pods}/{pods}"));
            }
        }

        // One by one: HashSet.Clear zeroes all its buckets, sized by the first check's every node, at each event.
        foreach (var name in _dirtyNodes)
        {
            _dirtyNodeSet.Remove(name);
        }

        _dirtyNodes.Clear();
    }

    /// <summary>
    /// Every pod created and not seen deleted must still be in the store: the counts agree, or the pod missing
    /// from the store vanished without a Deleted watch event.
    /// </summary>
    private void CheckConservationCount()
    {
        var store = _cluster.Store;
        if (_live.Count == store.Count("Pod"))
        {
            return;
        }

        var missing = _live.Where(uid => store.GetByUid(uid) is null).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            Record(InvariantNames.Conservation, $"{missing.Count} pod(s) left the store without a deletion, e.g. uid {missing[0]}");
            _live.ExceptWith(missing);
        }
        else
        {
            Record(InvariantNames.Conservation, "the store holds pods that were never seen created");
        }
    }

    /// <summary>
    /// For each Service with a selector in a changed namespace: the pods listed as ready addresses of its
    /// Endpoints are exactly the pods that select-match, have the Ready condition True, are not being deleted
    /// or finished, have an IP, and resolve at least one of the Service's ports (what endpoints_controller.go
    /// puts under addresses). No Endpoints object counts as none listed.
    /// </summary>
    private void CheckEndpoints()
    {
        var store = _cluster.Store;
        foreach (var ns in _dirtyNamespaces)
        {
            foreach (Service svc in store.List("Service", ns))
            {
                CheckEndpoints(svc, store.List<Pod>(ns));
            }
        }

        _dirtyNamespaces.Clear();

        // Fast paths: only the Services whose pods (as matched before or after their change), Service or Endpoints
        // changed, each with the pods its selector matches (the store's label index); the others' verdicts stand.
        // Namespace then name is the order of the pass above.
        foreach (var (ns, name) in _dirtyServices)
        {
            if (store.Get("Service", ns + "/" + name) is Service svc && _serviceSelectors.Of(svc) is { } selector)
            {
                CheckEndpoints(svc, store.PodsMatching(ns, selector));
            }
        }

        _dirtyServices.Clear();
    }

    /// <summary>The endpoints check of one Service over <paramref name="candidates"/> (a superset of the pods its selector matches, in its namespace).</summary>
    private void CheckEndpoints(Service svc, IEnumerable<Pod> candidates)
    {
        var store = _cluster.Store;
        if (svc.Spec.Selector is not { Count: > 0 } selectorMap)
        {
            return;
        }

        var selector = Selector.FromMap(selectorMap);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Pod pod in candidates)
        {
            if (selector.Matches(pod.Metadata.Labels) && PodUtil.IsReady(pod) && pod.Metadata.DeletionTimestamp is null
                && !PodUtil.IsTerminal(pod) && pod.Status.PodIP.Length > 0 && svc.Spec.Ports.Any(p => ResolvesPort(pod, p)))
            {
                expected.Add(pod.Metadata.Name);
            }
        }

        var actual = new SortedSet<string>(StringComparer.Ordinal);
        if (store.Get("Endpoints", svc.Key) is Endpoints ep)
        {
            foreach (var a in ep.Subsets.SelectMany(s => s.Addresses))
            {
                actual.Add(a.TargetPodName ?? a.Ip);
            }
        }

        if (!expected.SetEquals(actual))
        {
            var extra = actual.Except(expected).ToList();
            var absent = expected.Except(actual).ToList();
            Record(InvariantNames.Endpoints, $"service {svc.Key}: ready addresses [{string.Join(",", actual)}], ready pods [{string.Join(",", expected)}]"
                + (extra.Count > 0 ? $"; not ready or not selected: {string.Join(",", extra)}" : "")
                + (absent.Count > 0 ? $"; missing: {string.Join(",", absent)}" : ""));
        }
    }

    private void MarkService(string ns, string name)
    {
        if (_cluster.FastPaths)
        {
            _dirtyServices.Add((ns, name));
        }
        else
        {
            _dirtyNamespaces.Add(ns);
        }
    }

    /// <summary>Fast paths: marks the Services the pod matched when last seen and the ones it matches now.</summary>
    private void MarkServicesOf(Pod pod, bool removed)
    {
        var ns = pod.Metadata.Namespace;
        var key = pod.Key;
        if (_podServices.Remove(key, out var before))
        {
            foreach (var name in before)
            {
                _dirtyServices.Add((ns, name));
            }
        }

        if (removed)
        {
            return;
        }

        List<string>? now = null;
        foreach (Service svc in _cluster.Store.List("Service", ns))
        {
            if (_serviceSelectors.Of(svc) is { } selector && selector.Matches(pod.Metadata.Labels))
            {
                (now ??= []).Add(svc.Metadata.Name);
                _dirtyServices.Add((ns, svc.Metadata.Name));
            }
        }

        if (now is not null)
        {
            _podServices[key] = now;
        }
    }

    /// <summary>Orders (namespace, name) pairs by namespace, then name, ordinally.</summary>
    private sealed class NamespaceThenName : IComparer<(string Namespace, string Name)>
    {
        public static readonly NamespaceThenName Instance = new();

        public int Compare((string Namespace, string Name) x, (string Namespace, string Name) y)
        {
            int c = string.CompareOrdinal(x.Namespace, y.Namespace);
            return c != 0 ? c : string.CompareOrdinal(x.Name, y.Name);
        }
    }

    private static bool ResolvesPort(Pod pod, ServicePort sp) =>
        !sp.TargetPort.IsString || pod.Spec.Containers.Any(c => c.Ports.Any(p => p.Name == sp.TargetPort.StringValue));

    private void OnHpa(WatchEventType type, HorizontalPodAutoscaler hpa)
    {
        var key = hpa.Key;
        if (type == WatchEventType.Deleted)
        {
            _hpaStatus.Remove(key);
            _hpaHistory.Remove(key);
            return;
        }

        var status = hpa.Status;
        bool active = status.Conditions.FirstOrDefault(c => c.Type == HpaConditions.ScalingActive)?.Status == "True";
        var snapshot = (status.CurrentReplicas, status.DesiredReplicas, active);
        if (_hpaStatus.TryGetValue(key, out var last) && last == snapshot && type == WatchEventType.Modified)
        {
            // A spec edit leaves the status as the controller last wrote it: checked when the controller next writes.
            return;
        }

        _hpaStatus[key] = snapshot;
        int min = hpa.Spec.MinReplicas ?? 1;
        int max = hpa.Spec.MaxReplicas;
        if (active && status.CurrentReplicas > 0 && (status.DesiredReplicas < min || status.DesiredReplicas > max))
        {
            Record(InvariantNames.HpaBounds, string.Create(CultureInfo.InvariantCulture,
                $"hpa {key}: desiredReplicas {status.DesiredReplicas} outside [{min}, {max}] with currentReplicas {status.CurrentReplicas}"));
        }

        CheckHpaRate(hpa, key, min, max);
    }

    /// <summary>
    /// A rescale is seen as a status write with a new lastScaleTime at the current instant, from currentReplicas
    /// to desiredReplicas. With a behavior, and from a count within [min, max] (outside it the controller moves
    /// to the bound without consulting the policies), the new count must be within what the direction's
    /// policies allow given the rescales this checker saw in each policy's period (Kubernetes'
    /// periodStartReplicas rule, computed from the checker's own record rather than the controller's).
    /// </summary>
    private void CheckHpaRate(HorizontalPodAutoscaler hpa, string key, int min, int max)
    {
        var status = hpa.Status;
        var now = _cluster.Now;
        if (status.LastScaleTime != now)
        {
            return;
        }

        if (!_hpaHistory.TryGetValue(key, out var history))
        {
            _hpaHistory[key] = history = new HpaHistory();
        }

        if (history.LastScale == now)
        {
            return;
        }

        history.LastScale = now;
        int before = status.CurrentReplicas, after = status.DesiredReplicas;
        if (hpa.Spec.Behavior is { } behavior && before >= min && before <= max && after != before)
        {
            if (after > before && behavior.ScaleUp is { } up)
            {
                int limit = ReplicaNormalizer.CalculateScaleUpLimitWithScalingRules(before, history.Up, history.Down, up, now);
                if (after > Math.Max(limit, before))
                {
                    Record(InvariantNames.HpaRate, string.Create(CultureInfo.InvariantCulture, $"hpa {key} scaled up {before} -> {after}; its scale-up policies allow at most {Math.Max(limit, before)}"));
                }
            }
            else if (after < before && behavior.ScaleDown is { } down)
            {
                int limit = ReplicaNormalizer.CalculateScaleDownLimitWithBehaviors(before, history.Up, history.Down, down, now);
                if (after < Math.Min(limit, before))
                {
                    Record(InvariantNames.HpaRate, string.Create(CultureInfo.InvariantCulture, $"hpa {key} scaled down {before} -> {after}; its scale-down policies allow at least {Math.Min(limit, before)}"));
                }
            }
        }

        if (after > before)
        {
            history.Up.Add(new TimestampedScaleEvent(after - before, now));
        }
        else if (after < before)
        {
            history.Down.Add(new TimestampedScaleEvent(before - after, now));
        }
    }

    private sealed class HpaHistory
    {
        public TimeSpan? LastScale { get; set; }

        public List<TimestampedScaleEvent> Up { get; } = [];

        public List<TimestampedScaleEvent> Down { get; } = [];
    }
}
