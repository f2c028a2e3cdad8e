using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Tests.Cluster;

/// <summary>Renewals as facts of time: the latest one and the count at any instant, across stops and restarts.</summary>
public class LeaseRenewalsTests
{
    private const long S = TimeSpan.TicksPerSecond;

    [Fact]
    public void LatestAndCountFollowTheSegments()
    {
        var kernel = new Kernel();
        var renewals = new LeaseRenewals(kernel);
        var lease = new Lease { RenewTime = TimeSpan.Zero, Renewals = renewals };
        renewals.Start((3 * S) + 7, 10 * S); // ticks at 3s+7, 13s+7, 23s+7, ...

        kernel.RunUntil(new TimeSpan(3 * S));
        Assert.Null(renewals.Latest());
        Assert.Equal(0, renewals.Count());
        Assert.Equal(TimeSpan.Zero, lease.RenewTime); // the one set is the latest

        kernel.RunUntil(new TimeSpan((3 * S) + 7));
        Assert.Equal(new TimeSpan((3 * S) + 7), lease.RenewTime);
        Assert.Equal(1, renewals.Count());

        kernel.RunUntil(new TimeSpan(25 * S));
        Assert.Equal(new TimeSpan((23 * S) + 7), lease.RenewTime);
        Assert.Equal(3, renewals.Count());

        // A stop at a tick's own instant: that tick is not a renewal.
        kernel.RunUntil(new TimeSpan((33 * S) + 7));
        renewals.Stop(kernel.NowTicks);
        Assert.Equal(new TimeSpan((23 * S) + 7), lease.RenewTime);
        Assert.Equal(3, renewals.Count());

        // Renewed by hand at 60s, then the loop goes on from its grid.
        kernel.RunUntil(new TimeSpan(60 * S));
        lease.RenewTime = new TimeSpan(60 * S);
        renewals.Start((63 * S) + 7, 10 * S);
        kernel.RunUntil(new TimeSpan(62 * S));
        Assert.Equal(new TimeSpan(60 * S), lease.RenewTime);
        kernel.RunUntil(new TimeSpan(80 * S));
        Assert.Equal(new TimeSpan((73 * S) + 7), lease.RenewTime);
        Assert.Equal(5, renewals.Count());
    }

    [Fact]
    public void AStopBeforeTheFirstTickLeavesAnEmptySegment()
    {
        var kernel = new Kernel();
        var renewals = new LeaseRenewals(kernel);
        renewals.Start(5 * S, 10 * S);
        kernel.RunUntil(new TimeSpan(2 * S));
        renewals.Stop(kernel.NowTicks);
        kernel.RunUntil(new TimeSpan(100 * S));
        Assert.Null(renewals.Latest());
        Assert.Equal(0, renewals.Count());
    }
}
