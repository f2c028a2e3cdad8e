using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using ClusterSim.Sim.Controllers.TaintEviction;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>
/// A kernel, an API server and one controller under test, as Kubernetes' controller tests use a fake
/// clientset and informers. Virtual time zero stands for 2012-01-01 00:00 UTC, so the Go tests' dates map
/// onto the clock with <see cref="Date"/>.
/// </summary>
internal sealed class ControllerHarness : IDisposable
{
    private static readonly DateTime Origin = new(2012, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly Trace _trace = new();

    public ControllerHarness(ControlPlaneConfig? config = null, bool nodeLifecycle = true, bool taintEviction = false)
    {
        Config = config ?? TestConfig;
        Kernel = new Kernel();
        Api = new ApiServer(Kernel, _trace, 1, Config);
        Api.Bootstrap("192.168.0.2");
        Events = new EventRecorder(Kernel, _trace);
        _trace.Observer = (_, category, text) => Writes.Add((category, text));
        if (nodeLifecycle)
        {
            Nlc = new NodeLifecycleController(Kernel, Api, Events, Config, runLoops: false);
        }

        if (taintEviction)
        {
            Tec = new TaintEvictionController(Kernel, Api, Events);
        }
    }

    /// <summary>
    /// node_lifecycle_controller_test.go's settings: grace 50 s, startup grace 60 s, period 5 s, large
    /// cluster 20, threshold 0.55. Its testRateLimiterQPS of 100000 lets several nodes through one Try only
    /// because real time passes between them; virtual time does not, so the tests use an unlimited rate.
    /// </summary>
    public static ControlPlaneConfig TestConfig { get; } = new()
    {
        NodeMonitorGracePeriod = TimeSpan.FromSeconds(50),
        NodeStartupGracePeriod = TimeSpan.FromSeconds(60),
        NodeMonitorPeriod = TimeSpan.FromSeconds(5),
        NodeEvictionRate = double.PositiveInfinity,
        SecondaryNodeEvictionRate = double.PositiveInfinity,
        LargeClusterSizeThreshold = 20,
        UnhealthyZoneThreshold = 0.55,
    };

    public ControlPlaneConfig Config { get; }

    public Kernel Kernel { get; }

    public ApiServer Api { get; }

    public EventRecorder Events { get; }

    public NodeLifecycleController Nlc { get; } = null!;

    public TaintEvictionController Tec { get; } = null!;

    /// <summary>Every write the API server traced: (category, "Kind/key").</summary>
    public List<(string Category, string Text)> Writes { get; } = [];

    /// <summary>The virtual time of a UTC date (metav1.Date in the Go tests).</summary>
    public static TimeSpan Date(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc) - Origin;

    /// <summary>Region1/zone1 with both the stable and the beta labels, as the Go tests label nodes.</summary>
    public static Dictionary<string, string> ZoneLabels(string region, string zone) => new(StringComparer.Ordinal)
    {
        [NodeTopology.LabelTopologyRegion] = region,
        [NodeTopology.LabelTopologyZone] = zone,
        [NodeTopology.LabelFailureDomainBetaRegion] = region,
        [NodeTopology.LabelFailureDomainBetaZone] = zone,
    };

    public static NodeCondition Condition(string type, string status, TimeSpan heartbeat, TimeSpan transition) =>
        new() { Type = type, Status = status, LastHeartbeatTime = heartbeat, LastTransitionTime = transition };

    /// <summary>Sets the clock (forward only); no controller loop runs in between.</summary>
    public void At(TimeSpan t) => Kernel.RunUntil(t);

    /// <summary>Stores a node as the Go tests' FakeNodeHandler.Existing, with its creation time.</summary>
    public Node AddNode(string name, TimeSpan created, IReadOnlyDictionary<string, string>? labels = null, params NodeCondition[] conditions)
    {
        var node = new Node { Metadata = { Name = name } };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            node.Metadata.Labels[k] = v;
        }

        node.Status.Conditions = conditions.ToList();
        Api.Create(node);
        node.Metadata.CreationTimestamp = created;
        return node;
    }

    /// <summary>testutil.NewPod: a pod bound to <paramref name="host"/> whose Ready condition is True.</summary>
    public Pod AddPod(string name, string host, params Toleration[] tolerations)
    {
        var pod = NewPod(name, host);
        pod.Spec.Tolerations.AddRange(tolerations);
        Api.Create(pod);
        return pod;
    }

    /// <summary>testutil.NewPod without storing it.</summary>
    public static Pod NewPod(string name, string host)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "default" } };
        pod.Spec.NodeName = host;
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "busybox:1.36" });
        pod.Status.Conditions.Add(new PodCondition { Type = "Ready", Status = "True" });
        return pod;
    }

    /// <summary>Replaces a node's conditions and records the write, as FakeNodeHandler.UpdateStatus.</summary>
    public void SetConditions(Node node, params NodeCondition[] conditions)
    {
        node.Status.Conditions = conditions.ToList();
        Api.Update(node);
    }

    /// <summary>Creates or renews the node's Lease with <paramref name="renewTime"/> (createNodeLease / syncLeaseStore).</summary>
    public void SetLease(string nodeName, TimeSpan renewTime)
    {
        if (Api.Store.Get<Lease>(NodeLifecycleController.NodeLeaseNamespace, nodeName) is { } lease)
        {
            lease.RenewTime = renewTime;
            Api.Update(lease);
            return;
        }

        Api.Create(new Lease
        {
            Metadata = { Name = nodeName, Namespace = NodeLifecycleController.NodeLeaseNamespace },
            HolderIdentity = nodeName,
            RenewTime = renewTime,
        });
    }

    public Node Node(string name) => Api.Store.Get<Node>("", name)!;

    public Pod? Pod(string name) => Api.Store.Get<Pod>("default", name);

    /// <summary>Number of status writes of the object (UpdateStatus calls).</summary>
    public int StatusWrites(string kindAndKey) => Writes.Count(w => w.Category == "status" && w.Text == kindAndKey);

    public void ClearWrites() => Writes.Clear();

    public void Dispose() => _trace.Dispose();
}
