using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Controllers.ClusterAutoscaling;

/// <summary>
/// --balance-similar-node-groups: the distribution ported from balancing_processor_test.go
/// (TestBalanceUnderMaxSize, TestBalanceHittingMaxSize) and a scale-up over two similar groups (orchestrator_test.go
/// TestScaleUpTwoGroups).
/// </summary>
public class BalancingTests
{
    private static Dictionary<string, int> Balance(int newNodes, params (string Group, int Current, int Max)[] groups) =>
        NodeGroupBalancing.Balance(groups, newNodes).ToDictionary(g => g.Group, g => g.NewSize);

    [Fact]
    public void BalanceUnderMaxSize()
    {
        (string, int, int)[] groups = [("ng1", 1, 10), ("ng2", 3, 10), ("ng3", 5, 10), ("ng4", 5, 10)];
        Assert.Equal(new Dictionary<string, int> { ["ng1"] = 2 }, Balance(1, groups));
        Assert.Equal(new Dictionary<string, int> { ["ng1"] = 3 }, Balance(2, groups));
        Assert.Equal(new Dictionary<string, int> { ["ng1"] = 4, ["ng2"] = 4 }, Balance(4, groups));
        var five = Balance(5, groups);
        Assert.Equal(9, five["ng1"] + five["ng2"]);
        Assert.All(five.Values, v => Assert.InRange(v, 4, 5));
        Assert.Equal(new Dictionary<string, int> { ["ng1"] = 6, ["ng2"] = 6, ["ng3"] = 6, ["ng4"] = 6 }, Balance(10, groups));
    }

    [Fact]
    public void BalanceHittingMaxSize()
    {
        Assert.Empty(Balance(1, ("ng1", 1, 1)));
        Assert.Equal(new Dictionary<string, int> { ["ng2"] = 3 }, Balance(5, ("ng1", 1, 1), ("ng2", 1, 3)));
        Assert.Equal(new Dictionary<string, int> { ["ng2"] = 3, ["ng3"] = 5 }, Balance(4, ("ng2", 1, 3), ("ng3", 3, 10)));
        Assert.Equal(new Dictionary<string, int> { ["ng2"] = 3, ["ng3"] = 8, ["ng4"] = 7 }, Balance(9, ("ng2", 1, 3), ("ng3", 3, 10), ("ng4", 5, 7)));
        Assert.Equal(new Dictionary<string, int> { ["ng2"] = 3, ["ng3"] = 10, ["ng4"] = 7 }, Balance(900, ("ng2", 1, 3), ("ng3", 3, 10), ("ng4", 5, 7)));
        Assert.Equal(new Dictionary<string, int> { ["ng2"] = 2 }, Balance(1, ("ng2", 1, 3), ("ng5", 6, 3)));
    }

    private static NodeGroupSpec Group(string name, string zone) => new()
    {
        Name = name,
        MinSize = 1,
        MaxSize = 10,
        InitialSize = 1,
        NewNode = i =>
        {
            var node = new Node { Metadata = { Name = name + "-" + (i + 1).ToString(CultureInfo.InvariantCulture) } };
            node.Metadata.Labels["topology.kubernetes.io/zone"] = zone;
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("1500m");
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("4Gi");
            return node;
        },
    };

    [Theory]
    [InlineData(true, "pod triggered scale-up: [{ng1 1->2 (max: 10)} {ng2 1->2 (max: 10)}]")]
    [InlineData(false, null)]
    public void TwoSimilarGroupsShareAScaleUp(bool balance, string? message)
    {
        // TestScaleUpTwoGroups: each group's node runs a 1400m pod; two more 1400m pods need two nodes.
        var images = new ImageCatalog(new Dictionary<string, ImageBehavior>(StringComparer.Ordinal) { ["app:v1"] = new() });
        using var c = new Sim.Cluster(1, new ControlPlaneConfig { ClusterAutoscaler = new ClusterAutoscalerConfig { BalanceSimilarNodeGroups = balance } }, images);
        c.AddNodeGroup(Group("ng1", "a"));
        c.AddNodeGroup(Group("ng2", "b"));
        c.Api.Create(Rc("web", 4, cpu: "1400m"));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var triggered = c.Events.Events.Where(e => e.Reason == "TriggeredScaleUp").Select(e => e.Message).Distinct().ToList();
        if (message is not null)
        {
            Assert.Equal([message], triggered);
        }
        else
        {
            // Without balancing the expander picks one group (least-waste ties broken by the seeded stream) for both nodes.
            var only = Assert.Single(triggered);
            Assert.Matches(@"^pod triggered scale-up: \[\{ng[12] 1->3 \(max: 10\)\}\]$", only);
        }
    }
}
