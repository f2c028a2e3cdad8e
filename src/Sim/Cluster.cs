using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Controllers.Disruption;
using ClusterSim.Sim.Controllers.GarbageCollection;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Controllers.PodGarbageCollection;
using ClusterSim.Sim.Controllers.Replication;
using ClusterSim.Sim.Controllers.ServiceEndpoints;
using ClusterSim.Sim.Controllers.TaintEviction;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Load;
using ClusterSim.Sim.Metrics;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim;

/// <summary>
/// A whole simulated cluster: the kernel, the API server and its store, the control-plane controllers,
/// the scheduler and one kubelet per node. Everything is driven by the kernel's virtual clock and
/// seeded streams derived from <see cref="Seed"/>, so the same inputs give the same trace.
/// </summary>
public sealed class Cluster : IDisposable
{
    /// <summary>The wall-clock instant virtual time zero stands for in printed timestamps (UTC).</summary>
    public static readonly DateTimeOffset DefaultEpoch = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The address the `kubernetes` Service's endpoints point at.</summary>
    public const string ApiServerEndpoint = "192.168.0.2";

    private readonly SortedDictionary<string, Kubelet.Kubelet> _kubelets = new(StringComparer.Ordinal);

    // The same kubelets in a hash map, for the watch routers' lookup on every pod and node write.
    private readonly Dictionary<string, Kubelet.Kubelet> _kubeletsByName = new(StringComparer.Ordinal);
    private readonly HeartbeatGrids _heartbeatGrids = new();
    private NodeUsageIndex? _nodeUsage;
    private PendingPodCount? _pendingPods;

    /// <param name="seed">The run's seed; every random stream derives from it.</param>
    /// <param name="config">Control-plane settings (Kubernetes' defaults when null).</param>
    /// <param name="images">How container images behave.</param>
    /// <param name="adjustSchedulerPlugins">A test seam: edits the scheduler's default plugin list (e.g. to build a deliberately broken scheduler).</param>
    /// <param name="fastPaths">
    /// False runs every component the slow, literal way (each loop over every object at each period), which is how
    /// a test proves that each shortcut taken for scale (see <see cref="FastPaths"/>) changes nothing.
    /// </param>
    public Cluster(long seed, ControlPlaneConfig? config = null, ImageCatalog? images = null, Action<List<Scheduling.IPlugin>>? adjustSchedulerPlugins = null, bool fastPaths = true)
    {
        Seed = seed;
        FastPaths = fastPaths;
        Config = config ?? new ControlPlaneConfig();
        Images = images ?? new ImageCatalog();
        Kernel = new Kernel();
        Trace = new Trace();
        Api = new ApiServer(Kernel, Trace, seed, Config);
        Events = new EventRecorder(Kernel, Trace);
        Api.Bootstrap(ApiServerEndpoint);
        var plugins = Scheduling.DefaultPlugins.Create(Config, Api.Store);
        adjustSchedulerPlugins?.Invoke(plugins);
        Scheduler = new Scheduling.Scheduler(Kernel, Api, Events, new RandomStream(seed, "scheduler"), Config, plugins);
        ReplicaSets = new ReplicaSetController(Kernel, Api, Events, Config);
        Deployments = new DeploymentController(Kernel, Api, Events, Config);
        Endpoints = new EndpointsController(Kernel, Api, Config.ControllerResyncPeriod);
        GarbageCollector = new GarbageCollector(Kernel, Api);
        PodGarbageCollector = new PodGarbageCollector(Kernel, Api, Events);
        Api.Store.Watch("Pod", new PodRouter(_kubeletsByName));
        if (fastPaths)
        {
            // A kubelet whose status loop sleeps until its next due post must hear of Ready changes made by others.
            Api.Store.Watch("Node", new NodeRouter(_kubeletsByName));

            // A kubelet whose renewals are facts of time must hear that its Lease is gone (it renews by events again).
            Api.Store.Watch("Lease", new LeaseRouter(_kubeletsByName));
        }

        NodeLifecycle = new NodeLifecycleController(Kernel, Api, Events, Config, fastPaths);
        TaintEviction = new TaintEvictionController(Kernel, Api, Events);
        Load = new LoadModel(Kernel, Api.Store, Images, _kubelets, Trace, seed, Config.MetricResolution, fastPaths);
        Metrics = new MetricsServer(Load, Api.Store, _kubelets, Config.MetricWindow, fastPaths);
        Autoscalers = new HorizontalController(Kernel, Api, Events, Config, Metrics);
        Disruption = new DisruptionController(Kernel, Api, Events);
        Eviction = new Eviction(Kernel, Api, Disruption);
    }

    public long Seed { get; }

    /// <summary>
    /// Whether components may take the shortcuts that make large clusters cheap (skipping work whose outcome is
    /// known, computing from indexes instead of scanning). Always true outside tests; every output is the same
    /// either way, which a test checks on a 200-node scenario.
    /// </summary>
    public bool FastPaths { get; }

    public ControlPlaneConfig Config { get; }

    public ImageCatalog Images { get; }

    public Kernel Kernel { get; }

    public Trace Trace { get; }

    public ApiServer Api { get; }

    public ObjectStore Store => Api.Store;

    public EventRecorder Events { get; }

    public Scheduling.Scheduler Scheduler { get; }

    public ReplicaSetController ReplicaSets { get; }

    public DeploymentController Deployments { get; }

    public EndpointsController Endpoints { get; }

    public GarbageCollector GarbageCollector { get; }

    public PodGarbageCollector PodGarbageCollector { get; }
    public NodeLifecycleController NodeLifecycle { get; }

    public TaintEvictionController TaintEviction { get; }

    /// <summary>Offered and served traffic, and the CPU and memory it costs, stepped every metricResolution.</summary>
    public LoadModel Load { get; }

    /// <summary>The resource metrics API (metrics-server): what the HPA and `kubectl top` read.</summary>
    public MetricsServer Metrics { get; }

    /// <summary>The horizontal pod autoscaler controller, reading <see cref="Metrics"/>.</summary>
    public HorizontalController Autoscalers { get; }

    /// <summary>The disruption controller: PodDisruptionBudgets' status.</summary>
    public DisruptionController Disruption { get; }

    /// <summary>The API server's pods/eviction subresource, which honours PodDisruptionBudgets.</summary>
    public Eviction Eviction { get; }

    /// <summary>
    /// Requests summed per node, kept from pod watch events (made on first use, from the pods stored then), for the
    /// instruments that read every node often (time series, capacity invariant). Null when <see cref="FastPaths"/> is
    /// off: readers then re-sum each node's pods (<see cref="Instruments.NodeUsage.Of"/>).
    /// </summary>
    public NodeUsageIndex? NodeRequests => FastPaths ? _nodeUsage ??= new NodeUsageIndex(Store) : null;

    /// <summary>Pending pods counted from pod watch events (made on first use); null when <see cref="FastPaths"/> is off.</summary>
    public PendingPodCount? PendingPods => FastPaths ? _pendingPods ??= new PendingPodCount(Store) : null;

    /// <summary>
    /// Set before adding nodes when something reads node Leases at arbitrary instants (an expectation on a Lease):
    /// their kubelets then renew by events, in the literal order, even with fast paths (see Kubelet.LeaseEvents).
    /// </summary>
    public bool LiteralLeases { get; set; }

    /// <summary>Printed timestamps count from this instant.</summary>
    public DateTimeOffset Epoch { get; init; } = DefaultEpoch;

    /// <summary>The kubelets by node name.</summary>
    public IReadOnlyDictionary<string, Kubelet.Kubelet> Kubelets => _kubelets;

    /// <summary>Current virtual time.</summary>
    public TimeSpan Now => Kernel.Now;

    /// <summary>
    /// Registers a node as its kubelet would: fills the labels, addresses, conditions and allocatable a
    /// kubelet reports (allocatable memory is capacity less the default hard eviction threshold of 100Mi,
    /// unless the node manifest gives allocatable), creates the Node and starts its kubelet.
    /// </summary>
    public Node AddNode(Node node)
    {
        var name = node.Metadata.Name;
        var (ip, cidr) = Api.Network.NextNodeAddresses();
        var labels = node.Metadata.Labels;
        labels.TryAdd("kubernetes.io/hostname", name);
        labels.TryAdd("kubernetes.io/os", "linux");
        labels.TryAdd("kubernetes.io/arch", "amd64");
        labels.TryAdd("beta.kubernetes.io/os", "linux");
        labels.TryAdd("beta.kubernetes.io/arch", "amd64");
        var status = node.Status;
        DefaultAllocatable(node);

        status.Addresses = [new NodeAddress("InternalIP", ip), new NodeAddress("Hostname", name)];
        var ids = new RandomStream(Seed, "node-identity/" + name);
        status.NodeInfo.MachineId = Hex(ids, 32);
        status.NodeInfo.SystemUuid = Hex(ids, 8) + "-" + Hex(ids, 4) + "-" + Hex(ids, 4) + "-" + Hex(ids, 4) + "-" + Hex(ids, 12);
        status.NodeInfo.BootId = Hex(ids, 8) + "-" + Hex(ids, 4) + "-" + Hex(ids, 4) + "-" + Hex(ids, 4) + "-" + Hex(ids, 12);
        status.NodeInfo.KubeletVersion = ControlPlaneConfig.KubernetesVersion + ".0";
        status.NodeInfo.KubeProxyVersion = ControlPlaneConfig.KubernetesVersion + ".0";
        node.Spec.PodCidr = cidr + ".0/24";
        var now = Kernel.Now;
        status.Conditions =
        [
            new NodeCondition { Type = "MemoryPressure", Status = "False", Reason = "KubeletHasSufficientMemory", Message = "kubelet has sufficient memory available", LastHeartbeatTime = now, LastTransitionTime = now },
            new NodeCondition { Type = "DiskPressure", Status = "False", Reason = "KubeletHasNoDiskPressure", Message = "kubelet has no disk pressure", LastHeartbeatTime = now, LastTransitionTime = now },
            new NodeCondition { Type = "PIDPressure", Status = "False", Reason = "KubeletHasSufficientPID", Message = "kubelet has sufficient PID available", LastHeartbeatTime = now, LastTransitionTime = now },
            new NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status", LastHeartbeatTime = now, LastTransitionTime = now },
        ];
        var kubelet = new Kubelet.Kubelet(name, ip, cidr, Kernel, Api, Events, Images, Config, new RandomStream(Seed, "kubelet/" + name), FastPaths, _heartbeatGrids) { LiteralLeases = LiteralLeases };
        _kubelets[name] = kubelet;
        _kubeletsByName[name] = kubelet;
        Api.Create(node);
        kubelet.StartHeartbeats();
        Events.Normal(node, "Starting", "Starting kubelet.", "kubelet", name);
        Events.Normal(node, "NodeReady", $"Node {name} status is now: NodeReady", "kubelet", name);
        NodeAdded?.Invoke(name);
        return node;
    }

    /// <summary>Called with the name of each node added (at t=0 or later, e.g. by the Cluster Autoscaler).</summary>
    public event Action<string>? NodeAdded;

    /// <summary>
    /// The Cluster Autoscaler's cloud: null until a node group is added. Its node groups' initial nodes are created
    /// by <see cref="AddNodeGroup"/>; later ones by the autoscaler's scale-ups.
    /// </summary>
    public CloudProvider? Cloud { get; private set; }

    /// <summary>The Cluster Autoscaler: null until a node group is added (a cluster without node groups runs none).</summary>
    public ClusterAutoscaler? Autoscaler { get; private set; }

    /// <summary>Adds a node group (a pool the Cluster Autoscaler may resize) with its initial nodes, starting the autoscaler with the first.</summary>
    public void AddNodeGroup(NodeGroupSpec spec)
    {
        Cloud ??= new CloudProvider(this);
        Autoscaler ??= new ClusterAutoscaler(this, Config.ClusterAutoscaler);
        Cloud.Add(spec);
    }

    /// <summary>
    /// What a registering kubelet reports for a node that gives only capacity: 110 pods, and allocatable = capacity
    /// less the default evictionHard memory.available&lt;100Mi.
    /// </summary>
    internal static void DefaultAllocatable(Node node)
    {
        var status = node.Status;
        status.Capacity.TryAdd(ResourceNames.Pods, Quantity.Parse("110"));
        if (status.Allocatable.Count == 0)
        {
            foreach (var (k, v) in status.Capacity)
            {
                status.Allocatable[k] = v;
            }

            if (status.Capacity.TryGetValue(ResourceNames.Memory, out var mem))
            {
                long bytes = Math.Max(0, mem.Value() - (100L * 1024 * 1024));
                status.Allocatable[ResourceNames.Memory] = Quantity.FromBytes(bytes);
            }
        }
    }

    /// <summary>A cloud instance is terminated: its kubelet stops for good and its Node object is removed.</summary>
    internal void TerminateNode(string name)
    {
        if (_kubelets.TryGetValue(name, out var kubelet))
        {
            kubelet.Terminate();
        }

        if (Store.Get("Node", name) is Node node)
        {
            Api.Delete(node);
        }
    }

    /// <summary>Offers load to <paramref name="target"/>: <paramref name="baseRps"/> at each virtual time, with optional seeded noise.</summary>
    public LoadSource AddLoad(LoadTargetRef target, Func<TimeSpan, double> baseRps, LoadNoise? noise = null) => Load.Add(target, baseRps, noise);

    /// <summary>Hands each pod change to the kubelet of the pod's node only: O(1) per write, whatever the node count.</summary>
    private sealed class PodRouter(Dictionary<string, Kubelet.Kubelet> kubelets) : IStoreWatcher
    {
        public void OnChange(WatchEventType type, KubeObject obj)
        {
            if (obj is Pod pod && pod.Spec.NodeName.Length > 0 && kubelets.TryGetValue(pod.Spec.NodeName, out var kubelet))
            {
                kubelet.OnPodChange(type, pod);
            }
        }
    }

    /// <summary>Hands each Node change to that node's kubelet only (fast paths): O(1) per write.</summary>
    private sealed class NodeRouter(Dictionary<string, Kubelet.Kubelet> kubelets) : IStoreWatcher
    {
        public void OnChange(WatchEventType type, KubeObject obj)
        {
            if (obj is Node node && kubelets.TryGetValue(node.Metadata.Name, out var kubelet))
            {
                kubelet.OnNodeChange(type, node);
            }
        }
    }

    private sealed class LeaseRouter(Dictionary<string, Kubelet.Kubelet> kubelets) : IStoreWatcher
    {
        public void OnChange(WatchEventType type, KubeObject obj)
        {
            if (type == WatchEventType.Deleted && obj is Lease lease && lease.Metadata.Namespace == "kube-node-lease" && kubelets.TryGetValue(lease.Metadata.Name, out var kubelet))
            {
                kubelet.OnLeaseDeleted(lease);
            }
        }
    }

    private static string Hex(RandomStream random, int digits)
    {
        var chars = new char[digits];
        for (int i = 0; i < digits; i++)
        {
            chars[i] = "0123456789abcdef"[random.NextInt(16)];
        }

        return new string(chars);
    }

    /// <summary>Runs the simulation up to <paramref name="until"/>.</summary>
    public void RunUntil(TimeSpan until) => Kernel.RunUntil(until);

    public void Dispose() => Trace.Dispose();
}
