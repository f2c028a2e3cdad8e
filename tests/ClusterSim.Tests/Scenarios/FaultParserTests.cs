using ClusterSim.Scenarios.Faults;

namespace ClusterSim.Tests.Scenarios;

public class FaultParserTests
{
    private static readonly string[] Nodes = ["worker-1", "worker-2"];
    private static readonly string[] Zones = ["zone-a"];

    private static FaultSpec Parse(string text)
    {
        Assert.True(FaultParser.TryParse(text, Nodes, Zones, out var fault, out var error), error?.Message);
        return fault;
    }

    [Theory]
    [InlineData("node-crash worker-1", FaultType.NodeCrash, "worker-1")]
    [InlineData("node-recover worker-1", FaultType.NodeRecover, "worker-1")]
    [InlineData("kubelet-stop worker-2", FaultType.KubeletStop, "worker-2")]
    [InlineData("kubelet-start  worker-2", FaultType.KubeletStart, "worker-2")]
    [InlineData("zone-outage zone-a", FaultType.ZoneOutage, "zone-a")]
    [InlineData("zone-recover zone-a", FaultType.ZoneRecover, "zone-a")]
    public void TargetedFaults(string text, FaultType type, string target)
    {
        var fault = Parse(text);
        Assert.Equal(new FaultSpec(type, target), fault);
        Assert.Equal(text.Replace("  ", " ", StringComparison.Ordinal), fault.ToString());
    }

    [Fact]
    public void PodKill()
    {
        Assert.Equal(new FaultSpec(FaultType.PodKill, "myweb-dctwr", "default"), Parse("pod-kill myweb-dctwr"));
        Assert.Equal(new FaultSpec(FaultType.PodKill, "busybox", "development"), Parse("pod-kill development/busybox"));
    }

    [Theory]
    [InlineData("random-node-crash {mtbf: 6h, mttr: 20m}")]
    [InlineData("random-node-crash {mttr: 20m, mtbf: 6h}")]
    [InlineData("random-node-crash{mtbf:6h,mttr:20m}")]
    public void RandomNodeCrash(string text)
    {
        var fault = Parse(text);
        Assert.Equal(FaultParser.RandomNodeCrash(TimeSpan.FromHours(6), TimeSpan.FromMinutes(20)), fault);
        Assert.Equal("random-node-crash {mtbf: 6h0m0s, mttr: 20m0s}", fault.ToString());
    }

    [Fact]
    public void WithoutDeclaredNamesAnyTargetIsAccepted() =>
        Assert.True(FaultParser.TryParse("node-crash anything", null, null, out _, out _));

    [Theory]
    [InlineData("node-crash worker-9", 11, "node \"worker-9\" is not declared by the scenario (nodes: worker-1, worker-2)")]
    [InlineData("zone-outage zone-b", 12, "zone \"zone-b\" is not declared by the scenario (zones: zone-a)")]
    [InlineData("node-explode worker-1", 0, "unknown fault \"node-explode\" (expected one of node-crash, node-recover, kubelet-stop, kubelet-start, zone-outage, zone-recover, pod-kill, random-node-crash)")]
    [InlineData("node-crash", 10, "node-crash needs a node name")]
    [InlineData("node-crash worker-1 worker-2", 20, "unexpected \"worker-2\": node-crash takes one node")]
    [InlineData("random-node-crash {mtbf: 6h}", 18, "random-node-crash needs mttr (e.g. {mtbf: 6h, mttr: 20m})")]
    [InlineData("random-node-crash {mtbf: 6h, mttr: 0s}", 35, "mttr must be greater than zero")]
    [InlineData("random-node-crash {mtbf: 6h, mtr: 1m}", 29, "unknown key \"mtr\" (expected mtbf, mttr)")]
    [InlineData("pod-kill a/b/c", 9, "pod-kill takes POD or NAMESPACE/POD, got \"a/b/c\"")]
    public void Errors(string text, int offset, string message)
    {
        Assert.False(FaultParser.TryParse(text, Nodes, Zones, out _, out var error));
        Assert.Equal((offset, message), (error.Offset, error.Message));
    }
}
