using System.Globalization;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;

namespace ClusterSim.Tests.Controllers.ClusterAutoscaling;

/// <summary>
/// --enforce-node-group-min-size (orchestrator.go ScaleUpToNodeGroupMinSize): a group whose target is below its min is
/// raised to the min with no pod waiting, only with the flag, capped by --max-nodes-total and not while backed off.
/// </summary>
public class EnforceMinSizeTests
{
    private static NodeGroupSpec Group(string name, int min, int initial, int max = 5) => new()
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

    private static Sim.Cluster NewCluster(ClusterAutoscalerConfig config, params NodeGroupSpec[] groups)
    {
        var c = new Sim.Cluster(1, new ControlPlaneConfig { ClusterAutoscaler = config });
        foreach (var g in groups)
        {
            c.AddNodeGroup(g);
        }

        return c;
    }

    private static List<string> StatusEvents(Sim.Cluster c) =>
        c.Events.Events.Where(e => e.InvolvedName == ClusterAutoscaler.StatusConfigMapName).Select(e => e.Message).ToList();

    [Fact]
    public void AGroupBelowItsMinIsRaisedAtTheFirstLoop()
    {
        using var c = NewCluster(new ClusterAutoscalerConfig { EnforceNodeGroupMinSize = true }, Group("worker", min: 3, initial: 1), Group("other", min: 1, initial: 1));
        c.RunUntil(TimeSpan.FromSeconds(15));

        Assert.Equal((3, 1), (c.Cloud!.TargetSize("worker"), c.Cloud.TargetSize("other")));
        Assert.Equal(
            ["Scale-up: setting group worker size to 3 instead of 1 (max: 5)", "Scale-up: group worker size set to 3 instead of 1 (max: 5)"],
            StatusEvents(c));
        Assert.Equal("InProgress", c.Autoscaler!.Status.Group("worker")!.ScaleUp.Status);

        // The nodes register after the provisioning delay; nothing more is asked.
        c.RunUntil(TimeSpan.FromMinutes(4));
        Assert.Equal(4, c.Store.Count("Node"));
        Assert.Equal(1, c.Autoscaler.ScaleUps);
    }

    [Fact]
    public void WithoutTheFlagTheGroupStaysBelowItsMin()
    {
        using var c = NewCluster(new ClusterAutoscalerConfig(), Group("worker", min: 3, initial: 1));
        c.RunUntil(TimeSpan.FromMinutes(5));

        Assert.Equal(1, c.Cloud!.TargetSize("worker"));
        Assert.Empty(StatusEvents(c));
    }

    [Fact]
    public void MaxNodesTotalCapsItAgainstTheGroupsTarget()
    {
        // GetCappedNewNodeCount(min - target, target): 1 + 3 > 2, so 1 more, and MaxNodesTotalReached.
        using var c = NewCluster(new ClusterAutoscalerConfig { EnforceNodeGroupMinSize = true, MaxNodesTotal = 2 }, Group("worker", min: 4, initial: 1));
        c.RunUntil(TimeSpan.FromSeconds(15));

        Assert.Equal(2, c.Cloud!.TargetSize("worker"));
        Assert.Equal(
            ["Max total nodes in cluster reached: 2", "Scale-up: setting group worker size to 2 instead of 1 (max: 5)", "Scale-up: group worker size set to 2 instead of 1 (max: 5)"],
            StatusEvents(c));
    }

    [Fact]
    public void ABackedOffGroupWaits()
    {
        // The raise never registers: after maxNodeProvisionTime the group backs off (5 minutes) and is not raised again
        // until the backoff ends.
        using var c = NewCluster(new ClusterAutoscalerConfig { EnforceNodeGroupMinSize = true, MaxNodeProvisionTime = TimeSpan.FromMinutes(1) }, Group("worker", min: 2, initial: 0));
        c.Cloud!.SetNoCapacity("worker", null);
        c.RunUntil(TimeSpan.FromMinutes(3));
        Assert.Equal(0, c.Cloud.TargetSize("worker"));
        Assert.Equal("Backoff", c.Autoscaler!.Status.Group("worker")!.ScaleUp.Status);

        c.RunUntil(TimeSpan.FromMinutes(7));
        Assert.Equal(2, c.Cloud.TargetSize("worker"));
        Assert.Equal(2, c.Autoscaler.ScaleUps);
    }

    [Fact]
    public void InAScenario()
    {
        var text = string.Join(
            "\n",
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: enforce}",
            "spec:",
            "  duration: 5m",
            "  controlPlane:",
            "    clusterAutoscaler: {enforceNodeGroupMinSize: true}",
            "  nodes:",
            "    - {name: worker, count: 0, autoscaling: {min: 2, max: 4}, provisioning: {delay: 1m}, labels: {pool: worker}, capacity: {cpu: \"2\", memory: 4Gi}}",
            "  expect:",
            "    - at: 30s",
            "      that: count(nodes, \"pool=worker\") == 0",
            "    - by: 2m",
            "      that: count(nodes, \"pool=worker\", ready) == 2",
            "");
        var loaded = ScenarioLoader.LoadText(text, "enforce.yaml");
        Assert.Empty(loaded.Diagnostics);
        var result = ScenarioRunner.Run(loaded.Scenario!);
        Assert.All(result.Expectations, e => Assert.True(e.Passed, $"{e.Text}: seen {e.Seen}"));
        Assert.Equal(2, result.Expectations.Count);
    }
}
