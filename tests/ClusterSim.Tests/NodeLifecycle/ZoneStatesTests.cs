using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>node_lifecycle_controller.go ComputeZoneState, ReducedQPSFunc, HealthyQPSFunc and topology.GetZoneKey as tables.</summary>
public class ZoneStatesTests
{
    private static NodeCondition? Ready(string? status) =>
        status is null ? null : new NodeCondition { Type = "Ready", Status = status };

    [Theory]
    // The zone states of TestMonitorNodeHealth, by the Ready statuses of the zone's nodes ("-" = no Ready condition).
    [InlineData("True", 0, ZoneState.Normal)]
    [InlineData("Unknown", 1, ZoneState.FullDisruption)]
    [InlineData("-,-,-,-", 4, ZoneState.FullDisruption)] // nodes that never posted status: the zone looks fully disrupted
    [InlineData("Unknown,Unknown,Unknown,True", 3, ZoneState.PartialDisruption)] // 3/4 >= 0.55
    [InlineData("Unknown,Unknown,True,True,True", 2, ZoneState.Normal)] // only two down: never partial
    [InlineData("Unknown,Unknown,Unknown,True,True", 3, ZoneState.PartialDisruption)] // 3/5 = 0.6 >= 0.55
    [InlineData("Unknown,Unknown,True", 2, ZoneState.Normal)] // two or fewer not ready is normal whatever the ratio
    [InlineData("Unknown,Unknown,Unknown", 3, ZoneState.FullDisruption)]
    [InlineData("False,Unknown,-,True,True,True", 3, ZoneState.Normal)] // 3/6 = 0.5 < 0.55
    [InlineData("False,Unknown,-,True,True", 3, ZoneState.PartialDisruption)]
    [InlineData("", 0, ZoneState.Normal)]
    public void ComputeZoneState(string statuses, int expectedNotReady, ZoneState expected)
    {
        var conditions = statuses.Length == 0
            ? []
            : statuses.Split(',').Select(s => Ready(s == "-" ? null : s)).ToList();
        var (notReady, state) = ZoneStates.Compute(conditions, 0.55f);
        Assert.Equal(expectedNotReady, notReady);
        Assert.Equal(expected, state);
    }

    [Fact]
    public void ThresholdComparesInFloat32()
    {
        // 11/20 = 0.55 exactly in float32 terms, as Go computes float32(11)/float32(20) >= float32(0.55).
        var conditions = Enumerable.Range(0, 20).Select(i => Ready(i < 11 ? "False" : "True")).ToList();
        Assert.Equal(ZoneState.PartialDisruption, ZoneStates.Compute(conditions, 0.55f).State);
        var fewer = Enumerable.Range(0, 20).Select(i => Ready(i < 10 ? "False" : "True")).ToList();
        Assert.Equal(ZoneState.Normal, ZoneStates.Compute(fewer, 0.55f).State);
    }

    [Theory]
    [InlineData(10, 50, 0f)] // small zone: stop evictions
    [InlineData(50, 50, 0f)] // not larger than the threshold
    [InlineData(51, 50, 0.01f)] // large zone: the secondary rate
    public void ReducedQps(int nodeNum, int threshold, float expected)
    {
        Assert.Equal(expected, ZoneStates.ReducedQps(nodeNum, threshold, 0.01f));
    }

    [Fact]
    public void HealthyQpsIsTheEvictionRate()
    {
        Assert.Equal(0.1f, ZoneStates.HealthyQps(3, 0.1f));
    }

    [Theory]
    [InlineData(null, null, null, null, "")]
    [InlineData("a", null, null, null, ":\0:a")]
    [InlineData("a", "r", null, null, "r:\0:a")]
    [InlineData("a", "r", "beta-a", "beta-r", "beta-r:\0:beta-a")] // the beta labels win
    [InlineData(null, "r", null, null, "r:\0:")]
    [InlineData(null, null, "beta-a", null, ":\0:beta-a")]
    public void GetZoneKey(string? zone, string? region, string? betaZone, string? betaRegion, string expected)
    {
        var node = new Node { Metadata = { Name = "n" } };
        void Set(string key, string? value)
        {
            if (value is not null)
            {
                node.Metadata.Labels[key] = value;
            }
        }

        Set(NodeTopology.LabelTopologyZone, zone);
        Set(NodeTopology.LabelTopologyRegion, region);
        Set(NodeTopology.LabelFailureDomainBetaZone, betaZone);
        Set(NodeTopology.LabelFailureDomainBetaRegion, betaRegion);
        Assert.Equal(expected, NodeTopology.GetZoneKey(node));
    }
}
