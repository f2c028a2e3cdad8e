using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using static ClusterSim.Tests.NodeLifecycle.ControllerHarness;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>
/// Ported from pkg/controller/nodelifecycle/node_lifecycle_controller_test.go. The Go tests call
/// monitorNodeHealth, doNoExecuteTaintingPass and doNoScheduleTaintingPass at chosen times; here the
/// controller runs without its loops and the test sets the virtual clock. Request counts become counts of
/// node status writes.
/// </summary>
public class NodeLifecycleControllerTests
{
    private static readonly TimeSpan Created2012 = Date(2012, 1, 1);

    private static void AssertZones(ControllerHarness h, params (string Zone, ZoneState State)[] expected)
    {
        var actual = h.Nlc.Zones.Select(kv => (kv.Key, kv.Value)).ToList();
        Assert.Equal(expected.OrderBy(e => e.Zone, StringComparer.Ordinal).ToList(), actual);
    }

    private static void AssertCondition(NodeCondition? actual, string type, string status, string reason, string message, TimeSpan heartbeat, TimeSpan transition)
    {
        Assert.NotNull(actual);
        Assert.Equal(type, actual.Type);
        Assert.Equal(status, actual.Status);
        Assert.Equal(reason, actual.Reason);
        Assert.Equal(message, actual.Message);
        Assert.Equal(heartbeat, actual.LastHeartbeatTime);
        Assert.Equal(transition, actual.LastTransitionTime);
    }

    // ---- TestMonitorNodeHealth: zone states before and after an hour ----

    public static TheoryData<string> MonitorNodeHealthCases => new()
    {
        "No Disruption: Node created recently without failure domain labels (happens only at cluster startup)",
        "No Disruption: Initially both zones down, one comes back",
        "Partial Disruption: Nodes created recently without status conditions (happens only at cluster startup)",
        "Partial Disruption: one Node failed leading to the number of healthy Nodes to exceed the configured threshold",
        "Full Disruption: the zone has less than 2 Nodes down, the last healthy Node has failed",
        "Full Disruption: all the Nodes in one zone are down",
        "Full Disruption: all the Nodes in both the zones are down",
        "Full Disruption: Ready condition removed from the Node",
        "Full Disruption: the only available Node has the node.kubernetes.io/exclude-disruption label",
    };

    [Theory]
    [MemberData(nameof(MonitorNodeHealthCases))]
    public void TestMonitorNodeHealth(string name)
    {
        var fakeNow = Date(2015, 1, 1, 12);
        var timeToPass = TimeSpan.FromMinutes(60);
        var z1 = ZoneLabels("region1", "zone1");
        var z2 = ZoneLabels("region1", "zone2");
        var r2z2 = ZoneLabels("region2", "zone2");
        var zone1 = NodeTopology.ZoneKey("region1", "zone1");
        var zone2 = NodeTopology.ZoneKey("region1", "zone2");
        NodeCondition[] Healthy() => [Condition("Ready", "True", fakeNow + timeToPass, fakeNow)];
        NodeCondition[] Unhealthy() => [Condition("Ready", "Unknown", fakeNow, fakeNow)];
        NodeCondition[] Status(string s) => [Condition("Ready", s, fakeNow, fakeNow)];

        using var h = new ControllerHarness();
        h.Nlc.EnterPartialDisruptionFunc = _ => float.PositiveInfinity;
        h.Nlc.EnterFullDisruptionFunc = _ => float.PositiveInfinity;
        var nodes = new List<Node>();
        NodeCondition[][] updated;
        (string, ZoneState)[] initial, following;
        switch (name)
        {
            case "No Disruption: Node created recently without failure domain labels (happens only at cluster startup)":
                nodes.Add(h.AddNode("node0", fakeNow, null, Status("True")));
                updated = [Healthy()];
                initial = [("", ZoneState.Normal)];
                following = [("", ZoneState.Normal)];
                break;
            case "No Disruption: Initially both zones down, one comes back":
                nodes.Add(h.AddNode("node0", fakeNow, z1, Status("Unknown")));
                nodes.Add(h.AddNode("node1", fakeNow, z2, Status("Unknown")));
                updated = [Unhealthy(), Healthy()];
                initial = [(zone1, ZoneState.FullDisruption), (zone2, ZoneState.FullDisruption)];
                following = [(zone1, ZoneState.FullDisruption), (zone2, ZoneState.Normal)];
                break;
            case "Partial Disruption: Nodes created recently without status conditions (happens only at cluster startup)":
                for (int i = 0; i < 4; i++)
                {
                    nodes.Add(h.AddNode("node" + i, fakeNow, z1));
                }

                updated = [Unhealthy(), Unhealthy(), Unhealthy(), Healthy()];
                initial = [(zone1, ZoneState.FullDisruption)]; // no status yet: the zone looks fully disrupted
                following = [(zone1, ZoneState.PartialDisruption)];
                break;
            case "Partial Disruption: one Node failed leading to the number of healthy Nodes to exceed the configured threshold":
                nodes.Add(h.AddNode("node0", fakeNow, z1, Status("Unknown")));
                nodes.Add(h.AddNode("node1", fakeNow, z1, Status("Unknown")));
                nodes.Add(h.AddNode("node2", fakeNow, z1, Status("True")));
                nodes.Add(h.AddNode("node3", fakeNow, z1, Status("True")));
                nodes.Add(h.AddNode("node4", fakeNow, z1, Status("True")));
                updated = [Unhealthy(), Unhealthy(), Unhealthy(), Healthy(), Healthy()];
                initial = [(zone1, ZoneState.Normal)];
                following = [(zone1, ZoneState.PartialDisruption)];
                break;
            case "Full Disruption: the zone has less than 2 Nodes down, the last healthy Node has failed":
                nodes.Add(h.AddNode("node0", fakeNow, z1, Status("Unknown")));
                nodes.Add(h.AddNode("node1", fakeNow, z1, Status("Unknown")));
                nodes.Add(h.AddNode("node2", fakeNow, z1, Status("True")));
                updated = [Unhealthy(), Unhealthy(), Unhealthy()];
                initial = [(zone1, ZoneState.Normal)]; // two or fewer unhealthy nodes: normal whatever the ratio
                following = [(zone1, ZoneState.FullDisruption)];
                break;
            case "Full Disruption: all the Nodes in one zone are down":
                nodes.Add(h.AddNode("node0", fakeNow, z1, Status("Unknown")));
                nodes.Add(h.AddNode("node1", fakeNow, z2, Status("True")));
                updated = [Unhealthy(), Healthy()];
                initial = [(zone1, ZoneState.FullDisruption), (zone2, ZoneState.Normal)];
                following = [(zone1, ZoneState.FullDisruption), (zone2, ZoneState.Normal)];
                break;
            case "Full Disruption: all the Nodes in both the zones are down":
                nodes.Add(h.AddNode("node0", fakeNow, z1, Status("Unknown")));
                nodes.Add(h.AddNode("node1", fakeNow, r2z2, Status("Unknown")));
                updated = [Unhealthy(), Unhealthy()];
                initial = [(zone1, ZoneState.FullDisruption), (NodeTopology.ZoneKey("region2", "zone2"), ZoneState.FullDisruption)];
                following = initial;
                break;
            case "Full Disruption: Ready condition removed from the Node":
                nodes.Add(h.AddNode("node0", fakeNow, z1, Status("True")));
                updated = [[]];
                initial = [(zone1, ZoneState.Normal)];
                following = [(zone1, ZoneState.FullDisruption)];
                break;
            default:
                nodes.Add(h.AddNode("node0", fakeNow, z1, Status("Unknown")));
                var master = new Dictionary<string, string>(z1) { [NodeLifecycleController.LabelNodeDisruptionExclusion] = "" };
                nodes.Add(h.AddNode("node-master", fakeNow, master, Status("True")));
                updated = [Unhealthy(), Healthy()];
                initial = [(zone1, ZoneState.FullDisruption)];
                following = [(zone1, ZoneState.FullDisruption)];
                break;
        }

        // initial zone state
        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        AssertZones(h, initial);

        // following zone state
        h.At(fakeNow + timeToPass);
        for (int i = 0; i < updated.Length; i++)
        {
            h.SetConditions(nodes[i], updated[i]);
        }

        h.Nlc.MonitorNodeHealth();
        AssertZones(h, following);
    }

    // ---- TestMonitorNodeHealthUpdateStatus ----

    [Fact]
    public void TestMonitorNodeHealthUpdateStatus_NodeCreatedLongAgoWithoutStatus()
    {
        // Expect Unknown status posted from node controller.
        var fakeNow = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012);
        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        h.ClearWrites();
        h.Nlc.MonitorNodeHealth();

        Assert.Equal(1, h.StatusWrites("Node/node0"));
        var c = h.Node("node0").Status.Conditions;
        Assert.Equal(4, c.Count);
        AssertCondition(c[0], "Ready", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", Created2012, fakeNow);
        AssertCondition(c[1], "MemoryPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", Created2012, fakeNow);
        AssertCondition(c[2], "DiskPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", Created2012, fakeNow);
        AssertCondition(c[3], "PIDPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", Created2012, fakeNow);
        Assert.Equal(0, h.StatusWrites("Pod/default/pod0")); // Pod was never scheduled
        Assert.Equal("True", h.Pod("pod0")!.Status.GetCondition("Ready")!.Status);
    }

    [Fact]
    public void TestMonitorNodeHealthUpdateStatus_NodeCreatedRecentlyWithoutStatus()
    {
        // Expect no action from node controller (within startup grace period).
        var fakeNow = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        h.AddNode("node0", fakeNow);
        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        h.ClearWrites();
        h.Nlc.MonitorNodeHealth();
        Assert.DoesNotContain(h.Writes, w => w.Category == "status");
        Assert.Empty(h.Node("node0").Status.Conditions);
    }

    [Fact]
    public void TestMonitorNodeHealthUpdateStatus_StatusNotUpdatedPastTheGracePeriod()
    {
        // Node created long time ago, with status updated by kubelet exceeds grace period.
        var fakeNow = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012, null, Condition("Ready", "True", fakeNow, fakeNow));
        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        h.ClearWrites();

        h.At(fakeNow + TimeSpan.FromHours(1));
        h.SetConditions(h.Node("node0"), Condition("Ready", "True", fakeNow, fakeNow)); // Node status hasn't been updated for 1hr.
        h.ClearWrites();
        h.Nlc.MonitorNodeHealth();

        Assert.Equal(1, h.StatusWrites("Node/node0"));
        var later = fakeNow + TimeSpan.FromHours(1);
        var c = h.Node("node0").Status.Conditions;
        AssertCondition(c[0], "Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", fakeNow, later);
        AssertCondition(c[1], "MemoryPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", Created2012, later);
        AssertCondition(c[2], "DiskPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", Created2012, later);
        AssertCondition(c[3], "PIDPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", Created2012, later);
        Assert.Equal(1, h.StatusWrites("Pod/default/pod0"));
        Assert.Equal("False", h.Pod("pod0")!.Status.GetCondition("Ready")!.Status);
    }

    [Fact]
    public void TestMonitorNodeHealthUpdateStatus_StatusUpdatedRecently()
    {
        // Expect no action from node controller (within monitor grace period).
        var fakeNow = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012, null, Condition("Ready", "True", fakeNow, fakeNow));
        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        h.ClearWrites();
        h.Nlc.MonitorNodeHealth();
        Assert.DoesNotContain(h.Writes, w => w.Category == "status");
    }

    // ---- TestMonitorNodeHealthUpdateNodeAndPodStatusWithLease ----

    public static TheoryData<string> LeaseCases => new()
    {
        "Node created recently, without status. Node lease is missing.",
        "Node created recently, without status. Node lease is renewed recently.",
        "Node created long time ago, without status. Node lease is missing.",
        "Node created long time ago, without status. Node lease is renewed recently.",
        "Node created long time ago, without status. Node lease is expired.",
        "Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is renewed.",
        "Node created long time ago, with status updated by kubelet recently. Node lease is expired.",
        "Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is also expired.",
    };

    [Theory]
    [MemberData(nameof(LeaseCases))]
    public void TestMonitorNodeHealthUpdateNodeAndPodStatusWithLease(string description)
    {
        var nodeCreationTime = Date(2012, 1, 1);
        var fakeNow = Date(2015, 1, 1, 12);
        var hour = TimeSpan.FromHours(1);
        var later = fakeNow + hour;
        using var h = new ControllerHarness();
        TimeSpan? lease = null, newLease = null;
        NodeCondition[]? newStatus = null;
        bool expectNodeWrite = false, expectPodUpdate = false;
        Action<List<NodeCondition>>? checkConditions = null;
        switch (description)
        {
            case "Node created recently, without status. Node lease is missing.":
                h.AddNode("node0", fakeNow);
                break;
            case "Node created recently, without status. Node lease is renewed recently.":
                h.AddNode("node0", fakeNow);
                lease = fakeNow;
                break;
            case "Node created long time ago, without status. Node lease is missing.":
                h.AddNode("node0", nodeCreationTime);
                expectNodeWrite = true;
                checkConditions = c =>
                {
                    Assert.Equal(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"], c.Select(x => x.Type));
                    Assert.All(c, x => AssertCondition(x, x.Type, "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", nodeCreationTime, fakeNow));
                };
                break;
            case "Node created long time ago, without status. Node lease is renewed recently.":
                h.AddNode("node0", nodeCreationTime);
                lease = fakeNow;
                newLease = later; // Lease is renewed after 1 hour.
                checkConditions = Assert.Empty;
                break;
            case "Node created long time ago, without status. Node lease is expired.":
                h.AddNode("node0", nodeCreationTime);
                lease = fakeNow;
                newLease = fakeNow; // Lease is not renewed after 1 hour.
                expectNodeWrite = true;
                checkConditions = c =>
                {
                    Assert.Equal(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"], c.Select(x => x.Type));
                    Assert.All(c, x => AssertCondition(x, x.Type, "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", nodeCreationTime, later));
                };
                break;
            case "Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is renewed.":
                h.AddNode("node0", nodeCreationTime, null, Condition("Ready", "True", fakeNow, fakeNow), Condition("DiskPressure", "False", fakeNow, fakeNow));
                lease = fakeNow;
                newStatus = [Condition("Ready", "True", fakeNow, fakeNow), Condition("DiskPressure", "False", fakeNow, fakeNow)]; // Node status hasn't been updated for 1 hour.
                newLease = later; // Lease is renewed after 1 hour.
                checkConditions = c =>
                {
                    AssertCondition(c[0], "Ready", "True", "", "", fakeNow, fakeNow);
                    AssertCondition(c[1], "DiskPressure", "False", "", "", fakeNow, fakeNow);
                };
                break;
            case "Node created long time ago, with status updated by kubelet recently. Node lease is expired.":
                h.AddNode("node0", nodeCreationTime, null, Condition("Ready", "True", fakeNow, fakeNow), Condition("DiskPressure", "False", fakeNow, fakeNow));
                lease = fakeNow;
                newStatus = [Condition("Ready", "True", later, fakeNow), Condition("DiskPressure", "False", later, fakeNow)]; // Node status is updated after 1 hour.
                newLease = fakeNow; // Lease is not renewed after 1 hour.
                checkConditions = c =>
                {
                    AssertCondition(c[0], "Ready", "True", "", "", later, fakeNow);
                    AssertCondition(c[1], "DiskPressure", "False", "", "", later, fakeNow);
                };
                break;
            default:
                h.AddNode("node0", nodeCreationTime, null, Condition("Ready", "True", fakeNow, fakeNow));
                lease = fakeNow;
                newStatus = [Condition("Ready", "True", fakeNow, fakeNow)]; // Node status hasn't been updated for 1 hour.
                newLease = fakeNow; // Lease is not renewed after 1 hour.
                expectNodeWrite = true;
                expectPodUpdate = true;
                checkConditions = c =>
                {
                    AssertCondition(c[0], "Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", fakeNow, later);
                    Assert.Equal(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"], c.Select(x => x.Type));
                    Assert.All(c.Skip(1), x => AssertCondition(x, x.Type, "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", nodeCreationTime, later));
                };
                break;
        }

        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        if (lease is { } l)
        {
            h.SetLease("node0", l);
        }

        // Count the controller's writes only.
        int nodeWrites = 0, podWrites = 0;
        void Monitor()
        {
            h.ClearWrites();
            h.Nlc.MonitorNodeHealth();
            nodeWrites += h.StatusWrites("Node/node0");
            podWrites += h.StatusWrites("Pod/default/pod0");
        }

        Monitor();
        if (newLease is not null || newStatus is not null)
        {
            h.At(later);
            if (newStatus is not null)
            {
                h.SetConditions(h.Node("node0"), newStatus);
            }

            if (newLease is { } nl)
            {
                h.SetLease("node0", nl);
            }

            Monitor();
        }

        Assert.Equal(expectNodeWrite ? 1 : 0, nodeWrites);
        Assert.Equal(expectPodUpdate ? 1 : 0, podWrites);
        checkConditions?.Invoke(h.Node("node0").Status.Conditions);
    }

    // ---- TestMonitorNodeHealthMarkPodsNotReady ----

    [Theory]
    [InlineData("created recently, without status", false)]
    [InlineData("created long ago, status updated recently", false)]
    [InlineData("created long ago, status not updated for longer than the grace period", true)]
    public void TestMonitorNodeHealthMarkPodsNotReady(string description, bool expectedPodStatusUpdate)
    {
        var fakeNow = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        if (description.StartsWith("created recently", StringComparison.Ordinal))
        {
            h.AddNode("node0", fakeNow);
        }
        else
        {
            h.AddNode("node0", Created2012, null, Condition("Ready", "True", fakeNow, fakeNow));
        }

        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        h.ClearWrites();
        h.Nlc.MonitorNodeHealth();
        if (expectedPodStatusUpdate)
        {
            h.At(fakeNow + TimeSpan.FromMinutes(1));
            h.SetConditions(h.Node("node0"), Condition("Ready", "True", fakeNow, fakeNow));
            h.Nlc.MonitorNodeHealth();
        }

        Assert.Equal(expectedPodStatusUpdate ? 1 : 0, h.StatusWrites("Pod/default/pod0"));
        Assert.Equal(expectedPodStatusUpdate ? "False" : "True", h.Pod("pod0")!.Status.GetCondition("Ready")!.Status);
        if (expectedPodStatusUpdate)
        {
            var podEvent = Assert.Single(h.Events.Events, e => e.InvolvedName == "pod0");
            Assert.Equal(("Warning", "NodeNotReady", "Node is not ready", "node-controller"), (podEvent.Type, podEvent.Reason, podEvent.Message, podEvent.Source));
            var nodeEvent = Assert.Single(h.Events.Events, e => e.InvolvedName == "node0" && e.Reason == "NodeNotReady");
            Assert.Equal(("Normal", "Node node0 status is now: NodeNotReady", "node-controller"), (nodeEvent.Type, nodeEvent.Message, nodeEvent.Source));
        }
    }

    [Fact]
    public void TestMonitorNodeHealthMarkPodsNotReadyWithWorkerSize()
    {
        // 50 nodes x 100 pods, every node past its grace period: every pod is marked not ready in one pass.
        const int numNodes = 50;
        const int podsPerNode = 100;
        var fakeNow = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        for (int i = 0; i < numNodes; i++)
        {
            h.AddNode("node" + i, Created2012, null, Condition("Ready", "True", fakeNow, fakeNow));
        }

        for (int i = 0; i < numNodes * podsPerNode; i++)
        {
            h.AddPod("pod" + i, "node" + (i % numNodes));
        }

        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        h.At(fakeNow + TimeSpan.FromMinutes(1));
        h.ClearWrites();
        h.Nlc.MonitorNodeHealth();
        Assert.Equal(numNodes * podsPerNode, h.Writes.Count(w => w.Category == "status" && w.Text.StartsWith("Pod/", StringComparison.Ordinal)));
    }

    [Fact]
    public void TestMonitorNodeHealthMarkPodsNotReadyRetry_SuccessfulUpdateNeedsNoRetry()
    {
        // "successful pod status update, no retry required": the first pass past the grace period marks the
        // pod, the next (the kubelet posts Ready=False) does not mark it again. Writes cannot fail here, so
        // the two failing cases of the Go table have no counterpart.
        var timeNow = Date(2015, 1, 1, 12);
        var timePlusTwoMinutes = Date(2015, 1, 1, 12, 0, 2);
        using var h = new ControllerHarness();
        h.AddNode("node0", timeNow, null, Condition("Ready", "True", timeNow, timeNow));
        h.AddPod("pod0", "node0");
        h.At(timeNow);
        h.Nlc.MonitorNodeHealth();
        h.At(timeNow + TimeSpan.FromMinutes(1));
        h.SetConditions(h.Node("node0"), Condition("Ready", "True", timeNow, timeNow));
        h.Nlc.MonitorNodeHealth();
        h.SetConditions(h.Node("node0"), Condition("Ready", "False", timePlusTwoMinutes, timePlusTwoMinutes));
        h.Nlc.MonitorNodeHealth();
        Assert.Equal(1, h.StatusWrites("Pod/default/pod0"));
    }

    // ---- NoExecute tainting ----

    [Fact]
    public void TestApplyNoExecuteTaints()
    {
        var fakeNow = Date(2017, 1, 1, 12);
        var z1 = ZoneLabels("region1", "zone1");
        using var h = new ControllerHarness();

        // Unreachable Taint with effect 'NoExecute' should be applied to this node.
        h.AddNode("node0", Created2012, z1, Condition("Ready", "Unknown", Date(2015, 1, 1, 12), Date(2015, 1, 1, 12)));

        // Because of the logic that prevents NC from evicting anything when all Nodes are NotReady
        // we need second healthy node in tests.
        h.AddNode("node1", Created2012, z1, Condition("Ready", "True", Date(2017, 1, 1, 12), Date(2017, 1, 1, 12)));

        // NotReady Taint with NoExecute effect should be applied to this node.
        h.AddNode("node2", Created2012, z1, Condition("Ready", "False", Date(2015, 1, 1, 12), Date(2015, 1, 1, 12)));

        // NotReady Taint with NoExecute effect should not be applied to a node if the NodeCondition Type NodeReady has been set to nil in the interval between the NodeController enqueuing the node and the taint manager picking up.
        h.AddNode("node3", Created2012, z1, Condition("Ready", "True", Date(2016, 1, 1, 12), Date(2016, 1, 1, 12)));
        h.AddPod("pod0", "node0");

        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.True(TaintUtil.TaintExists(h.Node("node0").Spec.Taints, NodeLifecycleController.UnreachableTaintTemplate));
        Assert.True(TaintUtil.TaintExists(h.Node("node2").Spec.Taints, NodeLifecycleController.NotReadyTaintTemplate));
        Assert.All(h.Node("node0").Spec.Taints, t => Assert.Equal(fakeNow, t.TimeAdded));

        // Make node2 healthy again.
        h.SetConditions(h.Node("node2"), Condition("Ready", "True", Date(2017, 1, 1, 12, 10), Date(2017, 1, 1, 12)));
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();

        // We should not see any taint on the node(especially the Not-Ready taint with NoExecute effect).
        Assert.Empty(h.Node("node2").Spec.Taints);

        h.SetConditions(h.Node("node3"), Condition("Ready", "False", Date(2017, 1, 1, 12, 10), Date(2017, 1, 1, 12)));
        h.Nlc.MonitorNodeHealth();

        // Before taint manager work, the status has been replaced(maybe merge-patch replace).
        h.SetConditions(h.Node("node3"), Condition("MemoryPressure", "Unknown", Date(2017, 1, 1, 12, 10), Date(2017, 1, 1, 12)));
        h.Nlc.DoNoExecuteTaintingPass();

        // We should not see any taint on the node(especially the Not-Ready taint with NoExecute effect).
        Assert.Empty(h.Node("node3").Spec.Taints);
    }

    [Fact]
    public void TestApplyNoExecuteTaintsToUnreachableNode_OnePassLater()
    {
        // Kubernetes v1.32 queues a node for tainting from the Ready condition observed at the start of the
        // pass, so a node going Unknown is tainted one monitor period later (kubernetes#120815, fixed after
        // v1.32; the Go test of the fixed version expects it in the same pass).
        var time1 = Date(2017, 1, 1, 12);
        var time2 = time1 + TimeSpan.FromSeconds(51);
        var z1 = ZoneLabels("region1", "zone1");
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012, z1, Condition("Ready", "True", time1, time1));
        h.AddNode("node1", Created2012, z1, Condition("Ready", "True", time1, time1));
        h.AddPod("pod0", "node0");

        // No taint should be added when the NodeReady conditions were not set longer ago than NodeMonitorGracePeriod.
        h.At(time1);
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.Empty(h.Node("node0").Spec.Taints);
        Assert.Empty(h.Node("node1").Spec.Taints);

        // Advance the clock to time2 to expire the previous NodeReady condition. Only node1 sends a new heartbeat.
        h.At(time2);
        h.SetConditions(h.Node("node1"), Condition("Ready", "True", time2, time1));
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.Equal("Unknown", h.Node("node0").Status.GetCondition("Ready")!.Status);
        Assert.Empty(h.Node("node0").Spec.Taints); // observed Ready was True in this pass

        h.At(time2 + TimeSpan.FromSeconds(5));
        h.SetConditions(h.Node("node1"), Condition("Ready", "True", time2 + TimeSpan.FromSeconds(5), time1));
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.True(TaintUtil.TaintExists(h.Node("node0").Spec.Taints, NodeLifecycleController.UnreachableTaintTemplate));
        Assert.Empty(h.Node("node1").Spec.Taints);

        // Unreachable taint should be deleted from node0 after it sends a new heartbeat.
        var time3 = time2 + TimeSpan.FromSeconds(10);
        h.At(time3);
        h.SetConditions(h.Node("node0"), Condition("Ready", "True", time3, time3));
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.Empty(h.Node("node0").Spec.Taints);
    }

    [Fact]
    public void TestApplyNoExecuteTaintsToNodesEnqueueTwice()
    {
        var fakeNow = Date(2017, 1, 1, 12);
        var old = Date(2015, 1, 1, 12);
        var z1 = ZoneLabels("region1", "zone1");
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012, z1, Condition("Ready", "Unknown", old, old));
        h.AddNode("node1", Created2012, z1, Condition("Ready", "True", fakeNow, fakeNow));
        h.AddNode("node2", Created2012, z1, Condition("Ready", "False", old, old));
        h.AddPod("pod0", "node0");
        h.At(fakeNow);

        // 1. monitor node health twice, add untainted node once
        h.Nlc.MonitorNodeHealth();
        h.Nlc.MonitorNodeHealth();

        // 2. mark node0 healthy
        h.SetConditions(h.Node("node0"), Condition("Ready", "True", Date(2017, 1, 1, 12, 10), Date(2017, 1, 1, 12)));

        // add other notReady nodes
        h.AddNode("node3", Created2012, z1, Condition("Ready", "Unknown", old, old));
        h.AddNode("node4", Created2012, z1, Condition("Ready", "True", fakeNow, fakeNow));
        h.AddNode("node5", Created2012, z1, Condition("Ready", "False", old, old));

        // 3. start monitor node health again, add untainted node twice, construct UniqueQueue with duplicated node cache
        h.Nlc.MonitorNodeHealth();

        // 4. do NoExecute taint pass
        // when processing with node0, condition.Status is NodeReady, and return true with default case
        // then remove the set value and queue value both, the taint job never stuck
        h.Nlc.DoNoExecuteTaintingPass();

        // 5. get node3 and node5, see if it has ready got NoExecute taint
        Assert.True(TaintUtil.TaintExists(h.Node("node3").Spec.Taints, NodeLifecycleController.UnreachableTaintTemplate));
        Assert.True(TaintUtil.TaintExists(h.Node("node5").Spec.Taints, NodeLifecycleController.NotReadyTaintTemplate));
    }

    [Fact]
    public void TestSwapUnreachableNotReadyTaints()
    {
        var fakeNow = Date(2017, 1, 1, 12);
        var z1 = ZoneLabels("region1", "zone1");
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012, z1, Condition("Ready", "Unknown", Date(2015, 1, 1, 12), Date(2015, 1, 1, 12)));

        // Because of the logic that prevents NC from evicting anything when all Nodes are NotReady
        // we need second healthy node in tests.
        h.AddNode("node1", Created2012, z1, Condition("Ready", "True", fakeNow, fakeNow));
        h.AddPod("pod0", "node0");

        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.True(TaintUtil.TaintExists(h.Node("node0").Spec.Taints, NodeLifecycleController.UnreachableTaintTemplate));

        // Node status has just been updated, and is NotReady for 10min.
        h.SetConditions(h.Node("node0"), Condition("Ready", "False", Date(2017, 1, 1, 12, 9), Date(2017, 1, 1, 12)));
        h.SetConditions(h.Node("node1"), Condition("Ready", "True", Date(2017, 1, 1, 12, 10), Date(2017, 1, 1, 12)));
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();

        var taints = h.Node("node0").Spec.Taints;
        Assert.True(TaintUtil.TaintExists(taints, NodeLifecycleController.NotReadyTaintTemplate));
        Assert.False(TaintUtil.TaintExists(taints, NodeLifecycleController.UnreachableTaintTemplate));
    }

    [Fact]
    public void NoExecuteTaintingIsRateLimitedPerZone()
    {
        // With a 0.1 QPS limiter (burst 1) only the first queued node is tainted per pass; the next waits for a token.
        var fakeNow = Date(2017, 1, 1, 12);
        var old = Date(2015, 1, 1, 12);
        var z1 = ZoneLabels("region1", "zone1");
        using var h = new ControllerHarness(TestConfig with { NodeEvictionRate = 0.1 });
        h.AddNode("node0", Created2012, z1, Condition("Ready", "Unknown", old, old));
        h.AddNode("node1", Created2012, z1, Condition("Ready", "Unknown", old, old));
        h.AddNode("node2", Created2012, z1, Condition("Ready", "True", fakeNow, fakeNow));
        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.Single(new[] { "node0", "node1" }, n => h.Node(n).Spec.Taints.Count > 0);
        h.At(fakeNow + TimeSpan.FromSeconds(9.9));
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.Single(new[] { "node0", "node1" }, n => h.Node(n).Spec.Taints.Count > 0);
        h.At(fakeNow + TimeSpan.FromSeconds(10));
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.All(new[] { "node0", "node1" }, n => Assert.True(TaintUtil.TaintExists(h.Node(n).Spec.Taints, NodeLifecycleController.UnreachableTaintTemplate)));
        Assert.Equal(0.1f, h.Nlc.ZoneLimiter(NodeTopology.ZoneKey("region1", "zone1"))!.Qps);
    }

    [Fact]
    public void AllZonesFullyDisruptedStopsTaintingAndRemovesNoExecuteTaints()
    {
        var fakeNow = Date(2017, 1, 1, 12);
        var old = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012, ZoneLabels("region1", "zone1"), Condition("Ready", "Unknown", old, old));
        h.AddNode("node1", Created2012, ZoneLabels("region1", "zone2"), Condition("Ready", "True", fakeNow, fakeNow));
        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.True(TaintUtil.TaintExists(h.Node("node0").Spec.Taints, NodeLifecycleController.UnreachableTaintTemplate));

        // node1 goes silent too: every zone is fully disrupted.
        h.At(fakeNow + TimeSpan.FromMinutes(1));
        h.Nlc.MonitorNodeHealth();
        AssertZones(h, (NodeTopology.ZoneKey("region1", "zone1"), ZoneState.FullDisruption), (NodeTopology.ZoneKey("region1", "zone2"), ZoneState.FullDisruption));
        Assert.Empty(h.Node("node0").Spec.Taints); // markNodeAsReachable on every node
        Assert.IsType<NeverRateLimiter>(h.Nlc.ZoneTainter(NodeTopology.ZoneKey("region1", "zone1"))!.Limiter);
        h.Nlc.MonitorNodeHealth(); // both are queued again...
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.Empty(h.Node("node0").Spec.Taints); // ...but no zone takes a token
        Assert.Empty(h.Node("node1").Spec.Taints);

        // node1 comes back: leaving master disruption mode restarts every node's grace period.
        var back = fakeNow + TimeSpan.FromMinutes(2);
        h.At(back);
        h.SetConditions(h.Node("node1"), Condition("Ready", "True", back, back));
        h.Nlc.MonitorNodeHealth();
        AssertZones(h, (NodeTopology.ZoneKey("region1", "zone1"), ZoneState.FullDisruption), (NodeTopology.ZoneKey("region1", "zone2"), ZoneState.Normal));
        Assert.Equal(back, h.Nlc.HealthOf("node0")!.ProbeTimestamp);
        Assert.Equal(float.PositiveInfinity, h.Nlc.ZoneTainter(NodeTopology.ZoneKey("region1", "zone1"))!.Limiter.Qps);
        h.Nlc.DoNoExecuteTaintingPass();
        Assert.True(TaintUtil.TaintExists(h.Node("node0").Spec.Taints, NodeLifecycleController.UnreachableTaintTemplate));
    }

    // ---- TestTaintsNodeByCondition ----

    [Theory]
    [InlineData("NetworkUnavailable is true", "True", "NetworkUnavailable", "node.kubernetes.io/network-unavailable")]
    [InlineData("Ready is false", "False", null, "node.kubernetes.io/not-ready")]
    [InlineData("Ready is unknown", "Unknown", null, "node.kubernetes.io/unreachable")]
    [InlineData("MemoryPressure is true", "True", "MemoryPressure", "node.kubernetes.io/memory-pressure")]
    [InlineData("DiskPressure is true", "True", "DiskPressure", "node.kubernetes.io/disk-pressure")]
    [InlineData("PIDPressure is true", "True", "PIDPressure", "node.kubernetes.io/pid-pressure")]
    public void TestTaintsNodeByCondition(string name, string readyStatus, string? extraCondition, string expectedTaint)
    {
        var fakeNow = Date(2017, 1, 1, 12);
        var t = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        var node = h.AddNode("node0", Created2012, ZoneLabels("region1", "zone1"), Condition("Ready", "True", t, t));
        h.At(fakeNow);
        var conditions = new List<NodeCondition> { Condition("Ready", readyStatus, t, t) };
        if (extraCondition is not null)
        {
            conditions.Add(Condition(extraCondition, "True", t, t));
        }

        h.SetConditions(node, conditions.ToArray());
        h.Nlc.DoNoScheduleTaintingPass("node0");
        var taint = Assert.Single(h.Node("node0").Spec.Taints);
        Assert.Equal((expectedTaint, "NoSchedule", (TimeSpan?)fakeNow), (taint.Key, taint.Effect, taint.TimeAdded));
        Assert.NotNull(name);
    }

    [Fact]
    public void NoScheduleTaintsFollowTheConditionsAndUnschedulable()
    {
        var t = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        var node = h.AddNode("node0", Created2012, null, Condition("Ready", "Unknown", t, t));
        node.Spec.Taints.Add(new Taint("user", "x", "NoSchedule"));
        h.Nlc.DoNoScheduleTaintingPass("node0");
        Assert.Equal(["user:NoSchedule", "node.kubernetes.io/unreachable:NoSchedule"], h.Node("node0").Spec.Taints.Select(x => x.Key + ":" + x.Effect));

        // Ready again and cordoned: the unreachable taint goes, the unschedulable one comes; the user's stays.
        h.SetConditions(node, Condition("Ready", "True", t, t));
        node.Spec.Unschedulable = true;
        h.Nlc.DoNoScheduleTaintingPass("node0");
        Assert.Equal(["user:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule"], h.Node("node0").Spec.Taints.Select(x => x.Key + ":" + x.Effect));
    }

    // ---- TestNodeEventGeneration ----

    [Fact]
    public void TestNodeEventGeneration()
    {
        var fakeNow = Date(2016, 9, 10, 12);
        using var h = new ControllerHarness();
        var node = h.AddNode("node0", Date(2015, 8, 10), null, Condition("Ready", "Unknown", Date(2015, 8, 10), Date(2015, 8, 10)));
        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        var e = Assert.Single(h.Events.Events);
        Assert.Equal("RegisteredNode", e.Reason);
        Assert.Equal("Node node0 event: Registered Node node0 in Controller", e.Message);
        Assert.Equal(node.Metadata.Uid, e.InvolvedUid);
        Assert.Equal("node-controller", e.Source);
    }

    [Fact]
    public void DeletedNodeIsReportedAsRemoved()
    {
        using var h = new ControllerHarness();
        var node = h.AddNode("node0", Created2012, null, Condition("Ready", "True", Created2012, Created2012));
        h.Nlc.MonitorNodeHealth();
        h.Api.Delete(node);
        h.Nlc.MonitorNodeHealth();
        Assert.Equal(["RegisteredNode", "RemovingNode"], h.Events.Events.Select(e => e.Reason));
        Assert.Equal("Node node0 event: Removing Node node0 from Controller", h.Events.Events[1].Message);
    }

    // ---- TestReconcileNodeLabels ----

    [Theory]
    [InlineData("No-op if node has no labels", "", "")]
    [InlineData("No-op if no target labels present", "topology.kubernetes.io/region=region1", "topology.kubernetes.io/region=region1")]
    [InlineData("Create OS/arch beta labels when they don't exist", "kubernetes.io/os=linux,kubernetes.io/arch=amd64",
        "beta.kubernetes.io/arch=amd64,beta.kubernetes.io/os=linux,kubernetes.io/arch=amd64,kubernetes.io/os=linux")]
    [InlineData("Reconcile OS/arch beta labels to match stable labels", "beta.kubernetes.io/os=windows,beta.kubernetes.io/arch=arm,kubernetes.io/os=linux,kubernetes.io/arch=amd64",
        "beta.kubernetes.io/arch=amd64,beta.kubernetes.io/os=linux,kubernetes.io/arch=amd64,kubernetes.io/os=linux")]
    public void TestReconcileNodeLabels(string name, string labels, string expected)
    {
        using var h = new ControllerHarness();
        var given = labels.Length == 0 ? [] : labels.Split(',').Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        h.AddNode("node0", Created2012, given);
        h.Nlc.ReconcileNodeLabels("node0");
        Assert.Equal(expected, string.Join(",", h.Node("node0").Metadata.Labels.Select(kv => kv.Key + "=" + kv.Value)));
        Assert.NotNull(name);
    }

    // ---- TestTryUpdateNodeHealth ----

    [Theory]
    [InlineData("Status true", "True", false)]
    [InlineData("Status false", "False", false)]
    [InlineData("Status unknown", "Unknown", false)]
    [InlineData("Status nil", null, false)]
    [InlineData("Status true - after grace period", "True", true)]
    [InlineData("Status false - after grace period", "False", true)]
    [InlineData("Status unknown - after grace period", "Unknown", true)]
    [InlineData("Status nil - after grace period", null, true)]
    public void TestTryUpdateNodeHealth(string name, string? status, bool old)
    {
        var fakeNow = Date(2017, 1, 1, 12);
        var fakeOld = Date(2016, 1, 1, 12);
        var created = old ? fakeOld : fakeNow;
        using var h = new ControllerHarness();
        var node = status is null
            ? h.AddNode("node0", created)
            : h.AddNode("node0", created, null, Condition("Ready", status, created, created));
        h.AddPod("pod0", "node0");
        h.At(fakeNow);
        h.Nlc.SetHealth("node0", new NodeHealth(created, created, NodeHealth.Copy(node.Status.GetCondition("Ready"))));

        var (observed, current) = h.Nlc.TryUpdateNodeHealth(node);
        var expectedObserved = status ?? "Unknown";
        Assert.Equal(expectedObserved, observed.Status);
        if (status is null && !old)
        {
            Assert.Null(current);
        }
        else
        {
            Assert.NotNull(current);
            Assert.Equal(old ? "Unknown" : status, current.Status);
        }

        // The saved health sees the same Ready condition the node has now.
        Assert.True(NodeHealth.ConditionEqual(h.Nlc.HealthOf("node0")!.ReadyCondition, node.Status.GetCondition("Ready")), name);
    }

    [Fact]
    public void ProcessPodMarksAPodBoundToANotReadyNode()
    {
        // processPod: a pod bound after the node went NotReady is marked not ready too.
        var fakeNow = Date(2015, 1, 1, 12);
        using var h = new ControllerHarness();
        h.AddNode("node0", Created2012, null, Condition("Ready", "False", fakeNow, fakeNow));
        h.At(fakeNow);
        h.Nlc.MonitorNodeHealth();
        h.AddPod("late", "node0");
        h.Nlc.ProcessPod("default/late");
        Assert.Equal("False", h.Pod("late")!.Status.GetCondition("Ready")!.Status);
    }
}
