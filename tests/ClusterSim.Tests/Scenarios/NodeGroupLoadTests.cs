using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// spec.nodes pools as Cluster Autoscaler node groups: `autoscaling: {min, max}`, `provisioning: {delay, jitter}` and
/// `price`, their defaults, and every error at its line and column.
/// </summary>
public sealed class NodeGroupLoadTests : IDisposable
{
    private static readonly string[] Head =
    [
        "apiVersion: clustersim.io/v1alpha1", // 1
        "kind: Scenario",                      // 2
        "metadata:",                           // 3
        "  name: node-groups",                 // 4
        "spec:",                               // 5
        "  duration: 30m",                     // 6
        "  nodes:",                            // 7
        "    - name: worker",                  // 8
        "      capacity: {cpu: \"4\", memory: 8Gi}", // 9
    ];

    private readonly TestFiles _files = TestFiles.Create();

    public void Dispose() => _files.Dispose();

    private LoadResult Load(params string[] lines) => ScenarioLoader.Load(_files.Write("scenario.yaml", [.. Head, .. lines]));

    private NodePoolSpec Pool(params string[] lines)
    {
        var result = Load(lines);
        Assert.Empty(result.Diagnostics);
        return result.Scenario!.Nodes[0];
    }

    private void AssertError(int line, int column, string message, params string[] lines)
    {
        var result = Load(lines);
        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "scenario.yaml", line, column, message);
    }

    [Fact]
    public void AFixedPoolHasNoAutoscalingNorPrice()
    {
        var pool = Pool("      count: 2");

        Assert.Null(pool.Autoscaling);
        Assert.Null(pool.Price);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void CountDefaultsToMinAndProvisioningToThreeMinutesWithoutJitter()
    {
        var pool = Pool("      autoscaling: {min: 2, max: 5}");

        Assert.Equal(new PoolAutoscaling(2, 5), pool.Autoscaling);
        Assert.Equal(2, pool.Count);
        Assert.Equal(TimeSpan.FromMinutes(3), pool.Autoscaling!.ProvisioningDelay);
        Assert.Equal(TimeSpan.Zero, pool.Autoscaling.ProvisioningJitter);
        Assert.Equal(["worker-1", "worker-2"], pool.NodeNames());
    }

    [Fact]
    public void EverythingGiven()
    {
        var pool = Pool(
            "      count: 3",
            "      autoscaling: {min: 1, max: 20}",
            "      provisioning: {delay: 90s, jitter: 30s}",
            "      price: 0.192");

        Assert.Equal(3, pool.Count);
        Assert.Equal(new PoolAutoscaling(1, 20) { ProvisioningDelay = TimeSpan.FromSeconds(90), ProvisioningJitter = TimeSpan.FromSeconds(30) }, pool.Autoscaling);
        Assert.Equal(0.192, pool.Price);
    }

    [Fact]
    public void AGroupMayStartEmptyAndScaleFromZero()
    {
        var pool = Pool("      autoscaling: {min: 0, max: 1}");

        Assert.Equal(0, pool.Count);
        Assert.Empty(pool.NodeNames());
    }

    [Fact]
    public void OnlyTheDelayOrOnlyTheJitter()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Pool("      autoscaling: {min: 1, max: 2}", "      provisioning: {jitter: 20s}").Autoscaling!.ProvisioningJitter);
        Assert.Equal(TimeSpan.Zero, Pool("      autoscaling: {min: 1, max: 2}", "      provisioning: {delay: 0s}").Autoscaling!.ProvisioningDelay);
    }

    [Fact]
    public void AnyPoolMayHaveAPrice() => Assert.Equal(0.0, Pool("      price: 0").Price);

    [Fact]
    public void NodeGroupOfThePool()
    {
        var pool = Pool("      count: 2", "      autoscaling: {min: 1, max: 3}", "      provisioning: {delay: 1m, jitter: 5s}", "      price: 0.5", "      zones: [a, b]");

        var group = pool.CreateNodeGroup();

        Assert.Equal(("worker", 1, 3, 2), (group.Name, group.MinSize, group.MaxSize, group.InitialSize));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), (double?)0.5), (group.ProvisioningDelay, group.ProvisioningJitter, group.Price));
        var third = group.NewNode(2);
        Assert.Equal("worker-3", third.Metadata.Name);
        Assert.Equal("a", third.Metadata.Labels[NodePoolSpec.ZoneLabel]);
        Assert.Equal("worker-3", third.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal(4000, third.Status.Capacity["cpu"].MilliValue());
        Assert.NotSame(group.NewNode(2), third);
    }

    [Theory]
    [InlineData("      autoscaling: {min: -1, max: 3}", 10, 26, "spec.nodes[0].autoscaling.min: min size must be >= 0, got -1")]
    [InlineData("      autoscaling: {min: 0, max: 0}", 10, 34, "spec.nodes[0].autoscaling.max: max size must be >= 1, got 0")]
    [InlineData("      autoscaling: {min: 4, max: 3}", 10, 34, "spec.nodes[0].autoscaling.max: max size must be greater or equal to min size (min 4, max 3)")]
    [InlineData("      autoscaling: {min: 1, max: 100001}", 10, 34, "spec.nodes[0].autoscaling.max: expected at most 100000 nodes, got 100001")]
    [InlineData("      autoscaling: {max: 3}", 10, 20, "spec.nodes[0].autoscaling.min is required (autoscaling: {min: 1, max: 10})")]
    [InlineData("      autoscaling: {min: 1}", 10, 20, "spec.nodes[0].autoscaling.max is required (autoscaling: {min: 1, max: 10})")]
    [InlineData("      autoscaling: {min: 1, max: three}", 10, 34, "spec.nodes[0].autoscaling.max: expected an integer, got string \"three\"")]
    [InlineData("      autoscaling: 3", 10, 20, "spec.nodes[0].autoscaling: expected a mapping, got number 3")]
    [InlineData("      autoscaling: {min: 1, max: 3, mx: 4}", 10, 37, "unknown field \"mx\" in spec.nodes[0].autoscaling (did you mean \"max\"? expected one of: min, max)")]
    [InlineData("      autoscalling: {min: 1, max: 3}", 10, 7, "unknown field \"autoscalling\" in a spec.nodes pool (did you mean \"autoscaling\"? expected one of: name, count, capacity, labels, taints, zones, autoscaling, provisioning, price)")]
    [InlineData("      flavour: big", 10, 7, "unknown field \"flavour\" in a spec.nodes pool (expected one of: name, count, capacity, labels, taints, zones, autoscaling, provisioning, price)")]
    [InlineData("      provisioning: {delay: 1m}", 10, 7, "spec.nodes[0].provisioning: provisioning is only for a node group: add autoscaling: {min: N, max: N} to the pool (a fixed pool's nodes exist from the start)")]
    [InlineData("      price: -0.1", 10, 14, "spec.nodes[0].price: a price per node-hour must not be negative, got -0.1")]
    [InlineData("      price: cheap", 10, 14, "spec.nodes[0].price: expected a number, got string \"cheap\"")]
    public void BadAutoscaling(string line, int lineNo, int column, string message) => AssertError(lineNo, column, message, line);

    [Theory]
    [InlineData("      provisioning: {delay: -1m}", 11, 29, "spec.nodes[0].provisioning.delay: must not be negative, got -1m")]
    [InlineData("      provisioning: {delay: 1m, jitter: soon}", 11, 41, "spec.nodes[0].provisioning.jitter: time: invalid duration \"soon\" (expected a duration such as 500ms, 90s, 1m30s, 2h)")]
    [InlineData("      provisioning: {delay: 1m, jiter: 5s}", 11, 33, "unknown field \"jiter\" in spec.nodes[0].provisioning (did you mean \"jitter\"? expected one of: delay, jitter)")]
    [InlineData("      count: 4", 11, 14, "spec.nodes[0].count: count 4 is above the node group's size range: expected at most autoscaling max 3")]
    public void BadProvisioningOrCountOfAGroup(string line, int lineNo, int column, string message) =>
        AssertError(lineNo, column, message, "      autoscaling: {min: 1, max: 3}", line);

    [Fact]
    public void AGroupMayStartBelowItsMin()
    {
        // The autoscaler's bounds are not the cloud's: the group starts with 0 nodes; only pending pods or
        // enforceNodeGroupMinSize raise it.
        var pool = Pool("      autoscaling: {min: 1, max: 3}", "      count: 0");

        Assert.Equal((0, 1), (pool.Count, pool.CreateNodeGroup().MinSize));
    }

    [Fact]
    public void ANodeManifestCannotAutoscale()
    {
        _files.Write("nodes/big.yaml", "apiVersion: v1", "kind: Node", "metadata: {name: big}", "status:", "  capacity: {cpu: \"8\", memory: 32Gi}");

        AssertError(11, 7, "a `manifest:` node entry cannot autoscale: it is one given Node; make a pool (name, count, capacity, ...) with autoscaling: {min, max} for a node group",
            "    - manifest: nodes/big.yaml",
            "      autoscaling: {min: 1, max: 3}");
    }

    [Fact]
    public void ANodeNamedLikeAGroupsFutureNodeIsRefused()
    {
        _files.Write("nodes/w.yaml", "apiVersion: v1", "kind: Node", "metadata: {name: worker-7}", "status:", "  capacity: {cpu: \"8\", memory: 32Gi}");

        AssertError(11, 7, "node \"worker-7\" clashes with the nodes that node group \"worker\" adds as it grows (worker-1, worker-2, ...): rename the node or the pool",
            "      autoscaling: {min: 1, max: 10}",
            "    - manifest: nodes/w.yaml");
    }

    [Fact]
    public void NodesOfAPoolWithALongerNameDoNotClash()
    {
        var result = Load(
            "      autoscaling: {min: 1, max: 10}",
            "    - name: worker-7",
            "      capacity: {cpu: \"4\", memory: 8Gi}");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["worker-1", "worker-7-1"], result.Scenario!.NodeNames());
    }

    [Fact]
    public void AZoneOnlyTheGroupsLaterNodesReachIsAZoneOfTheScenario()
    {
        var result = Load(
            "      autoscaling: {min: 1, max: 2}",
            "      zones: [a, b, c]",
            "  timeline:",
            "    - at: 1m",
            "      fault: zone-outage c");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["a", "b", "c"], result.Scenario!.Zones());
        Assert.Equal(["worker-1"], result.Scenario.NodeNames());
    }

    [Fact]
    public void ProvisionFaultsInBothTimelineForms()
    {
        var result = Load(
            "      autoscaling: {min: 1, max: 3}",
            "  timeline:",
            "    - at: 1m",
            "      fault: provision-failure worker for 10m",
            "    - at: 2m",
            "      fault: {provision-slow: worker 5m}",
            "    - at: 3m",
            "      fault: {provision-failure: worker}");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            ["provision-failure worker for 10m0s", "provision-slow worker 5m0s", "provision-failure worker"],
            result.Scenario!.Timeline.Select(e => e.Fault!.ToString()));
    }

    [Fact]
    public void AProvisionFaultOnAFixedPoolIsRefusedAtItsTarget() =>
        AssertError(13, 32, "pool \"worker\" does not autoscale: provision-failure needs a node group (a pool with autoscaling: {min, max})",
            "      count: 2",
            "  timeline:",
            "    - at: 1m",
            "      fault: provision-failure worker");

    [Fact]
    public void AMisspelledNodeGroupIsSuggested() =>
        AssertError(13, 29, "node group \"wroker\" is not declared by the scenario (did you mean \"worker\"? node groups: worker)",
            "      autoscaling: {min: 1, max: 3}",
            "  timeline:",
            "    - at: 1m",
            "      fault: provision-slow wroker 5m");
}
