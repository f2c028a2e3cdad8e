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
/// A step costs O(containers) when something needs per-pod usage: a load target (its served rate depends on
/// its pods' CPU) or a subscriber to <see cref="Stepped"/> (the metrics server). With neither, a step computes
/// nothing and <see cref="UsageComputed"/> is false: no result of a step depends on earlier steps' usage, so
/// skipping it changes nothing a later step computes, and the usage members throw rather than answer.
/// </para>
/// </summary>
public sealed class LoadModel : IEventHandler
{
    private readonly Kernel _kernel;
    private readonly ObjectStore _store;
    private readonly ImageCatalog _images;
    private readonly IReadOnlyDictionary<string, Kubelet.Kubelet> _kubelets;
    private readonly Trace _trace;
    private readonly long _seed;
    private readonly List<LoadSource> _sources = [];
    private readonly List<TargetLoad> _targets = [];
    // Each step's pod usage twice over: in step order (node, then pod key) for whoever walks them all, and by
    // key for lookups. The key-ordered view is built only when asked for: a sorted tree rebuilt for every pod
    // at every step cost more than the CPU model itself.
    private readonly List<KeyValuePair<string, PodUsage>> _podsInStepOrder = [];
    private readonly Dictionary<string, PodUsage> _podsByKey = new(StringComparer.Ordinal);
    private SortedDictionary<string, PodUsage>? _podsSorted;
    private readonly SortedDictionary<string, NodeResourceUsage> _nodes = new(StringComparer.Ordinal);

    public LoadModel(Kernel kernel, ObjectStore store, ImageCatalog images, IReadOnlyDictionary<string, Kubelet.Kubelet> kubelets, Trace trace, long seed, TimeSpan resolution)
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
        Resolution = resolution;
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

    /// <summary>The pods of <see cref="Pods"/> grouped by node in name order, then in key order within a node; no copy.</summary>
    public IReadOnlyList<KeyValuePair<string, PodUsage>> PodsInStepOrder => RequireUsage()._podsInStepOrder;

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
        if (_targets.Count == 0 && Stepped is null)
        {
            // Nothing to credit and nobody scraping: the per-container walk would be thrown away. A later step
            // recomputes everything from the cluster as it is then, so nothing is owed for this one.
            _podsInStepOrder.Clear();
            _podsByKey.Clear();
            _podsSorted = null;
            _nodes.Clear();
            UsageComputed = false;
            LastStep = now;
            return;
        }

        UsageComputed = true;
        var containers = CollectContainers();

        // Offered traffic per pod, and each target's shares (pod key, rps) to credit served traffic back.
        var podRps = new Dictionary<string, double>(StringComparer.Ordinal);
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
            foreach (var key in endpoints)
            {
                podRps[key] = podRps.GetValueOrDefault(key) + share;
            }

            shares.Add((target, offered, endpoints, share));
        }

        // CPU: demand capped by limits, then each node's allocatable shared by CFS weights.
        var allocated = new double[containers.Count];
        int start = 0;
        while (start < containers.Count)
        {
            int end = start;
            string node = containers[start].Node;
            while (end < containers.Count && containers[end].Node == node)
            {
                end++;
            }

            var demand = new double[end - start];
            var weights = new double[end - start];
            for (int i = start; i < end; i++)
            {
                var c = containers[i];
                double rps = podRps.GetValueOrDefault(c.PodKey);
                demand[i - start] = c.Running ? Math.Min(c.IdleMilli + (rps * c.PerRequestMilli), c.LimitMilli) : 0;
                weights[i - start] = CpuShares.WeightOf(c.RequestMilli);
            }

            var share = CpuShares.Allocate(NodeCpuMilli(node), demand, weights);
            Array.Copy(share, 0, allocated, start, share.Length);
            start = end;
        }

        // Served traffic per pod: what the least-provisioned container can handle.
        _podsInStepOrder.Clear();
        _podsByKey.Clear();
        _podsSorted = null;
        _nodes.Clear();
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

            var nodeName = containers[first].Node;
            if (since is not null || cpu > 0 || rps > 0)
            {
                var usage = new PodUsage(nodeName, rps, served, cpu, memory, since);
                _podsByKey.Add(podKey, usage);
                _podsInStepOrder.Add(new(podKey, usage));
            }

            if (cpu > 0 || memory > 0)
            {
                var n = _nodes.GetValueOrDefault(nodeName);
                _nodes[nodeName] = new NodeResourceUsage(n.CpuMilli + cpu, n.MemoryBytes + memory);
            }

            first = last;
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

    private LoadModel RequireUsage() => UsageComputed
        ? this
        : throw new InvalidOperationException("the load model skipped per-pod usage at its last step: nothing needed it (no load target, no metrics scraping)");

    /// <summary>Every container of every pod bound to a node with a kubelet, grouped by node, then pod, in key order.</summary>
    private List<ContainerSlot> CollectContainers()
    {
        var result = new List<ContainerSlot>();
        foreach (var (nodeName, kubelet) in _kubelets)
        {
            foreach (var pod in _store.PodsOnNode(nodeName))
            {
                var key = pod.Key;
                var specs = pod.Spec.Containers;
                for (int i = 0; i < specs.Count; i++)
                {
                    var spec = specs[i];
                    var behavior = _images.For(spec.Image);
                    var since = kubelet.ContainerRunningSince(key, i);
                    double limit = spec.Resources.Limits.TryGetValue(ResourceNames.Cpu, out var l) ? Milli(l) : double.PositiveInfinity;
                    long request = spec.Resources.Requests.TryGetValue(ResourceNames.Cpu, out var r) ? r.MilliValue() : 0;
                    result.Add(new ContainerSlot(nodeName, key, since is not null, since ?? TimeSpan.Zero, Milli(behavior.CpuIdle), Milli(behavior.CpuPerRequest), limit, request, since is null ? 0 : behavior.Memory.Value()));
                }
            }
        }

        return result;
    }

    /// <summary>The pods a target's traffic is split over, by key, sorted.</summary>
    private List<string> ReadyEndpoints(LoadTargetRef target)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
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
                            keys.Add(pod.Key);
                        }
                    }
                }
            }

            return [.. keys];
        }

        var selector = _store.Get(target.Kind, target.Namespace + "/" + target.Name) switch
        {
            Deployment d => Selector.FromLabelSelector(d.Selector),
            ReplicatedSet s => s.GetSelector(),
            _ => Selector.Nothing,
        };
        foreach (Pod pod in _store.List("Pod", target.Namespace))
        {
            if (pod.Metadata.DeletionTimestamp is null && selector.Matches(pod.Metadata.Labels) && PodUtil.IsReady(pod) && NodeReady(pod.Spec.NodeName))
            {
                keys.Add(pod.Key);
            }
        }

        return [.. keys];
    }

    private bool NodeReady(string nodeName) =>
        nodeName.Length > 0 && _store.Get("Node", nodeName) is Node node && node.Status.GetCondition("Ready")?.Status == "True";

    private double NodeCpuMilli(string nodeName) =>
        _store.Get("Node", nodeName) is Node node && node.Status.Allocatable.TryGetValue(ResourceNames.Cpu, out var cpu) ? Milli(cpu) : double.PositiveInfinity;

    /// <summary>A quantity in milli-units without MilliValue's rounding up (a 0.5ms-per-request CPU cost stays 0.5m).</summary>
    private static double Milli(Quantity q) => q.ScaledValue(-9) / 1e6;

    private readonly record struct ContainerSlot(string Node, string PodKey, bool Running, TimeSpan Since, double IdleMilli, double PerRequestMilli, double LimitMilli, long RequestMilli, long MemoryBytes);
}
