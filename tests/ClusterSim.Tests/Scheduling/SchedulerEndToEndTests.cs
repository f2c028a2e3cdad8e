using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>The scheduler against the kernel, API server and event recorder.</summary>
public sealed class SchedulerEndToEndTests
{
    private const long Gi = 1024L * 1024 * 1024;

    private sealed class Cluster : IDisposable
    {
        public Cluster(long seed = 42, IEnumerable<IPlugin>? plugins = null, bool startScheduler = true)
        {
            Kernel = new Kernel();
            Trace = new Trace();
            Config = new ControlPlaneConfig();
            Api = new ApiServer(Kernel, Trace, seed, Config);
            Api.Bootstrap("192.168.0.1");
            Events = new EventRecorder(Kernel, Trace);
            Plugins = plugins;
            Seed = seed;
            if (startScheduler)
            {
                StartScheduler();
            }
        }

        public Kernel Kernel { get; }

        public Trace Trace { get; }

        public ControlPlaneConfig Config { get; }

        public ApiServer Api { get; }

        public EventRecorder Events { get; }

        public Scheduler Scheduler { get; private set; } = null!;

        private IEnumerable<IPlugin>? Plugins { get; }

        private long Seed { get; }

        public void StartScheduler() => Scheduler = new Scheduler(Kernel, Api, Events, new RandomStream(Seed, "scheduler"), Config, Plugins);

        public Node AddNode(string name, long milliCpu = 2000, long memory = 4 * Gi, long pods = 110)
        {
            var node = Node(name, milliCpu, memory, pods).WithLabels(("kubernetes.io/hostname", name), ("kubernetes.io/os", "linux"));
            node.Status.Conditions.Add(new NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status" });
            return Api.Create(node);
        }

        public Pod AddPod(string name, long? milliCpu, long? memory, params (string, string)[] labels)
        {
            var pod = new Pod { Metadata = { Name = name, Namespace = "default" } };
            pod.Spec.Containers.Add(Container(milliCpu, memory, image: "registry.k8s.io/pause:3.10", name: "main"));
            pod.WithLabels(labels);
            return Api.Create(pod);
        }

        public IReadOnlyList<KubeEvent> EventsFor(Pod pod) => Events.For(pod.Metadata.Uid);

        public void Dispose() => Trace.Dispose();
    }

    [Fact]
    public void SchedulesPlacesAndReportsUnschedulablePods()
    {
        using var c = new Cluster();
        c.AddNode("node-1");
        c.AddNode("node-2");
        c.AddNode("node-3");
        var pods = new[] { c.AddPod("web-1", 1500, Gi), c.AddPod("web-2", 1500, Gi), c.AddPod("web-3", 1500, Gi) };
        var huge = c.AddPod("huge", 3000, Gi);
        var pending = c.AddPod("pending", 1000, Gi);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(1));

        // LeastAllocated spreads the three pods one per node.
        Assert.Equal(["node-1", "node-2", "node-3"], pods.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
        foreach (var p in pods)
        {
            Assert.Equal("True", p.Status.GetCondition("PodScheduled")!.Status);
            var scheduled = Assert.Single(c.EventsFor(p));
            Assert.Equal(("Normal", "Scheduled", "default-scheduler"), (scheduled.Type, scheduled.Reason, scheduled.Source));
            Assert.Equal($"Successfully assigned default/{p.Metadata.Name} to {p.Spec.NodeName}", scheduled.Message);
        }

        foreach (var p in new[] { huge, pending })
        {
            Assert.Equal("", p.Spec.NodeName);
            var cond = p.Status.GetCondition("PodScheduled")!;
            Assert.Equal(("False", "Unschedulable", "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.."), (cond.Status, cond.Reason, cond.Message));
            var failed = Assert.Single(c.EventsFor(p));
            Assert.Equal(("Warning", "FailedScheduling", "default-scheduler"), (failed.Type, failed.Reason, failed.Source));
            Assert.Equal("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..", failed.Message);
        }

        Assert.Equal(2, c.Scheduler.Queue.UnschedulableCount);

        // Deleting a bound pod (graceful, then confirmed) frees room for the pending pod, not for the huge one.
        c.Kernel.RunUntil(TimeSpan.FromSeconds(10));
        var victim = pods[1];
        var freedNode = victim.Spec.NodeName;
        c.Api.Delete(victim);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(11));
        Assert.Equal("", pending.Spec.NodeName); // a terminating pod still holds its resources
        c.Api.Remove(victim);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(12));
        Assert.Equal(freedNode, pending.Spec.NodeName);
        Assert.Equal(TimeSpan.FromSeconds(11), pending.Status.GetCondition("PodScheduled")!.LastTransitionTime);
        Assert.Equal("", huge.Spec.NodeName);
        Assert.Equal(2, Assert.Single(c.EventsFor(huge)).Count); // retried once on the delete event, same message
        Assert.Equal(4, c.Scheduler.ScheduledPods);
    }

    [Fact]
    public void PendingPodWaitsOutItsBackoffOnTheOneSecondGrid()
    {
        using var c = new Cluster();
        var pod = c.AddPod("early", 500, Gi);
        c.Kernel.RunUntil(TimeSpan.FromMilliseconds(100));
        var failed = Assert.Single(c.EventsFor(pod));
        Assert.Equal("no nodes available to schedule pods", failed.Message);
        Assert.Equal(1, c.Scheduler.Queue.BackoffCount); // no rejecting plugin: straight to backoff

        // With no nodes the pod keeps retrying with backoff 1s, 2s, 4s...; a node then arrives mid-backoff.
        c.Kernel.RunUntil(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(2, c.EventsFor(pod)[0].Count); // retried at 1s
        c.AddNode("node-1");
        c.Kernel.RunUntil(TimeSpan.FromSeconds(5));
        Assert.Equal("node-1", pod.Spec.NodeName);

        // second failure at 1s, backoff 2s: expiry 3s, flushed on the 1s grid at 3s.
        Assert.Equal(TimeSpan.FromSeconds(3), pod.Status.GetCondition("PodScheduled")!.LastTransitionTime);
    }

    [Fact]
    public void UnschedulablePodsAreFlushedAfterFiveMinutes()
    {
        using var c = new Cluster();
        c.AddNode("node-1");
        var pod = new Pod { Metadata = { Name = "picky", Namespace = "default" } };
        pod.Spec.Containers.Add(Container(100, Gi, image: "nginx:1.27", name: "main"));
        pod.Spec.NodeSelector["disk"] = "ssd";
        c.Api.Create(pod);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        var failed = Assert.Single(c.EventsFor(pod));
        Assert.Equal("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..", failed.Message);

        // An unrelated node change (allocatable) does not requeue it: NodeAffinity only registers add/label changes.
        var node = c.Api.Store.Get<Node>("", "node-1")!;
        node.Status.Allocatable[ResourceNames.Cpu] = Cpu(4000);
        c.Api.Update(node);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(329));
        Assert.Equal(1, failed.Count);

        // Flushed on the 30s grid once it has waited more than 5 minutes: at 330s.
        c.Kernel.RunUntil(TimeSpan.FromSeconds(331));
        Assert.Equal(2, failed.Count);
        Assert.Equal(TimeSpan.FromSeconds(330), failed.LastTimestamp);

        // Labelling the node is an event NodeAffinity's hint accepts.
        node.Metadata.Labels["disk"] = "ssd";
        c.Api.Update(node);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(342));
        Assert.Equal("node-1", pod.Spec.NodeName);
    }

    [Fact]
    public void TaintedAndCordonedNodesAreAvoided()
    {
        using var c = new Cluster();
        var cordoned = c.AddNode("node-1");
        cordoned.Spec.Unschedulable = true;
        c.Api.Update(cordoned);
        var tainted = c.AddNode("node-2");
        tainted.Spec.Taints.Add(new Taint("dedicated", "gpu", "NoSchedule"));
        c.Api.Update(tainted);
        var pod = c.AddPod("p", 100, Gi);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal("0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..", pod.Status.GetCondition("PodScheduled")!.Message);

        // Uncordoning makes it schedulable (NodeUnschedulable's hint).
        cordoned.Spec.Unschedulable = false;
        c.Api.Update(cordoned);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(3));
        Assert.Equal("node-1", pod.Spec.NodeName);
    }

    [Fact]
    public void SchedulerStartingLaterListsExistingObjects()
    {
        using var c = new Cluster(startScheduler: false);
        c.AddNode("node-1");
        var bound = c.AddPod("bound", 1500, Gi);
        bound.Spec.NodeName = "node-1";
        c.Api.Update(bound);
        var pod = c.AddPod("new", 1000, Gi);
        c.StartScheduler();
        c.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal("", pod.Spec.NodeName);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..", Assert.Single(c.EventsFor(pod)).Message);
        Assert.Equal(1500, c.Scheduler.Cache.GetNode("node-1")!.RequestedMilliCpu);
    }

    [Fact]
    public void SameSeedSameTrace()
    {
        static string Run(long seed)
        {
            using var c = new Cluster(seed);
            for (int i = 1; i <= 5; i++)
            {
                c.AddNode("node-" + i);
            }

            // best-effort pods tie on every node, so the reservoir sampling decides.
            for (int i = 0; i < 20; i++)
            {
                c.AddPod("pod-" + i, null, null);
            }

            c.Kernel.RunUntil(TimeSpan.FromSeconds(5));
            Assert.Equal(20, c.Scheduler.ScheduledPods);
            return c.Trace.HashHex();
        }

        Assert.Equal(Run(7), Run(7));
    }

    [Fact]
    public void ServiceSelectedPodsSpreadOverHostnames()
    {
        using var c = new Cluster();
        c.Api.Create(new Service
        {
            Metadata = { Name = "web", Namespace = "default" },
            Spec = { Selector = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "web" }, Ports = [new ServicePort { Port = 80 }] },
        });
        c.AddNode("node-1");
        c.AddNode("node-2");

        // An existing best-effort web pod on node-1 (its non-zero requests also weigh on LeastAllocated).
        var first = c.AddPod("web-0", 0, 0, ("app", "web"));
        first.Spec.NodeName = "node-1";
        c.Api.Update(first);
        var plugin = (PodTopologySpread)c.Scheduler.Plugins.Single(p => p.Name == "PodTopologySpread");
        var pod = new Pod { Metadata = { Name = "web-1", Namespace = "default", Labels = { ["app"] = "web" } } };
        var state = new CycleState(c.Scheduler.Cache, c.Api.Store);
        Assert.True(plugin.PreScore(state, pod, c.Scheduler.Cache.Nodes).IsSuccess); // system default constraints apply
        // hostname maxSkew 3, weight log(2+2); nodes have no zone label, so only hostname counts:
        // node-1: round(1 * 1.386 + 2) = 3, node-2: 0 + 2 = 2; normalized 100 * (3 + 2 - s) / 3 -> 66, 100.
        Assert.Equal([66, 100], Scores(plugin, pod, c.Scheduler.Cache, c.Api.Store));
    }

    /// <summary>A deliberately broken fit filter that checks cpu but ignores memory (the property-test seam).</summary>
    private sealed class CpuOnlyFit : IFilterPlugin
    {
        public string Name => "CpuOnlyFit";

        public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo) =>
            PodRequests.Of(pod).MilliCpu > nodeInfo.AllocatableMilliCpu - nodeInfo.RequestedMilliCpu ? Status.Unschedulable("Insufficient cpu") : Status.Success;
    }

    [Fact]
    public void PluginListIsATestSeam()
    {
        var plugins = DefaultPlugins.Create(new ControlPlaneConfig());
        plugins.RemoveAll(p => p is NodeResourcesFit);
        plugins.Add(new CpuOnlyFit());
        using var c = new Cluster(plugins: plugins);
        c.AddNode("node-1", memory: Gi);
        var pod = c.AddPod("hog", 100, 8 * Gi);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal("node-1", pod.Spec.NodeName); // overcommitted memory: the broken profile let it through
        Assert.DoesNotContain(c.Scheduler.Plugins, p => p.Name == "NodeResourcesFit");

        using var correct = new Cluster();
        correct.AddNode("node-1", memory: Gi);
        var pod2 = correct.AddPod("hog", 100, 8 * Gi);
        correct.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal("0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..", pod2.Status.GetCondition("PodScheduled")!.Message);
    }

    [Fact]
    public void HighPriorityPodsAreTriedFirst()
    {
        using var c = new Cluster();
        c.AddNode("node-1", milliCpu: 1000);
        var low = new Pod { Metadata = { Name = "low", Namespace = "default" } };
        low.Spec.Containers.Add(Container(800, Gi, image: "nginx:1.27", name: "main"));
        var high = new Pod { Metadata = { Name = "high", Namespace = "default" } };
        high.Spec.Containers.Add(Container(800, Gi, image: "nginx:1.27", name: "main"));
        high.Spec.PriorityClassName = "high";
        c.Api.Create(new PriorityClass { Metadata = { Name = "high" }, Value = 1000 });
        c.Api.Create(low);
        c.Api.Create(high);
        c.Kernel.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal("node-1", high.Spec.NodeName);
        Assert.Equal("", low.Spec.NodeName);
    }
}
