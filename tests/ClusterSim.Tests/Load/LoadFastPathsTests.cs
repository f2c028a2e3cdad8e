using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Load;
using ClusterSim.Sim.Metrics;
using static ClusterSim.Tests.Load.LoadFixture;

namespace ClusterSim.Tests.Load;

/// <summary>
/// The load model's and metrics server's fast paths (Cluster.FastPaths): a step recomputes only the nodes whose
/// inputs changed, a scrape touches only what changed and series catch up when read. Every number must be the
/// literal path's: checked step by step on a cluster that goes through crashes, partitions, a rollout, an HPA,
/// relabels and an allocatable change, and output by output on example scenarios.
/// </summary>
public class LoadFastPathsTests
{
    private static readonly ImageBehavior Crashy = LoadFixture.App with { CrashAfter = TimeSpan.FromSeconds(50) };

    private static readonly ImageBehavior Blinking = LoadFixture.App with { CrashAfter = TimeSpan.FromSeconds(90) };

    private const string Manifests = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: web, image: "app:v1", ports: [{containerPort: 8080}], resources: {requests: {cpu: 100m}, limits: {cpu: 600m}}}
              - {name: sidecar, image: "app:v1", resources: {requests: {cpu: 10m}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {ports: [{port: 80, targetPort: 8080}], selector: {app: web}}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 8
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: idle}
        spec:
          replicas: 6
          selector: {matchLabels: {app: idle}}
          template:
            metadata: {labels: {app: idle}}
            spec:
              containers: [{name: idle, image: "app:v1", resources: {requests: {cpu: 50m}}}]
        ---
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: crashy}
        spec:
          replicas: 2
          selector: {app: crashy}
          template:
            metadata: {labels: {app: crashy}}
            spec:
              containers: [{name: crashy, image: "crashy:v1", ports: [{containerPort: 8080}]}]
        """;

    /// <summary>The same cluster, with or without fast paths, with everything scheduled up front.</summary>
    private static Sim.Cluster Build(bool fastPaths, TimeSpan metricWindow)
    {
        var images = new ImageCatalog(new Dictionary<string, ImageBehavior> { ["app:v1"] = LoadFixture.App, ["crashy:v1"] = Crashy, ["blink:v1"] = Blinking });
        var c = new Sim.Cluster(7, new Sim.ControlPlaneConfig { MetricWindow = metricWindow }, images, fastPaths: fastPaths);
        for (int i = 1; i <= 4; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + i } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("1");
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("4Gi");
            c.AddNode(node);
        }

        var decoded = ManifestDecoder.DecodeText(Manifests, "fast-paths.yaml");
        Assert.Empty(decoded.Errors);
        foreach (var o in decoded.Objects)
        {
            c.Api.Create(o.CreateFresh());
        }

        // A load that moves every step (a ramp with noise), then a plateau, then a drop.
        c.AddLoad(Svc("web"), t => t < TimeSpan.FromMinutes(8) ? 20 + (t.TotalSeconds / 4) : t < TimeSpan.FromMinutes(20) ? 150 : 30, new LoadNoise(NoiseDistribution.Normal, 0.2, TimeSpan.FromSeconds(30)));
        c.AddLoad(new LoadTargetRef("default", "ReplicationController", "crashy"), _ => 5);

        void At(double seconds, Action<Sim.Cluster> action) => c.Kernel.ScheduleAt(TimeSpan.FromSeconds(seconds), () => action(c));

        // A crash and a recovery between two steps, the recovery on a step's tick (210s): the step runs after the
        // recovery and before the pods start again, and must see every container stopped though no pod was written.
        At(202, c => c.Kubelets["node-1"].Crash());
        At(210, c => c.Kubelets["node-1"].Recover());
        // A pod on node-4 whose container exits and restarts while node-4 is cut off (480s to 602s): the kubelet
        // writes nothing meanwhile.
        At(390, c =>
        {
            var pod = new Pod { Metadata = { Name = "blink" } };
            pod.Spec.NodeName = "node-4";
            pod.Spec.Containers.Add(new Container { Name = "blink", Image = "blink:v1" });
            c.Api.Create(pod);
        });
        // A partition healed within one step, then one spanning several steps.
        At(361, c => c.Kubelets["node-3"].Disconnect());
        At(368, c => c.Kubelets["node-3"].Reconnect());
        At(480, c => c.Kubelets["node-4"].Disconnect());
        At(602, c => c.Kubelets["node-4"].Reconnect());
        // A rollout of the loaded Deployment.
        At(540, c =>
        {
            var d = c.Store.Get<Deployment>("default", "web")!;
            d.Template.Metadata.Annotations["rollout"] = "2";
            c.Api.Update(d, specChanged: true);
        });
        // An idle pod leaves its ReplicaSet (relabelled): the index must follow it.
        At(660, c =>
        {
            var pod = c.Store.List<Pod>("default").First(p => p.Metadata.Labels.GetValueOrDefault("app") == "idle");
            pod.Metadata.Labels["app"] = "idle-debug";
            c.Api.Update(pod);
        });
        // More allocatable CPU on a node: its CFS shares change without a pod write.
        At(720, c =>
        {
            var node = c.Store.Get<Node>("", "node-3")!;
            node.Status.Allocatable[ResourceNames.Cpu] = Quantity.Parse("3");
            c.Api.Update(node);
        });
        // A long outage, a node whose Node object is deleted, and its kubelet crashing and coming back quickly.
        At(780, c => c.Kubelets["node-1"].Crash());
        At(900, c => c.Kubelets["node-1"].Recover());
        At(1065, c => c.Api.Delete(c.Store.Get<Node>("", "node-4")!));
        At(1082, c => c.Kubelets["node-4"].Crash());
        At(1095, c => c.Kubelets["node-4"].Recover());
        return c;
    }

    private static void AssertSameUsage(Sim.Cluster literal, Sim.Cluster fast)
    {
        var at = literal.Now;
        Assert.True(literal.Load.Pods.SequenceEqual(fast.Load.Pods), $"pod usage differs at {at}");
        Assert.True(literal.Load.PodsInStepOrder.SequenceEqual(fast.Load.PodsInStepOrder), $"pods in step order differ at {at}");
        Assert.True(literal.Load.Nodes.SequenceEqual(fast.Load.Nodes), $"node usage differs at {at}");
        foreach (var (l, f) in literal.Load.Targets.Zip(fast.Load.Targets))
        {
            Assert.Equal((l.OfferedRps, l.ServedRps, l.Endpoints), (f.OfferedRps, f.ServedRps, f.Endpoints));
        }
    }

    private static void AssertSameMetrics(Sim.Cluster literal, Sim.Cluster fast)
    {
        var at = literal.Now;
        Assert.Equal(literal.Metrics.HasAnyMetrics, fast.Metrics.HasAnyMetrics);
        foreach (var pod in literal.Store.List<Pod>())
        {
            bool l = literal.Metrics.TryGetPodMetrics(pod.Metadata.Namespace, pod.Metadata.Name, out var lm);
            bool f = fast.Metrics.TryGetPodMetrics(pod.Metadata.Namespace, pod.Metadata.Name, out var fm);
            Assert.True((l, lm) == (f, fm), $"metrics of {pod.Key} at {at}: {lm} vs {fm}");
        }

        foreach (var name in literal.Kubelets.Keys)
        {
            bool l = literal.Metrics.TryGetNodeMetrics(name, out var lm);
            bool f = fast.Metrics.TryGetNodeMetrics(name, out var fm);
            Assert.True((l, lm) == (f, fm), $"metrics of node {name} at {at}: {lm} vs {fm}");
        }

        foreach (var (resource, selector) in new[] { ("cpu", "app=web"), ("memory", "app=web"), ("cpu", "app in (idle, crashy)"), ("cpu", "app!=web") })
        {
            var l = literal.Metrics.GetResourceMetric(resource, "default", Selector.Parse(selector), out var le);
            var f = fast.Metrics.GetResourceMetric(resource, "default", Selector.Parse(selector), out var fe);
            Assert.Equal(le, fe);
            Assert.Equal(l?.ToList(), f?.ToList());
        }
    }

    /// <summary>The default window, one shorter than a step (a rate still needs two readings), and one that is not a whole number of steps.</summary>
    [Theory]
    [InlineData(60)]
    [InlineData(10)]
    [InlineData(50)]
    public void EveryStepAndEveryMetricIsTheLiteralOne(int windowSeconds)
    {
        var window = TimeSpan.FromSeconds(windowSeconds);
        using var literal = Build(fastPaths: false, window);
        using var fast = Build(fastPaths: true, window);
        // Metrics are read rarely (reading brings series up to date), usage at every step.
        var reads = new[] { 4, 10, 13, 17, 25 }.Select(m => TimeSpan.FromMinutes(m)).ToHashSet();
        for (var t = TimeSpan.Zero; t <= TimeSpan.FromMinutes(30); t += TimeSpan.FromSeconds(15))
        {
            literal.RunUntil(t);
            fast.RunUntil(t);
            AssertSameUsage(literal, fast);
            if (reads.Contains(t))
            {
                AssertSameMetrics(literal, fast);
            }
        }

        AssertSameMetrics(literal, fast);
        Assert.Equal(literal.Trace.HashHex(), fast.Trace.HashHex());
        Assert.Equal(literal.Kernel.LiteralEvents, fast.Kernel.LiteralEvents);
        Assert.Equal(literal.Load.TotalServedRequests, fast.Load.TotalServedRequests);
        // The run did what it is meant to exercise: the HPA scaled, pods restarted, node-4 lost its Node.
        Assert.Contains(literal.Events.Occurrences, e => e.Event.Reason == "SuccessfulRescale");
        Assert.Contains(literal.Events.Occurrences, e => e.Event.Reason == "BackOff");
        Assert.Null(literal.Store.Get<Node>("", "node-4"));
    }

    [Fact]
    public void AFastStepRecomputesOnlyTheNodesWhoseInputsChanged()
    {
        using var c = NewCluster(nodes: 3);
        c.Api.Create(Pod("web-1", "web", "node-1"));
        c.Api.Create(Pod("idle-1", "idle", "node-2"));
        c.Api.Create(Pod("idle-2", "idle", "node-2"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), t => t < TimeSpan.FromMinutes(2) ? 10 : 20);
        c.RunUntil(TimeSpan.FromSeconds(90));

        // Settled, constant load: a step finds nothing to recompute and the scrape touches nothing.
        c.Load.StepNow();
        Assert.Empty(c.Load.Changes);

        // The load changes: only the loaded pod's node is recomputed, and only that pod changed.
        c.RunUntil(TimeSpan.FromMinutes(2));
        var change = Assert.Single(c.Load.Changes);
        Assert.Equal("node-1", change.Node);
        Assert.Equal(["default/web-1"], change.Changed);
        Assert.False(change.KubeletStateChanged);

        // The idle pods' series were never touched since their first readings, yet read as the literal ones would.
        Assert.True(c.Metrics.TryGetPodMetrics("default", "idle-1", out var idle));
        Assert.Equal(new UsageMetrics(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(60), 10, 64L * 1024 * 1024), idle);

        // A crash lists the node with its kubelet's state changed, so every pod's reachability is looked at again.
        c.Kubelets["node-2"].Crash();
        c.Load.StepNow();
        change = Assert.Single(c.Load.Changes);
        Assert.Equal(("node-2", true), (change.Node, change.KubeletStateChanged));
        Assert.False(c.Metrics.TryGetPodMetrics("default", "idle-1", out _));
    }

    public static TheoryData<string> Scenarios() => new() { "php-apache-hpa.yaml", "diurnal.yaml", "partition.yaml", "frontend-peak-crashes.yaml", "load-capacity.yaml" };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void AScenarioGivesTheSameOutputsWithAndWithoutFastPaths(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Running.RepoPaths.Scenarios, file)).Scenario!;
        var literal = ScenarioRunner.Run(scenario, new RunOptions { FastPaths = false });
        var fast = ScenarioRunner.Run(scenario, new RunOptions { FastPaths = true });

        static string Csv(Action<TextWriter, RunResult> write, RunResult result)
        {
            using var w = new StringWriter { NewLine = "\n" };
            write(w, result);
            return w.ToString();
        }

        Assert.Equal(literal.TraceHash, fast.TraceHash);
        Assert.Equal(literal.EventCount, fast.EventCount);
        Assert.Equal(literal.Transcript, fast.Transcript);
        Assert.Equal(Csv(CsvWriters.WriteEvents, literal), Csv(CsvWriters.WriteEvents, fast));
        Assert.Equal(Csv(CsvWriters.WriteTimeSeries, literal), Csv(CsvWriters.WriteTimeSeries, fast));
        Assert.Equal(SummaryWriter.Render(literal), SummaryWriter.Render(fast));
        Assert.Equivalent(literal.Expectations, fast.Expectations, strict: true);
        Assert.Equivalent(literal.Load, fast.Load, strict: true);
        Assert.Equivalent(literal.Autoscalers, fast.Autoscalers, strict: true);
        Assert.Equivalent(literal.FaultImpacts, fast.FaultImpacts, strict: true);
        Assert.Equivalent(literal.Rollouts, fast.Rollouts, strict: true);
        Assert.Equivalent(literal.Pending, fast.Pending, strict: true);
        Assert.Equal(literal.Warnings, fast.Warnings);
        Assert.Equal(literal.InvariantViolations, fast.InvariantViolations);
    }
}
