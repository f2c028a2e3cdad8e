using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>
/// A whole cluster losing a node: node-1 and node-2 are healthy, node-3's kubelet dies at 61 s (its last
/// heartbeat and lease renewal were at 60 s). With Kubernetes' defaults (monitor every 5 s, grace 40 s,
/// 300 s default tolerations, 0.1 nodes/s) the timeline is exact:
/// 105 s Ready Unknown, NodeNotReady, pods not ready, unreachable:NoSchedule;
/// 110 s unreachable:NoExecute (observed Unknown one pass later, then the tainting pass);
/// 410 s the pods are evicted (TaintManagerEviction) and stay Terminating; replacements go to the healthy nodes.
/// </summary>
public class NodeFailureEndToEndTests
{
    private static readonly TimeSpan Crash = TimeSpan.FromSeconds(61);

    private static (Sim.Cluster Cluster, TestNodes Nodes, ReplicationController Rc) Start()
    {
        var c = new Sim.Cluster(1);
        var nodes = new TestNodes(c);
        nodes.AddKubeletNode("node-1");
        nodes.AddKubeletNode("node-2");
        nodes.AddFakeNode("node-3");
        var rc = c.Api.Create(Rc("web", 6));

        // A pod that tolerates unreachable forever, bound to node-3.
        var forever = new Pod { Metadata = { Name = "forever", Namespace = "default" } };
        forever.Spec.NodeName = "node-3";
        forever.Spec.Containers.Add(new Container { Name = "c", Image = "app:v1" });
        forever.Spec.Tolerations.Add(new Toleration(Sim.Store.Defaults.UnreachableTaint, "Exists", null, "NoExecute", null));
        c.Api.Create(forever);

        c.RunUntil(Crash);
        nodes.Stop("node-3");
        return (c, nodes, rc);
    }

    private static Node Node(Sim.Cluster c, string name) => c.Store.Get<Node>("", name)!;

    private static List<Pod> WebPodsOn(Sim.Cluster c, string node) => PodsOf(c, "web").Where(p => p.Spec.NodeName == node).ToList();

    [Fact]
    public void SilentNodeGoesUnknownAfterTheGracePeriodAndItsPodsAreEvictedAfter300s()
    {
        var (c, _, rc) = Start();
        using var _c = c;
        var victims = WebPodsOn(c, "node-3");
        Assert.NotEmpty(victims);
        Assert.All(PodsOf(c, "web"), p => Assert.True(PodUtil.IsReady(p)));

        // 40 s grace after the last probe (60 s) is up at 100 s; the pass at 100 s needs now > 100 s, so 105 s.
        c.RunUntil(TimeSpan.FromSeconds(104.9));
        Assert.Equal("True", Node(c, "node-3").Status.GetCondition("Ready")!.Status);
        Assert.Empty(Node(c, "node-3").Spec.Taints);

        c.RunUntil(TimeSpan.FromSeconds(105));
        var node3 = Node(c, "node-3");
        var ready = node3.Status.GetCondition("Ready")!;
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(TimeSpan.FromSeconds(105), ready.LastTransitionTime);
        Assert.Equal(TimeSpan.FromSeconds(60), ready.LastHeartbeatTime); // the kubelet's last post stays
        Assert.All(node3.Status.Conditions, x => Assert.Equal("Unknown", x.Status));
        Assert.Contains(c.Events.Events, e => e.InvolvedName == "node-3" && e.Reason == "NodeNotReady" && e.Message == "Node node-3 status is now: NodeNotReady" && e.Source == "node-controller");
        Assert.All(victims, p => Assert.Equal("False", p.Status.GetCondition("Ready")!.Status));
        Assert.All(victims, p => Assert.Contains(c.Events.For(p.Metadata.Uid), e => e.Reason == "NodeNotReady" && e.Type == "Warning"));
        Assert.Equal(["node.kubernetes.io/unreachable:NoSchedule"], node3.Spec.Taints.Select(t => t.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(105), node3.Spec.Taints[0].TimeAdded);
        Assert.Equal(6 - victims.Count, rc.Status.ReadyReplicas);

        // One monitor period later the node, now observed Unknown, is queued and tainted NoExecute.
        c.RunUntil(TimeSpan.FromSeconds(110));
        var noExecute = Assert.Single(node3.Spec.Taints, t => t.Effect == "NoExecute");
        Assert.Equal((Sim.Store.Defaults.UnreachableTaint, (TimeSpan?)TimeSpan.FromSeconds(110)), (noExecute.Key, noExecute.TimeAdded));

        // The default toleration (300 s) runs out at 410 s.
        c.RunUntil(TimeSpan.FromSeconds(409.9));
        Assert.All(victims, p => Assert.Null(p.Metadata.DeletionTimestamp));
        c.RunUntil(TimeSpan.FromSeconds(410));
        Assert.All(victims, p =>
        {
            Assert.Equal(TimeSpan.FromSeconds(410), p.Metadata.DeletionTimestamp);
            Assert.Equal(("True", "DeletionByTaintManager"), (p.Status.GetCondition("DisruptionTarget")!.Status, p.Status.GetCondition("DisruptionTarget")!.Reason));
            var e = Assert.Single(c.Events.For(p.Metadata.Uid), e => e.Reason == "TaintManagerEviction");
            Assert.Equal(($"Marking for deletion Pod default/{p.Metadata.Name}", "taint-eviction-controller"), (e.Message, e.Source));
        });

        // Nobody confirms the deletion on a dead node: the pods stay Terminating; the RC replaces them elsewhere.
        c.RunUntil(TimeSpan.FromSeconds(480));
        Assert.All(victims, p => Assert.Same(p, c.Store.Get<Pod>("default", p.Metadata.Name)));
        var active = PodsOf(c, "web").Where(PodUtil.IsActive).ToList();
        Assert.Equal(6, active.Count);
        Assert.All(active, p => Assert.Contains(p.Spec.NodeName, new[] { "node-1", "node-2" }));
        Assert.All(active, p => Assert.True(PodUtil.IsReady(p)));
        Assert.Equal(6, rc.Status.ReadyReplicas);

        // The pod tolerating unreachable forever stays, not ready.
        var forever = c.Store.Get<Pod>("default", "forever")!;
        Assert.Null(forever.Metadata.DeletionTimestamp);
        Assert.Equal("False", forever.Status.GetCondition("Ready")!.Status);
        Assert.DoesNotContain(c.Events.For(forever.Metadata.Uid), e => e.Reason == "TaintManagerEviction");
    }

    [Fact]
    public void HeartbeatsResumingRemoveTheTaintsAndCancelTheEvictions()
    {
        var (c, nodes, _) = Start();
        using var _c = c;
        var victims = WebPodsOn(c, "node-3");
        c.RunUntil(TimeSpan.FromSeconds(200));
        Assert.Equal(2, Node(c, "node-3").Spec.Taints.Count);

        nodes.Resume("node-3");
        c.RunUntil(TimeSpan.FromSeconds(201));
        Assert.Equal("True", Node(c, "node-3").Status.GetCondition("Ready")!.Status);
        Assert.DoesNotContain(Node(c, "node-3").Spec.Taints, t => t.Effect == "NoSchedule"); // follows the condition at once

        c.RunUntil(TimeSpan.FromSeconds(205)); // the next health check sees Ready and removes the NoExecute taint
        Assert.Empty(Node(c, "node-3").Spec.Taints);
        Assert.All(victims, p =>
        {
            var e = Assert.Single(c.Events.For(p.Metadata.Uid), e => e.Reason == "TaintManagerEviction");
            Assert.Equal($"Cancelling deletion of Pod default/{p.Metadata.Name}", e.Message);
        });

        c.RunUntil(TimeSpan.FromSeconds(600));
        Assert.All(victims, p => Assert.Null(p.Metadata.DeletionTimestamp));
        Assert.All(victims, p => Assert.True(PodUtil.IsReady(p)));
        Assert.Equal(ZoneState.Normal, c.NodeLifecycle.Zones[""]);
    }

    [Fact]
    public void RegisteredNodeEventComesFromTheFirstHealthCheck()
    {
        using var c = new Sim.Cluster(1);
        var nodes = new TestNodes(c);
        nodes.AddKubeletNode("node-1");
        c.RunUntil(TimeSpan.FromSeconds(5));
        var e = Assert.Single(c.Events.Events, e => e.Reason == "RegisteredNode");
        Assert.Equal(("Node node-1 event: Registered Node node-1 in Controller", "node-controller"), (e.Message, e.Source));
        Assert.Equal(TimeSpan.FromSeconds(5), e.FirstTimestamp);
    }

    [Fact]
    public void HealthyClusterGetsNoTaintsAndTheSameTraceTwice()
    {
        string Run()
        {
            using var c = new Sim.Cluster(7);
            var nodes = new TestNodes(c);
            nodes.AddKubeletNode("node-1", "a");
            nodes.AddFakeNode("node-2", "b");
            c.Api.Create(Rc("web", 4));
            c.RunUntil(TimeSpan.FromMinutes(10));
            Assert.All(c.Store.List<Node>(), n => Assert.Empty(n.Spec.Taints));
            Assert.All(c.NodeLifecycle.Zones.Values, z => Assert.Equal(ZoneState.Normal, z));
            return c.Trace.HashHex();
        }

        Assert.Equal(Run(), Run());
    }
}
