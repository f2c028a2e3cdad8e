using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Load;

/// <summary>
/// The traffic and CPU model. Every <see cref="Resolution"/> of virtual time (a kernel event; the first at
/// the time the model is made) it closes the previous interval and computes new rates that hold until the
/// next step:
/// <list type="number">
/// <item>each target's offered rate (the sum of its sources) is split evenly over its ready endpoints: a
/// Service's ready Endpoints addresses, a workload's selected pods that are Ready and not terminating;
/// pods on a node whose Ready condition is not True get none;</item>
/// <item>each running container wants its image's idle CPU plus the pod's rate x CPU per request, capped
/// by its CPU limit; a node's CPU (allocatable) is shared among its containers by CFS weights
/// (<see cref="CpuShares"/>);</item>
/// <item>a pod serves the part of its rate its CPU covers, the least over its containers (every request
/// passes through every container, as with a sidecar); a pod whose containers are not all running (crashed,
/// node down: asked of the kubelet, not of the possibly stale pod status) serves nothing;</item>
/// <item>memory is each running container's image working set.</item>
/// </list>
/// Pods and nodes are visited in key order and targets in the order they were added, so the results do
/// not depend on hash order. When there is load, each step's rates are written to the trace.
/// <para>
/// A step needs per-pod usage when there is a load target (its served rate depends on its pods' CPU) or a
/// subscriber to <see cref="Stepped"/> (the metrics server). With neither, a step computes nothing and
/// <see cref="UsageComputed"/> is false: no result of a step depends on earlier steps' usage, so skipping it
/// changes nothing a later step computes, and the usage members throw rather than answer.
/// </para>
/// <para>
/// A node's usage is a function of the node alone: its pods in the store, their containers' states in its
/// kubelet, its allocatable CPU and the traffic routed to its pods. The literal step (FastPaths false)
/// computes every node at every step, O(containers). The fast step recomputes only the nodes where one of
/// those inputs may have changed since their last computation, and keeps every other node's result: a
/// store write of one of its pods, a change of the traffic of one of its pods (then only the arithmetic is
/// redone), a change of its kubelet's state, a kubelet cut off (its containers change without store writes),
/// a Node write that changed its allocatable CPU or followed a recovery, or a node without a Node object
/// (see <see cref="StepChangedNodes"/>, in LoadModel.Fast.cs). It reports the nodes whose result changed
/// (<see cref="Changes"/>) so the metrics server scrapes only those, and finds a workload's pods through a
/// label index instead of a scan of the namespace. A step then costs O(nodes) flag reads plus the work of
/// what changed: at 150,000 idle pods and one loaded Deployment, about the 30 loaded pods' nodes.
/// </para>
/// </summary>
public sealed partial class LoadModel : IEventHandler
{
    private readonly Kernel _kernel;
    private readonly ObjectStore _store;
    private readonly ImageCatalog _images;
    private readonly IReadOnlyDictionary<string, Kubelet.Kubelet> _kubelets;
    private readonly Trace _trace;
    private readonly long _seed;
    private readonly bool _fastPaths;
    private readonly List<LoadSource> _sources = [];
    private readonly List<TargetLoad> _targets = [];
    // Each step's pod usage twice over: in step order (node, then pod key) for whoever walks them all, and by
    // key for lookups. The key-ordered view is built only when asked for: a sorted tree rebuilt for every pod
    // at every step cost more than the CPU model itself.
    private readonly List<KeyValuePair<string, PodUsage>> _podsInStepOrder = [];
    private readonly Dictionary<string, PodUsage> _podsByKey = new(StringComparer.Ordinal);
    private SortedDictionary<string, PodUsage>? _podsSorted;
    private readonly SortedDictionary<string, NodeResourceUsage> _nodes = new(StringComparer.Ordinal);
    private readonly List<ContainerSlot> _containers = [];
    private readonly Dictionary<string, ImageFigures> _imageFigures = new(StringComparer.Ordinal);

    // The fast step's state: each node's last result, the traffic each pod had at the last step (to see which
    // nodes' demand moved), the nodes whose result changed at the last step, and the pods by label.
    private readonly Dictionary<string, NodeSlot> _slots = new(StringComparer.Ordinal);
    private readonly List<NodeSlot> _slotOrder = [];
    private readonly Dictionary<string, (double Rps, string Node)> _lastRps = new(StringComparer.Ordinal);
    private readonly List<NodeChange> _changes = [];
    private (string PodKey, int Index, TimeSpan Since)? _sentinel;
    private bool _recomputeAll = true;
    private bool _stepOrderStale;

    /// <param name="fastPaths">
    /// False computes every node at every step (the literal model); true recomputes only the nodes whose inputs
    /// changed (<see cref="Cluster.FastPaths"/>). Both give the same numbers.
    /// </param>
    public LoadModel(Kernel kernel, ObjectStore store, ImageCatalog images, IReadOnlyDictionary<string, Kubelet.Kubelet> kubelets, Trace trace, long seed, TimeSpan resolution, bool fastPaths = true)
    {
        if (resolution <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), "the load step must be positive");
        }

        _kernel = kernel;
        _store = store;
        _images = images;
        _kubelets = kubelets;
        _trace = trace;
        _seed = seed;
        _fastPaths = fastPaths;
        Resolution = resolution;
        if (fastPaths)
        {
            // Watchers only set flags: they write nothing and schedule nothing, so they change no event order.
            var watcher = new ChangeWatcher(this);
            store.Watch("Pod", watcher);
            store.Watch("Node", watcher);
        }

        kernel.ScheduleIn(0, this);
    }

    /// <summary>The step (metrics-server's --metric-resolution).</summary>
    public TimeSpan Resolution { get; }

    /// <summary>The load sources, in the order added.</summary>
    public IReadOnlyList<LoadSource> Sources => _sources;

    /// <summary>One entry per distinct target, in the order first added.</summary>
    public IReadOnlyList<TargetLoad> Targets => _targets;

    /// <summary>
    /// Every pod with a running container or traffic at the last step, by key ("ns/name"), enumerated in key
    /// order. The first read after a step sorts them (O(n log n)); <see cref="PodsInStepOrder"/> does not.
    /// </summary>
    public IReadOnlyDictionary<string, PodUsage> Pods => RequireUsage()._podsSorted ??= new SortedDictionary<string, PodUsage>(_podsByKey, StringComparer.Ordinal);

    /// <summary>
    /// The pods of <see cref="Pods"/> grouped by node in name order, then in key order within a node; no copy
    /// with the literal step, gathered from the nodes' results on the first read after a fast step that changed any.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, PodUsage>> PodsInStepOrder
    {
        get
        {
            RequireUsage();
            if (_stepOrderStale)
            {
                _podsInStepOrder.Clear();
                foreach (var slot in _slotOrder)
                {
                    _podsInStepOrder.AddRange(slot.Pods);
                }

                _stepOrderStale = false;
            }

            return _podsInStepOrder;
        }
    }

    /// <summary>Nodes with running containers at the last step, by name.</summary>
    public IReadOnlyDictionary<string, NodeResourceUsage> Nodes => RequireUsage()._nodes;

    /// <summary>
    /// False when the last step skipped per-pod usage because nothing needed it (no load target, no
    /// <see cref="Stepped"/> subscriber); <see cref="Pods"/>, <see cref="Nodes"/> and their look-ups then throw.
    /// </summary>
    public bool UsageComputed { get; private set; } = true;

    /// <summary>The time of the last step, or null before the first.</summary>
    public TimeSpan? LastStep { get; private set; }

    /// <summary>Bumped at every step that had load targets, so observers can tell the rates may have changed without a store write.</summary>
    public long Version { get; private set; }

    /// <summary>Raised at the end of each step with its time (the metrics server samples here).</summary>
    public event Action<TimeSpan>? Stepped;

    /// <summary>Requests offered to all targets from the start up to now.</summary>
    public double TotalOfferedRequests => _targets.Sum(t => t.OfferedRequestsUntil(_kernel.Now));

    /// <summary>Requests served for all targets from the start up to now.</summary>
    public double TotalServedRequests => _targets.Sum(t => t.ServedRequestsUntil(_kernel.Now));

    /// <summary>True when steps recompute only the nodes whose inputs changed (see the class remarks).</summary>
    internal bool FastPaths => _fastPaths;

    /// <summary>
    /// With <see cref="FastPaths"/>: the nodes whose pods' usage, node usage or kubelet state changed at the last
    /// step, in name order, each with its pods before and after. Every node not listed has the pods, usage and
    /// kubelet state it had at the step before. Empty with the literal step. Valid until the next step.
    /// </summary>
    internal IReadOnlyList<NodeChange> Changes => _changes;

    /// <summary>
    /// Adds a load source. Its noise comes from RandomStream(seed, "load/&lt;target&gt;") (a second source on
    /// the same target adds "#2", and so on, so they do not draw the same numbers). It takes effect at the next step.
    /// </summary>
    public LoadSource Add(LoadTargetRef target, Func<TimeSpan, double> baseRps, LoadNoise? noise = null)
    {
        int same = _sources.Count(s => s.Target == target);
        var identity = "load/" + target + (same == 0 ? "" : "#" + (same + 1).ToString(CultureInfo.InvariantCulture));
        var source = new LoadSource(target, baseRps, noise, noise is null ? null : new RandomStream(_seed, identity));
        _sources.Add(source);
        if (TargetOf(target) is null)
        {
            _targets.Add(new TargetLoad(target));
        }

        return source;
    }

    /// <summary>The traffic of <paramref name="target"/>, or null when no source sends it any.</summary>
    public TargetLoad? TargetOf(LoadTargetRef target) => _targets.Find(t => t.Target == target);

    /// <summary>The usage of the pod with key <paramref name="podKey"/> ("ns/name") at the last step.</summary>
    public bool TryGetPod(string podKey, out PodUsage usage) => RequireUsage()._podsByKey.TryGetValue(podKey, out usage);

    /// <summary>The usage on <paramref name="nodeName"/> at the last step (zero when nothing runs there).</summary>
    public NodeResourceUsage NodeUsage(string nodeName) => RequireUsage()._nodes.GetValueOrDefault(nodeName);

    public void OnEvent(Kernel kernel, long argument)
    {
        Step();
        kernel.ScheduleIn(Resolution.Ticks, this);
    }

    /// <summary>Runs a step now, outside the schedule (tests: to see a change at once).</summary>
    internal void StepNow() => Step();

    private void Step()
    {
        var now = _kernel.Now;
        _changes.Clear();
        if (_targets.Count == 0 && Stepped is null)
        {
            // Nothing to credit and nobody scraping: the per-container walk would be thrown away. A later step
            // recomputes everything from the cluster as it is then, so nothing is owed for this one.
            _podsInStepOrder.Clear();
            _podsByKey.Clear();
            _podsSorted = null;
            _nodes.Clear();
            _recomputeAll = true;
            _stepOrderStale = false;
            UsageComputed = false;
            LastStep = now;
            return;
        }

        UsageComputed = true;

        // Offered traffic per pod, and each target's shares (pod key, rps) to credit served traffic back. (The
        // literal step once read the containers first: both only read, and each source draws its noise from its
        // own stream, so the order of the two changes nothing.)
        var podRps = new Dictionary<string, double>(StringComparer.Ordinal);
        var podNodes = _fastPaths ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
        var shares = new List<(TargetLoad Target, double Offered, List<string> Endpoints, double Share)>(_targets.Count);
        foreach (var target in _targets)
        {
            double offered = 0;
            foreach (var source in _sources)
            {
                if (source.Target == target.Target)
                {
                    offered += source.OfferedRpsAt(now);
                }
            }

            var endpoints = ReadyEndpoints(target.Target);
            double share = endpoints.Count == 0 ? 0 : offered / endpoints.Count;
            var keys = new List<string>(endpoints.Count);
            foreach (var pod in endpoints)
            {
                var key = pod.Key;
                keys.Add(key);
                podRps[key] = podRps.GetValueOrDefault(key) + share;
                podNodes?.TryAdd(key, pod.Spec.NodeName);
            }

            shares.Add((target, offered, keys, share));
        }

        if (_fastPaths)
        {
            StepChangedNodes(podRps, podNodes!);
        }
        else
        {
            StepAllNodes(podRps);
        }

        foreach (var (target, offered, endpoints, share) in shares)
        {
            // Summed as what goes unserved, so a target whose endpoints serve everything serves exactly what was
            // offered (a sum of shares would differ from the offered rate in the last bits).
            double unserved = 0;
            foreach (var key in endpoints)
            {
                if (_podsByKey.TryGetValue(key, out var pod) && pod.OfferedRps > 0)
                {
                    unserved += share * (1 - (pod.ServedRps / pod.OfferedRps));
                }
                else
                {
                    unserved += share;
                }
            }

            double served = endpoints.Count == 0 ? 0 : Math.Max(0, offered - unserved);

            target.Set(now, offered, served, endpoints.Count);
            _trace.Record(now.Ticks, "load", string.Create(CultureInfo.InvariantCulture, $"{target.Target} offered={target.OfferedRps:R} served={target.ServedRps:R} endpoints={endpoints.Count}"));
        }

        if (_targets.Count > 0)
        {
            Version++;
        }

        LastStep = now;
        Stepped?.Invoke(now);
    }

    /// <summary>The literal step: every node, every container, from scratch.</summary>
    private void StepAllNodes(Dictionary<string, double> podRps)
    {
        _podsInStepOrder.Clear();
        _podsByKey.Clear();
        _podsSorted = null;
        _nodes.Clear();
        foreach (var (nodeName, kubelet) in _kubelets)
        {
            int first = _podsInStepOrder.Count;
            if (ComputeNode(nodeName, kubelet, podRps, _podsInStepOrder) is { } usage)
            {
                _nodes[nodeName] = usage;
            }

            for (int i = first; i < _podsInStepOrder.Count; i++)
            {
                _podsByKey.Add(_podsInStepOrder[i].Key, _podsInStepOrder[i].Value);
            }
        }
    }

    /// <summary>
    /// The usage of every pod bound to <paramref name="nodeName"/> (appended to <paramref name="pods"/> in key
    /// order) and of the node (null when nothing there uses CPU or memory): demand capped by limits, the node's
    /// allocatable shared by CFS weights, then what each pod serves.
    /// </summary>
    private NodeResourceUsage? ComputeNode(string nodeName, Kubelet.Kubelet kubelet, Dictionary<string, double> podRps, List<KeyValuePair<string, PodUsage>> pods)
    {
        var containers = _containers;
        containers.Clear();
        CollectContainers(nodeName, kubelet, containers);
        return containers.Count == 0 ? null : ComputeUsage(nodeName, containers, NodeCpuMilli(nodeName), podRps, pods);
    }

    /// <summary><see cref="ComputeNode"/> from the node's containers (grouped by pod in key order) and allocatable CPU.</summary>
    private static NodeResourceUsage? ComputeUsage(string nodeName, List<ContainerSlot> containers, double nodeCpuMilli, Dictionary<string, double> podRps, List<KeyValuePair<string, PodUsage>> pods)
    {
        if (containers.Count == 0)
        {
            return null;
        }

        // CPU: demand capped by limits, then the node's allocatable shared by CFS weights.
        var demand = new double[containers.Count];
        var weights = new double[containers.Count];
        for (int i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            double rps = podRps.GetValueOrDefault(c.PodKey);
            demand[i] = c.Running ? Math.Min(c.IdleMilli + (rps * c.PerRequestMilli), c.LimitMilli) : 0;
            weights[i] = CpuShares.WeightOf(c.RequestMilli);
        }

        var allocated = CpuShares.Allocate(nodeCpuMilli, demand, weights);

        // Served traffic per pod: what the least-provisioned container can handle.
        double nodeCpu = 0;
        long nodeMemory = 0;
        bool used = false;
        int first = 0;
        while (first < containers.Count)
        {
            int last = first;
            string podKey = containers[first].PodKey;
            while (last < containers.Count && containers[last].PodKey == podKey)
            {
                last++;
            }

            double rps = podRps.GetValueOrDefault(podKey);
            double served = rps;
            double cpu = 0;
            long memory = 0;
            TimeSpan? since = TimeSpan.Zero;
            for (int i = first; i < last; i++)
            {
                var c = containers[i];
                if (!c.Running)
                {
                    served = 0;
                    since = null;
                    continue;
                }

                cpu += allocated[i];
                memory += c.MemoryBytes;
                if (since is { } s && c.Since > s)
                {
                    since = c.Since;
                }

                // A container granted all it wants serves everything (no float round trip through the CPU figure).
                bool granted = allocated[i] >= c.IdleMilli + (rps * c.PerRequestMilli);
                if (c.PerRequestMilli > 0 && !granted)
                {
                    served = Math.Min(served, Math.Clamp((allocated[i] - c.IdleMilli) / c.PerRequestMilli, 0, rps));
                }
            }

            if (since is not null || cpu > 0 || rps > 0)
            {
                pods.Add(new(podKey, new PodUsage(nodeName, rps, served, cpu, memory, since)));
            }

            if (cpu > 0 || memory > 0)
            {
                nodeCpu += cpu;
                nodeMemory += memory;
                used = true;
            }

            first = last;
        }

        return used ? new NodeResourceUsage(nodeCpu, nodeMemory) : null;
    }

    private LoadModel RequireUsage() => UsageComputed
        ? this
        : throw new InvalidOperationException("the load model skipped per-pod usage at its last step: nothing needed it (no load target, no metrics scraping)");

    /// <summary>Every container of every pod bound to <paramref name="nodeName"/>, grouped by pod, in key order.</summary>
    private void CollectContainers(string nodeName, Kubelet.Kubelet kubelet, List<ContainerSlot> result)
    {
        foreach (var pod in _store.PodsOnNode(nodeName))
        {
            var key = pod.Key;
            var specs = pod.Spec.Containers;
            for (int i = 0; i < specs.Count; i++)
            {
                var spec = specs[i];
                var image = ImageOf(spec.Image);
                var since = kubelet.ContainerRunningSince(key, i);
                if (since is { } started && _sentinel is null)
                {
                    _sentinel = (key, i, started);
                }

                double limit = spec.Resources.Limits.TryGetValue(ResourceNames.Cpu, out var l) ? Milli(l) : double.PositiveInfinity;
                long request = spec.Resources.Requests.TryGetValue(ResourceNames.Cpu, out var r) ? r.MilliValue() : 0;
                result.Add(new ContainerSlot(key, since is not null, since ?? TimeSpan.Zero, image.IdleMilli, image.PerRequestMilli, limit, request, since is null ? 0 : image.MemoryBytes));
            }
        }
    }

    /// <summary>An image's CPU and memory figures, converted once: the catalog does not change during a run.</summary>
    private ImageFigures ImageOf(string image)
    {
        if (!_imageFigures.TryGetValue(image, out var figures))
        {
            var behavior = _images.For(image);
            _imageFigures[image] = figures = new ImageFigures(Milli(behavior.CpuIdle), Milli(behavior.CpuPerRequest), behavior.Memory.Value());
        }

        return figures;
    }

    /// <summary>The pods a target's traffic is split over, by key, sorted (distinct).</summary>
    private List<Pod> ReadyEndpoints(LoadTargetRef target)
    {
        var pods = new SortedDictionary<string, Pod>(StringComparer.Ordinal);
        if (target.Kind == "Service")
        {
            if (_store.Get("Endpoints", target.Namespace + "/" + target.Name) is Endpoints endpoints)
            {
                foreach (var subset in endpoints.Subsets)
                {
                    foreach (var address in subset.Addresses)
                    {
                        if (address.TargetPodName is { } name && _store.Get("Pod", target.Namespace + "/" + name) is Pod pod && NodeReady(pod.Spec.NodeName))
                        {
                            pods.TryAdd(pod.Key, pod);
                        }
                    }
                }
            }

            return [.. pods.Values];
        }

        var selector = _store.Get(target.Kind, target.Namespace + "/" + target.Name) switch
        {
            Deployment d => Selector.FromLabelSelector(d.Selector),
            ReplicatedSet s => s.GetSelector(),
            _ => Selector.Nothing,
        };

        // The index gives the selector's pods of the namespace in key order, as the scan does.
        // The store's label index (ObjectStore.PodsMatching) with fast paths; the literal step scans the namespace.
        IEnumerable<KubeObject> candidates = _fastPaths ? _store.PodsMatching(target.Namespace, selector) : _store.List("Pod", target.Namespace);
        foreach (Pod pod in candidates)
        {
            if (pod.Metadata.DeletionTimestamp is null && selector.Matches(pod.Metadata.Labels) && PodUtil.IsReady(pod) && NodeReady(pod.Spec.NodeName))
            {
                pods.TryAdd(pod.Key, pod);
            }
        }

        return [.. pods.Values];
    }

    private bool NodeReady(string nodeName) =>
        nodeName.Length > 0 && _store.Get("Node", nodeName) is Node node && node.Status.GetCondition("Ready")?.Status == "True";

    private double NodeCpuMilli(string nodeName) =>
        _store.Get("Node", nodeName) is Node node && node.Status.Allocatable.TryGetValue(ResourceNames.Cpu, out var cpu) ? Milli(cpu) : double.PositiveInfinity;

    /// <summary>A quantity in milli-units without MilliValue's rounding up (a 0.5ms-per-request CPU cost stays 0.5m).</summary>
    private static double Milli(Quantity q) => q.ScaledValue(-9) / 1e6;

    /// <summary>One node's pods before and after a fast step that changed its result (see <see cref="Changes"/>).</summary>
    /// <param name="Node">The node.</param>
    /// <param name="Before">Its pods at the step before, in key order.</param>
    /// <param name="After">Its pods now, in key order.</param>
    /// <param name="Changed">The keys of the pods in one list only or with a different usage, in key order.</param>
    /// <param name="KubeletStateChanged">The kubelet's state differs from the step before (or the node is new): every pod's reachability may have changed.</param>
    internal readonly record struct NodeChange(string Node, IReadOnlyList<KeyValuePair<string, PodUsage>> Before, IReadOnlyList<KeyValuePair<string, PodUsage>> After, IReadOnlyList<string> Changed, bool KubeletStateChanged);

    private readonly record struct ImageFigures(double IdleMilli, double PerRequestMilli, long MemoryBytes);

    private readonly record struct ContainerSlot(string PodKey, bool Running, TimeSpan Since, double IdleMilli, double PerRequestMilli, double LimitMilli, long RequestMilli, long MemoryBytes);

}
