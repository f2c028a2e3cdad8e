using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;

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
    [InlineData("node-explode worker-1", 0, "unknown fault \"node-explode\" (expected one of node-crash, node-recover, kubelet-stop, kubelet-start, zone-outage, zone-recover, pod-kill, random-node-crash, provision-failure, provision-slow)")]
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

    /// <summary>Two node groups and a fixed pool, as spec.nodes would declare them.</summary>
    private static readonly NodePoolSpec[] Pools =
    [
        new() { Name = "small", Autoscaling = new PoolAutoscaling(1, 10), Location = new SourceLocation("s.yaml", 1, 1) },
        new() { Name = "big", Autoscaling = new PoolAutoscaling(0, 3), Location = new SourceLocation("s.yaml", 2, 1) },
        new() { Name = "worker", Count = 2, Location = new SourceLocation("s.yaml", 3, 1) },
    ];

    private static FaultSpec ParseWithPools(string text)
    {
        Assert.True(FaultParser.TryParse(text, Nodes, Zones, Pools, out var fault, out var error), error?.Message);
        return fault;
    }

    [Theory]
    [InlineData("provision-failure small", null, "provision-failure small")]
    [InlineData("provision-failure  big for 30m", "00:30:00", "provision-failure big for 30m0s")]
    [InlineData("provision-failure small for 1h30m", "01:30:00", "provision-failure small for 1h30m0s")]
    public void ProvisionFailure(string text, string? duration, string written)
    {
        var fault = ParseWithPools(text);

        Assert.Equal(new FaultSpec(FaultType.ProvisionFailure, fault.Target, Duration: duration is null ? null : TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture)), fault);
        Assert.Equal(written, fault.ToString());
        Assert.Equal(fault, ParseWithPools(fault.ToString()));
    }

    [Theory]
    [InlineData("provision-slow small 10m", "00:10:00", "provision-slow small 10m0s")]
    [InlineData("provision-slow big 0s", "00:00:00", "provision-slow big 0s")]
    public void ProvisionSlow(string text, string delay, string written)
    {
        var fault = ParseWithPools(text);

        Assert.Equal(new FaultSpec(FaultType.ProvisionSlow, fault.Target, Duration: TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture)), fault);
        Assert.Equal(written, fault.ToString());
        Assert.Equal(fault, ParseWithPools(fault.ToString()));
    }

    [Fact]
    public void WithoutDeclaredPoolsAnyNodeGroupIsAccepted() =>
        Assert.True(FaultParser.TryParse("provision-failure anything", null, null, out _, out _));

    [Theory]
    [InlineData("provision-failure worker", 18, "pool \"worker\" does not autoscale: provision-failure needs a node group (a pool with autoscaling: {min, max})")]
    [InlineData("provision-slow smal 5m", 15, "node group \"smal\" is not declared by the scenario (did you mean \"small\"? node groups: small, big)")]
    [InlineData("provision-slow worker-1 5m", 15, "node group \"worker-1\" is not declared by the scenario (node groups: small, big)")]
    [InlineData("provision-failure", 17, "provision-failure needs a node group (an autoscaled pool's name): provision-failure POOL [for DURATION] (e.g. provision-failure worker for 30m)")]
    [InlineData("provision-failure small 30m", 24, "unexpected \"30m\": provision-failure POOL [for DURATION] (e.g. provision-failure worker for 30m)")]
    [InlineData("provision-failure small for", 27, "for needs a duration: provision-failure POOL [for DURATION] (e.g. provision-failure worker for 30m)")]
    [InlineData("provision-failure small for 0s", 28, "for must be greater than zero")]
    [InlineData("provision-failure small for ever", 28, "time: invalid duration \"ever\" (expected a duration such as 500ms, 90s, 1m30s, 2h)")]
    [InlineData("provision-failure small for 5m now", 31, "unexpected \"now\": provision-failure POOL [for DURATION] (e.g. provision-failure worker for 30m)")]
    [InlineData("provision-slow small", 20, "provision-slow needs a delay: provision-slow POOL DELAY (e.g. provision-slow worker 10m)")]
    [InlineData("provision-slow small -1m", 21, "the provisioning delay must not be negative")]
    [InlineData("provision-slow small 5m 6m", 24, "unexpected \"6m\": provision-slow POOL DELAY (e.g. provision-slow worker 10m)")]
    public void ProvisionErrors(string text, int offset, string message)
    {
        Assert.False(FaultParser.TryParse(text, Nodes, Zones, Pools, out _, out var error));
        Assert.Equal((offset, message), (error.Offset, error.Message));
    }

    [Fact]
    public void AScenarioWithoutNodeGroupsSaysSo()
    {
        Assert.False(FaultParser.TryParse("provision-failure worker", Nodes, Zones, [], out _, out var error));
        Assert.Equal("node group \"worker\" is not declared by the scenario (it declares no node groups)", error.Message);
    }
}
