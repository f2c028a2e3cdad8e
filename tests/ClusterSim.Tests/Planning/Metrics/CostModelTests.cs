using ClusterSim.Planning.Metrics;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Planning.Metrics;

/// <summary>Node prices: by pool name first, else from capacity, else 1 per node-hour; and the report's one-line description.</summary>
public class CostModelTests
{
    private static readonly NodePoolSpec Big = Pool("big", "4", "16Gi");
    private static readonly NodePoolSpec Small = Pool("small", "500m", "1536Mi");

    [Fact]
    public void NodeHoursPricesEveryNodeAtOne()
    {
        Assert.Equal("node-hours", CostModel.NodeHours.Unit);
        Assert.Equal(1, CostModel.NodeHours.PricePerHour(Big));
        Assert.Equal(1, CostModel.NodeHours.PricePerHour(Small));
        Assert.Equal("cost in node-hours: every node 1 per node-hour", CostModel.NodeHours.Describe());
    }

    [Fact]
    public void APoolPriceWinsOverTheCapacityRates()
    {
        var cost = new CostModel("USD", Prices(("big", 0.75)), PerCpuHour: 0.04, PerGiBHour: 0.005);
        Assert.Equal(0.75, cost.PricePerHour(Big));

        // 0.5 cores x 0.04 + 1.5 GiB x 0.005.
        Assert.Equal((0.5 * 0.04) + (1.5 * 0.005), cost.PricePerHour(Small), 15);
    }

    [Fact]
    public void ARateLeftOutCountsZero()
    {
        Assert.Equal(4 * 0.04, new CostModel("USD", Prices(), PerCpuHour: 0.04, PerGiBHour: null).PricePerHour(Big), 15);
        Assert.Equal(16 * 0.005, new CostModel("USD", Prices(), PerCpuHour: null, PerGiBHour: 0.005).PricePerHour(Big), 15);
    }

    [Fact]
    public void AnUnpricedPoolWithoutRatesCostsOne()
    {
        var cost = new CostModel("EUR", Prices(("big", 2)), null, null);
        Assert.Equal(2, cost.PricePerHour(Big));
        Assert.Equal(1, cost.PricePerHour(Small));
    }

    [Fact]
    public void PoolNamesAreComparedOrdinally()
    {
        var caseBlind = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["BIG"] = 9 };
        Assert.Equal(1, new CostModel("USD", caseBlind, null, null).PricePerHour(Big));
    }

    [Fact]
    public void DescriptionListsPoolsByOrdinalNameThenTheFallback()
    {
        var cost = new CostModel("USD", Prices(("small", 0.2), ("Zeta", 1.5), ("big", 0.5)), PerCpuHour: 0.04, PerGiBHour: null);
        Assert.Equal(
            "cost in USD: pool Zeta 1.5, pool big 0.5 and pool small 0.2 per node-hour; other nodes 0.04 per CPU-hour + 0 per GiB-hour of capacity",
            cost.Describe());
        Assert.Equal("cost in USD: pool big 0.5 per node-hour; other nodes 1 per node-hour", new CostModel("USD", Prices(("big", 0.5)), null, null).Describe());
    }

    private static Dictionary<string, double> Prices(params (string Pool, double Price)[] prices) =>
        prices.ToDictionary(p => p.Pool, p => p.Price, StringComparer.Ordinal);

    private static NodePoolSpec Pool(string name, string cpu, string memory)
    {
        var pool = new NodePoolSpec { Name = name, Count = 2, Location = new SourceLocation("plan.yaml", 1, 1) };
        pool.Capacity[ResourceNames.Cpu] = Quantity.Parse(cpu);
        pool.Capacity[ResourceNames.Memory] = Quantity.Parse(memory);
        return pool;
    }
}
