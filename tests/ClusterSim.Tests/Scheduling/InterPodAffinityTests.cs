using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.AffinityTestUtil;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// InterPodAffinity's queueing hints (ported from plugin_test.go Test_isSchedulableAfterPodChange and
/// Test_isSchedulableAfterNodeChange; their unscheduled-pod cases have no counterpart, the scheduler's pod events being
/// for assigned pods only), the scheduler cache's lists of nodes with affinity pods, the O(1) skips, and the plugin in
/// the default profile end to end.
/// </summary>
public sealed class InterPodAffinityTests
{
    private static Pod Target => Pod("p").Affinity(Term("region", In("service", "securityscan", "value2")));

    private static Pod AntiTarget => Pod("p").AntiAffinity(Term("region", In("service", "securityscan", "value2")));

    private static Pod Assigned(params (string, string)[] labels) => Pod("other", "fake-node").WithLabels(labels);

    public static TheoryData<string, Pod, (string, string)[]?, (string, string)[]?, bool> PodChanges => new()
    {
        // name, target pod, old labels (null: added), new labels (null: deleted), queue?
        { "add a pod which matches the pod affinity", Target, null, [("service", "securityscan")], true },
        { "add a pod which doesn't match the pod affinity", Target, null, [("aaa", "a")], false },
        { "update a pod from non-match to match pod affinity", Target, [("aaa", "a")], [("service", "securityscan")], true },
        { "the updating pod matches target pod's affinity both before and after label changes", Target, [("service", "value2")], [("service", "securityscan")], false },
        { "update a pod from match to non-match the pod affinity", Target, [("service", "securityscan")], [("aaa", "a")], false },
        { "update a pod from match to non-match pod's affinity - multiple terms case", Pod("p").Affinity(Term("hostname", Exists("aaa")), Term("hostname", Exists("bbb"))), [("aaa", "a")], [("service", "securityscan")], false },
        { "update a pod from non-match to match pod's affinity - multiple terms case", Pod("p").Affinity(Term("hostname", Exists("aaa")), Term("hostname", Exists("bbb"))), [("aaa", "a")], [("aaa", ""), ("bbb", "")], true },
        { "modify pod label to change it from satisfying pod anti-affinity to not satisfying anti-affinity", AntiTarget, [("service", "securityscan")], [("service", "aaaa")], true },
        { "modify pod label to change it from not satisfying pod anti-affinity to satisfying anti-affinity", AntiTarget, [("service", "bbb")], [("service", "securityscan")], false },
        { "delete a pod which doesn't match pod's anti-affinity", AntiTarget, [("aaa", "a")], null, false },
        { "delete a pod which matches pod's anti-affinity", AntiTarget, [("service", "securityscan")], null, true },
    };

    [Theory]
    [MemberData(nameof(PodChanges))]
    public void IsSchedulableAfterPodChange(string name, Pod pod, (string, string)[]? oldLabels, (string, string)[]? newLabels, bool queue)
    {
        Assert.NotEmpty(name);
        ClusterEvent evt;
        if (oldLabels is null)
        {
            evt = new ClusterEvent(ClusterEventType.AssignedPodAdd, pod: Assigned(newLabels!));
        }
        else if (newLabels is null)
        {
            evt = new ClusterEvent(ClusterEventType.AssignedPodDelete, pod: Assigned(oldLabels));
        }
        else
        {
            evt = new ClusterEvent(ClusterEventType.AssignedPodLabelChange, pod: Assigned(newLabels), oldPodLabels: Assigned(oldLabels).Metadata.Labels);
        }

        Assert.Equal(queue ? QueueingHint.Queue : QueueingHint.QueueSkip, new InterPodAffinity().IsSchedulableAfter(evt, pod));
    }

    private static Pod ZoneAffinity => Pod("p").Affinity(Term("zone", In("service", "securityscan", "value2")));

    private static Pod ZoneAntiAffinity => Pod("p").AntiAffinity(new PodAffinityTerm { LabelSelector = new LabelSelector { MatchLabels = { ["another"] = "label" } }, TopologyKey = "zone" });

    public static TheoryData<string, Pod, (string, string)[]?, (string, string)[], bool> NodeChanges => new()
    {
        // name, target pod, old node labels (null: added), new node labels, queue?
        { "add a new node with matched pod affinity topologyKey", ZoneAffinity, null, [("zone", "zone1")], true },
        { "add a new node without matched topologyKey", Pod("p").Affinity(Term("region", In("service", "securityscan", "value2"))), null, [("zone", "zone1")], false },
        { "update node label but not topologyKey", ZoneAffinity, [("aaa", "a")], [("aaa", "b")], false },
        { "update node label that isn't related to the pod affinity", ZoneAffinity, [("zone", "zone1")], [("zone", "zone1"), ("unrelated-label", "unrelated")], false },
        { "update node with different affinity topologyKey value", ZoneAffinity, [("zone", "zone1")], [("zone", "zone2")], true },
        { "update node to have the affinity topology label", ZoneAffinity, [("aaa", "a")], [("zone", "zone1")], true },
        { "add a new node with matched pod anti-affinity topologyKey", ZoneAntiAffinity, null, [("zone", "zone1")], true },
        { "add a new node without matched pod anti-affinity topologyKey", ZoneAntiAffinity, null, [], true },
        { "update node label that isn't related to the pod anti-affinity", ZoneAntiAffinity, [("zone", "zone1")], [("zone", "zone1"), ("unrelated-label", "unrelated")], false },
        { "update node with different anti-affinity topologyKey value", ZoneAntiAffinity, [("zone", "zone1")], [("zone", "zone2")], true },
        { "update node to have the anti-affinity topology label", ZoneAntiAffinity, [("aaa", "a")], [("zone", "zone1")], false },
        { "update node label not to have anti-affinity topology label", ZoneAntiAffinity, [("zone", "zone1")], [("aaa", "a")], true },
    };

    [Theory]
    [MemberData(nameof(NodeChanges))]
    public void IsSchedulableAfterNodeChange(string name, Pod pod, (string, string)[]? oldLabels, (string, string)[] newLabels, bool queue)
    {
        Assert.NotEmpty(name);
        var newNode = NodeState.From(LabeledNode("node-a", newLabels));
        var evt = oldLabels is null
            ? new ClusterEvent(ClusterEventType.NodeAdd, null, newNode)
            : new ClusterEvent(ClusterEventType.NodeLabelChange, NodeState.From(LabeledNode("node-a", oldLabels)), newNode);
        Assert.Equal(queue ? QueueingHint.Queue : QueueingHint.QueueSkip, new InterPodAffinity().IsSchedulableAfter(evt, pod));
    }

    /// <summary>The cache's lists of nodes with affinity pods follow pods added, moved, finished and removed, and nodes removed and added back.</summary>
    [Fact]
    public void CacheKeepsTheNodesWithAffinityPods()
    {
        var nodes = new[] { LabeledNode("a", ("zone", "1")), LabeledNode("b", ("zone", "1")), LabeledNode("c", ("zone", "2")) };
        var cache = Cache(nodes);
        var anti = Pod("anti", "a").AntiAffinity(Term("zone", Exists("app")));
        var preferred = Pod("preferred", "b").PreferredAffinity(5, Term("zone", Exists("app")));
        var plain = Pod("plain", "b").WithLabels(("app", "x"));
        void Check(string[] withAffinity, string[] withRequiredAnti)
        {
            Assert.Equal(withAffinity, cache.HavePodsWithAffinity.Select(n => n.Name).Order(StringComparer.Ordinal));
            Assert.Equal(withRequiredAnti, cache.HavePodsWithRequiredAntiAffinity.Select(n => n.Name).Order(StringComparer.Ordinal));
            foreach (var n in cache.Nodes)
            {
                Assert.Equal(n.Pods.Where(PodAffinityInfo.HasPodAffinity), n.PodsWithAffinity.Select(i => i.Pod));
                Assert.Equal(n.Pods.Where(PodAffinityInfo.HasRequiredAntiAffinity), n.PodsWithRequiredAntiAffinity.Select(i => i.Pod));
            }
        }

        Check([], []);
        cache.UpsertPod(anti);
        cache.UpsertPod(preferred);
        cache.UpsertPod(plain);
        Check(["a", "b"], ["a"]);

        anti.Spec.NodeName = "c";
        cache.UpsertPod(anti);
        Check(["b", "c"], ["c"]);

        preferred.Status.Phase = "Succeeded";
        cache.UpsertPod(preferred);
        Check(["c"], ["c"]);

        cache.RemoveNode(nodes[2]);
        Check([], []);
        cache.UpsertNode(nodes[2]);
        Check(["c"], ["c"]);

        cache.RemovePod(anti);
        Check([], []);
    }

    /// <summary>Without affinity in the pod or the cluster, PreFilter and PreScore skip and write no state.</summary>
    [Fact]
    public void WithoutAffinityAnywhereBothPreExtensionPointsSkip()
    {
        var cache = Cache([LabeledNode("a", ("zone", "1"))], [Pod("x", "a").WithLabels(("app", "x"))]);
        var state = new CycleState(cache);
        var plugin = new InterPodAffinity();
        var pod = Pod("p").WithLabels(("app", "x"));
        Assert.True(plugin.PreFilter(state, pod).Status.IsSkip);
        Assert.True(plugin.PreScore(state, pod, cache.Nodes).IsSkip);
        Assert.Null(state.Read<object>("PreFilterInterPodAffinity"));
        Assert.Null(state.Read<object>("PreScoreInterPodAffinity"));

        // One pod with required anti-affinity elsewhere that does not match: PreFilter looks, finds nothing, skips.
        cache.UpsertPod(Pod("y", "a").AntiAffinity(Term("zone", In("app", "y"))));
        Assert.True(plugin.PreFilter(new CycleState(cache), pod).Status.IsSkip);
    }

    [Fact]
    public void DefaultProfileRunsItAfterPodTopologySpreadWithWeightTwo()
    {
        var plugins = DefaultPlugins.Create(new ControlPlaneConfig());
        var names = plugins.Select(p => p.Name).ToList();
        Assert.Equal(names.IndexOf("PodTopologySpread") + 1, names.IndexOf("InterPodAffinity"));
        Assert.Equal(2, plugins.OfType<InterPodAffinity>().Single().Weight);
        Assert.Equal(1, plugins.OfType<InterPodAffinity>().Single().HardPodAffinityWeight);
    }

    /// <summary>
    /// Three replicas with required hostname anti-affinity on two nodes: two run apart, the third waits with the
    /// scheduler's message; a third node (NodeAdd queues it) takes it.
    /// </summary>
    [Fact]
    public void RequiredAntiAffinityKeepsReplicasApartEndToEnd()
    {
        var kernel = new Kernel();
        using var trace = new Trace();
        var config = new ControlPlaneConfig();
        var api = new ApiServer(kernel, trace, 42, config);
        api.Bootstrap("192.168.0.1");
        var events = new EventRecorder(kernel, trace);
        var scheduler = new Scheduler(kernel, api, events, new RandomStream(42, "scheduler"), config);
        void AddNode(string name) => api.Create(Node(name, 4000, 8L << 30).WithLabels(("kubernetes.io/hostname", name)));
        AddNode("node-1");
        AddNode("node-2");
        var pods = Enumerable.Range(1, 3).Select(i =>
        {
            var p = new Pod { Metadata = { Name = "web-" + i, Namespace = "default", Labels = { ["app"] = "web" } } };
            p.Spec.Containers.Add(Container(100, 1L << 20, image: "nginx", name: "c"));
            p.AntiAffinity(Term("kubernetes.io/hostname", In("app", "web")));
            return api.Create(p);
        }).ToList();
        kernel.RunUntil(TimeSpan.FromSeconds(1));

        var bound = pods.Where(p => p.Spec.NodeName.Length > 0).ToList();
        Assert.Equal(["node-1", "node-2"], bound.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
        var pending = Assert.Single(pods, p => p.Spec.NodeName.Length == 0);
        var failed = Assert.Single(events.For(pending.Metadata.Uid));
        Assert.Equal(("FailedScheduling", "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.."), (failed.Reason, failed.Message));
        Assert.Equal(1, scheduler.Queue.UnschedulableCount);

        AddNode("node-3");
        kernel.RunUntil(TimeSpan.FromSeconds(2));
        Assert.Equal("node-3", pending.Spec.NodeName);
    }
}
