using ClusterSim.Sim.Load;

namespace ClusterSim.Tests.Load;

/// <summary>CFS water-filling, with the numbers worked by hand.</summary>
public class CpuSharesTests
{
    [Fact]
    public void EnoughForEveryoneGivesEveryoneWhatTheyWant()
    {
        Assert.Equal([300, 500], CpuShares.Allocate(1000, [300, 500], [100, 100]));
    }

    [Fact]
    public void ContendedCpuIsSharedByRequests()
    {
        // 1000m over weights 100:300 -> 250 and 750; both want more.
        Assert.Equal([250, 750], CpuShares.Allocate(1000, [800, 800], [100, 300]));
    }

    [Fact]
    public void WhatAModestContainerLeavesIsRedistributed()
    {
        // Shares 250/250/500; the first wants only 100, so 900 is shared 1:2 by the others: 300 and 600.
        var a = CpuShares.Allocate(1000, [100, 800, 800], [100, 100, 200]);
        Assert.Equal(100, a[0], 9);
        Assert.Equal(300, a[1], 9);
        Assert.Equal(600, a[2], 9);
    }

    [Fact]
    public void RedistributionCascades()
    {
        // Shares 333.3 each: the first (100) is satisfied; then 450 each: the second (400) is; the third gets 500.
        var a = CpuShares.Allocate(1000, [100, 400, 900], [1, 1, 1]);
        Assert.Equal([100, 400, 500], a.Select(x => Math.Round(x, 9)));
    }

    [Fact]
    public void NoRequestWeighsAsTwoShares()
    {
        // cpu.shares 2 of 1024 per core: 1.953m against 500m.
        double w = CpuShares.WeightOf(0);
        Assert.Equal(2000.0 / 1024, w, 12);
        var a = CpuShares.Allocate(1000, [1000, 1000], [w, CpuShares.WeightOf(500)]);
        Assert.Equal(1000 * w / (w + 500), a[0], 9);
        Assert.Equal(3.891, a[0], 3);
        Assert.Equal(996.109, a[1], 3);
    }

    [Fact]
    public void IdleContainersGetNothing()
    {
        Assert.Equal([0, 1000], CpuShares.Allocate(1000, [0, 1500], [500, 500]));
    }
}
