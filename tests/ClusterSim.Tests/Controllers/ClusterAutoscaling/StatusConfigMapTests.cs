using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Controllers.ClusterAutoscaling;

/// <summary>
/// The status ConfigMap kube-system/cluster-autoscaler-status: its YAML as gopkg.in/yaml.v2 marshals api/types.go
/// (ported from clusterstate/utils/status_test.go), written Initializing at the start and Running after every loop,
/// with the node counts per group, InProgress while a scale-up's nodes are coming, Backoff after a scale-up that never
/// registered is given up, scale-down candidates, and the events cluster-autoscaler records on it.
/// </summary>
public class StatusConfigMapTests
{
    private static readonly Dictionary<string, ImageBehavior> Images = new(StringComparer.Ordinal)
    {
        ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(5), ReadyAfter = TimeSpan.FromSeconds(2) },
    };

    private static NodeGroupSpec Group(string name, int min = 1, int max = 5, int initial = 1) => new()
    {
        Name = name,
        MinSize = min,
        MaxSize = max,
        InitialSize = initial,
        NewNode = i =>
        {
            var node = new Node { Metadata = { Name = name + "-" + (i + 1).ToString(CultureInfo.InvariantCulture) } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("2");
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("8Gi");
            return node;
        },
    };

    private static Sim.Cluster NewCluster(ClusterAutoscalerConfig? config = null, params NodeGroupSpec[] groups)
    {
        var c = new Sim.Cluster(1, new ControlPlaneConfig { ClusterAutoscaler = config ?? new() }, new ImageCatalog(Images));
        foreach (var g in groups)
        {
            c.AddNodeGroup(g);
        }

        return c;
    }

    private static ConfigMap StatusMap(Sim.Cluster c) => (ConfigMap)c.Store.Get("ConfigMap", "kube-system/cluster-autoscaler-status")!;

    private static string StatusText(Sim.Cluster c) => StatusMap(c).Data["status"];

    private static List<string> StatusEvents(Sim.Cluster c) =>
        c.Events.Events.Where(e => e.InvolvedKind == "ConfigMap" && e.InvolvedName == "cluster-autoscaler-status").Select(e => $"{e.Type} {e.Reason} {e.Message}").ToList();

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void PortedWriteStatusConfigMap()
    {
        // TestWriteStatusConfigMap: only the time and the message; every empty field is left out.
        var epoch = new DateTimeOffset(2023, 12, 21, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            "time: 2023-12-21 00:00:00 +0000 UTC\nmessage: TEST_MSG\n",
            ClusterAutoscalerStatusYaml.Marshal(new ClusterAutoscalerStatus { AutoscalerStatus = "", Message = "TEST_MSG" }, epoch, epoch));
    }

    [Fact]
    public void PortedWriteStatusConfigMapMarshal()
    {
        // TestWriteStatusConfigMapMarshal (status_test.yaml), with the nanoseconds rounded to the simulator's 100 ns
        // ticks; written as yaml.v2 writes it: quoted times, a single-quoted message folded past column 80.
        var epoch = new DateTimeOffset(2023, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var probe = new DateTimeOffset(2023, 11, 24, 4, 28, 19, TimeSpan.Zero).AddTicks(490) - epoch;
        var transition = new DateTimeOffset(2023, 11, 23, 14, 52, 2, TimeSpan.Zero).AddTicks(110) - epoch;
        var counts = new NodeCount(Registered: 10, Ready: 4, NotStarted: 3, BeingDeleted: 1, Unready: 2, ResourceUnready: 1, LongUnregistered: 1, Unregistered: 2);
        var status = new ClusterAutoscalerStatus
        {
            AutoscalerStatus = "Running",
            Message = "TEST_MSG",
            ClusterWide = new ClusterWideStatus
            {
                Health = new HealthCondition { Status = "Healthy", NodeCounts = counts, LastProbeTime = probe, LastTransitionTime = transition },
                ScaleUp = new ScaleUpCondition { Status = "NoActivity", LastProbeTime = probe, LastTransitionTime = transition },
                ScaleDown = new ScaleDownCondition { Status = "NoCandidates", Candidates = 2, LastProbeTime = probe, LastTransitionTime = transition },
            },
            NodeGroups =
            [
                new NodeGroupStatus
                {
                    Name = "sample-node-group",
                    Health = new HealthCondition { Status = "Healthy", NodeCounts = counts, Sizes = (8, 2, 12), LastProbeTime = probe, LastTransitionTime = transition },
                    ScaleUp = new ScaleUpCondition
                    {
                        Status = "Backoff",
                        BackoffErrorCode = "QUOTA_EXCEEDED",
                        BackoffErrorMessage = "Instance 'sample-node-group-40ce0341-t28s' creation failed: Quota 'CPUS' exceeded. Limit: 57.0 in region us-central1.",
                        LastProbeTime = probe,
                        LastTransitionTime = transition,
                    },
                    ScaleDown = new ScaleDownCondition { Status = "NoCandidates", Candidates = 2, LastProbeTime = probe, LastTransitionTime = transition },
                },
            ],
        };
        string times = "    lastProbeTime: \"2023-11-24T04:28:19.000049Z\"\n    lastTransitionTime: \"2023-11-23T14:52:02.000011Z\"";
        string counted = Lines(
            "    nodeCounts:",
            "      registered:",
            "        total: 10",
            "        ready: 4",
            "        notStarted: 3",
            "        beingDeleted: 1",
            "        unready:",
            "          total: 2",
            "          resourceUnready: 1",
            "      longUnregistered: 1",
            "      unregistered: 2");
        Assert.Equal(
            "time: 2023-11-24 04:28:19.5467503 +0000 UTC\nautoscalerStatus: Running\nmessage: TEST_MSG\nclusterWide:\n  health:\n    status: Healthy\n" + counted + times
            + "\n  scaleUp:\n    status: NoActivity\n" + times + "\n  scaleDown:\n    status: NoCandidates\n    candidates: 2\n" + times
            + "\nnodeGroups:\n- name: sample-node-group\n  health:\n    status: Healthy\n" + counted + "    cloudProviderTarget: 8\n    minSize: 2\n    maxSize: 12\n" + times
            + "\n  scaleUp:\n    status: Backoff\n    backoffInfo:\n      errorCode: QUOTA_EXCEEDED\n"
            + "      errorMessage: 'Instance ''sample-node-group-40ce0341-t28s'' creation failed:\n        Quota ''CPUS'' exceeded. Limit: 57.0 in region us-central1.'\n" + times
            + "\n  scaleDown:\n    status: NoCandidates\n    candidates: 2\n" + times + "\n",
            ClusterAutoscalerStatusYaml.Marshal(status, new DateTimeOffset(2023, 11, 24, 4, 28, 19, TimeSpan.Zero).AddTicks(5_467_503), epoch));
    }

    [Fact]
    public void InitializingAtTheStartThenRunningEveryLoop()
    {
        using var c = NewCluster(null, Group("worker", min: 1, max: 3, initial: 2));
        var map = StatusMap(c);
        Assert.Equal("time: 2025-01-06 09:00:00 +0000 UTC\nautoscalerStatus: Initializing\n", map.Data["status"]);
        Assert.Equal("2025-01-06 09:00:00 +0000 UTC", map.Metadata.Annotations[ClusterAutoscaler.LastUpdatedAnnotation]);

        // The first loop at 10 s: both nodes Ready; empty nodes above min are scale-down candidates.
        c.RunUntil(TimeSpan.FromSeconds(15));
        Assert.Same(map, StatusMap(c));
        Assert.Equal("2025-01-06 09:00:10 +0000 UTC", map.Metadata.Annotations[ClusterAutoscaler.LastUpdatedAnnotation]);
        const string Times = "    lastProbeTime: \"2025-01-06T09:00:10Z\"\n    lastTransitionTime: \"2025-01-06T09:00:10Z\"\n";
        string counts = Lines("    nodeCounts:", "      registered:", "        total: 2", "        ready: 2", "        notStarted: 0", "      longUnregistered: 0", "      unregistered: 0");
        Assert.Equal(
            "time: 2025-01-06 09:00:10 +0000 UTC\nautoscalerStatus: Running\nclusterWide:\n  health:\n    status: Healthy\n" + counts + Times
            + "  scaleUp:\n    status: NoActivity\n" + Times + "  scaleDown:\n    status: CandidatesPresent\n    candidates: 2\n" + Times
            + "nodeGroups:\n- name: worker\n  health:\n    status: Healthy\n" + counts + "    cloudProviderTarget: 2\n    minSize: 1\n    maxSize: 3\n" + Times
            + "  scaleUp:\n    status: NoActivity\n" + Times + "  scaleDown:\n    status: CandidatesPresent\n    candidates: 2\n" + Times,
            map.Data["status"]);
        Assert.Equal(ClusterAutoscalerStatus.Running, c.Autoscaler!.Status.AutoscalerStatus);
    }

    [Fact]
    public void AScaleUpIsInProgressWhileItsNodesAreComing()
    {
        using var c = NewCluster(null, Group("worker", max: 5));
        c.Api.Create(Rc("web", 8, cpu: "500m"));

        // The scale-up at 10 s (1 -> 2): the new node is unregistered, the group's target is 2.
        c.RunUntil(TimeSpan.FromMinutes(1));
        var group = Assert.Single(c.Autoscaler!.Status.NodeGroups);
        Assert.Equal(("InProgress", TimeSpan.FromSeconds(10)), (group.ScaleUp.Status, group.ScaleUp.LastTransitionTime));
        Assert.Equal(new NodeCount(Registered: 1, Ready: 1, NotStarted: 0, BeingDeleted: 0, Unready: 0, ResourceUnready: 0, LongUnregistered: 0, Unregistered: 1), group.Health.NodeCounts);
        Assert.Equal((2, 1, 5), group.Health.Sizes);
        Assert.Equal("InProgress", c.Autoscaler.Status.ClusterWide!.ScaleUp.Status);
        Assert.Contains("  scaleUp:\n    status: InProgress\n", StatusText(c), StringComparison.Ordinal);
        Assert.Equal(
        [
            "Normal ScaledUpGroup Scale-up: setting group worker size to 2 instead of 1 (max: 5)",
            "Normal ScaledUpGroup Scale-up: group worker size set to 2 instead of 1 (max: 5)",
        ],
            StatusEvents(c));

        // Registered (3 min later) and Ready: the scale-up is done.
        c.RunUntil(TimeSpan.FromMinutes(4));
        group = Assert.Single(c.Autoscaler.Status.NodeGroups);
        Assert.Equal("NoActivity", group.ScaleUp.Status);
        Assert.Equal((2, 2, 0), (group.Health.NodeCounts.Registered, group.Health.NodeCounts.Ready, group.Health.NodeCounts.Unregistered));
    }

    [Fact]
    public void AScaleUpThatNeverRegistersIsGivenUpAndTheGroupBacksOff()
    {
        var config = new ClusterAutoscalerConfig { MaxNodeProvisionTime = TimeSpan.FromMinutes(2) };
        using var c = NewCluster(config, Group("worker", max: 5));
        c.Cloud!.SetNoCapacity("worker", null);
        c.Api.Create(Rc("web", 8, cpu: "500m"));

        c.RunUntil(TimeSpan.FromMinutes(2));
        var group = Assert.Single(c.Autoscaler!.Status.NodeGroups);
        Assert.Equal(("InProgress", 1), (group.ScaleUp.Status, group.Health.NodeCounts.Unregistered));

        // The scale-up at 10 s times out at 2m10s: the group backs off with CA's "timeout" error. That loop's counts and
        // target are the ones it started with (the unregistered node, target 2); the next loop's have neither.
        c.RunUntil(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(15));
        group = Assert.Single(c.Autoscaler.Status.NodeGroups);
        Assert.Equal(("Backoff", "timeout", "Scale-up timed out for node group worker after 2m0s"), (group.ScaleUp.Status, group.ScaleUp.BackoffErrorCode, group.ScaleUp.BackoffErrorMessage));
        Assert.Equal((2, 1), (group.Health.Sizes!.Value.CloudProviderTarget, group.Health.NodeCounts.Unregistered));
        c.RunUntil(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(25));
        group = Assert.Single(c.Autoscaler.Status.NodeGroups);
        Assert.Equal(("Backoff", 1, 0), (group.ScaleUp.Status, group.Health.Sizes!.Value.CloudProviderTarget, group.Health.NodeCounts.Unregistered));
        Assert.Contains(
            "  scaleUp:\n    status: Backoff\n    backoffInfo:\n      errorCode: timeout\n      errorMessage: Scale-up timed out for node group worker after 2m0s\n",
            StatusText(c),
            StringComparison.Ordinal);
        Assert.Equal(
        [
            "Normal ScaledUpGroup Scale-up: setting group worker size to 2 instead of 1 (max: 5)",
            "Normal ScaledUpGroup Scale-up: group worker size set to 2 instead of 1 (max: 5)",
            "Warning ScaleUpTimedOut Nodes added to group worker failed to register within 2m0s",
            "Normal DeleteUnregistered Removed unregistered node worker-2",
        ],
            StatusEvents(c));

        // The backoff (5 minutes) ends: nothing in progress, the pods ask again.
        c.RunUntil(TimeSpan.FromMinutes(7) + TimeSpan.FromSeconds(20));
        Assert.Equal("InProgress", Assert.Single(c.Autoscaler.Status.NodeGroups).ScaleUp.Status);
    }

    [Fact]
    public void ScaleDownAnnouncesEachNodeOnTheStatusConfigMap()
    {
        using var c = NewCluster(null, Group("worker", min: 1, max: 5, initial: 3));
        var pod = Rc("web", 1, cpu: "500m");
        c.Api.Create(pod);
        c.RunUntil(TimeSpan.FromSeconds(30));
        string busy = c.Store.List<Pod>().Single().Spec.NodeName;

        c.RunUntil(TimeSpan.FromMinutes(12));
        var events = StatusEvents(c);

        // The two empty nodes go together; the busy one stays (the group's min is 1, and it holds the pod).
        var empty = new[] { "worker-1", "worker-2", "worker-3" }.Where(n => n != busy).ToList();
        Assert.Equal(
            [.. empty.Select(n => $"Normal ScaleDownEmpty Scale-down: removing empty node \"{n}\""), .. empty.Select(n => $"Normal ScaleDownEmpty Scale-down: empty node {n} removed")],
            events);
        Assert.NotNull(c.Store.Get("Node", busy));
        var status = c.Autoscaler!.Status;
        Assert.Equal(("NoCandidates", 0), (status.ClusterWide!.ScaleDown.Status, status.ClusterWide.ScaleDown.Candidates));
    }

    [Fact]
    public void ADrainedNodeIsAnnouncedWithItsUtilizationAndPods()
    {
        using var c = NewCluster(null, Group("worker", min: 1, max: 5, initial: 1));
        var rc = c.Api.Create(Rc("web", 6, cpu: "500m"));
        c.RunUntil(TimeSpan.FromMinutes(4));

        // 4 + 2 pods; 3 go, from the fuller node: 1 + 2 are left, and one of the two nodes is drained onto the other.
        rc.Replicas = 3;
        c.Api.Update(rc, specChanged: true);
        c.RunUntil(TimeSpan.FromMinutes(20));

        var events = StatusEvents(c);
        var removing = Assert.Single(events, e => e.StartsWith("Normal ScaleDown Scale-down: removing node ", StringComparison.Ordinal));
        // One 500m pod on a 2-CPU node (no memory requested): utilization.Info as %v prints it.
        Assert.Matches(@"^Normal ScaleDown Scale-down: removing node worker-1, utilization: \{0\.25 0 0 0 cpu 0\.25\}, pods to reschedule: web-[a-z0-9]{5}$", removing);
        string node = removing.Split(' ')[5].TrimEnd(',');
        Assert.Contains($"Normal ScaleDown Scale-down: node {node} removed with drain", events);
    }

    [Fact]
    public void UtilizationPrintsAsGosPercentV()
    {
        Assert.Equal("{0.25 0.0625 0 0 cpu 0.25}", new UtilizationInfo(0.25, 0.0625).ToString());
        Assert.Equal("{0.5 0.5 0 0 memory 0.5}", new UtilizationInfo(0.5, 0.5).ToString());
        Assert.Equal(
            ["0.3333333333333333", "1e-05", "0.0001", "1e+06", "123456", "1", "2.5e-07", "0"],
            new[] { 1.0 / 3, 1e-5, 0.0001, 1e6, 123456.0, 1.0, 2.5e-7, 0 }.Select(UtilizationInfo.GoFloat));
    }
}
