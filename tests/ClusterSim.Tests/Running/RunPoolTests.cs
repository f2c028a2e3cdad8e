using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Running;

/// <summary>RunPool: results delivered in index order whatever the jobs, failures and cancellation surface, and nothing runs on after Run returns.</summary>
public class RunPoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void DeliversEveryResultInIndexOrder(int jobs)
    {
        var seen = new List<(int, int)>();
        // Later indices finish first, so out-of-order completion is actually exercised.
        RunPool.Run(40, jobs, i =>
        {
            Thread.Sleep((40 - i) % 5);
            return i * i;
        }, (i, r) => seen.Add((i, r)));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (i, i * i)), seen);
    }

    [Fact]
    public void AWorkFailureIsRethrown() =>
        Assert.Equal("boom 13", Assert.Throws<InvalidOperationException>(() => RunPool.Run(30, 3, i => i == 13 ? throw new InvalidOperationException("boom 13") : i, (_, _) => { })).Message);

    [Fact]
    public void CancellationStopsHandingOutWork()
    {
        using var cancel = new CancellationTokenSource();
        int started = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => RunPool.Run(1000, 2, i =>
        {
            Interlocked.Increment(ref started);
            Thread.Sleep(1);
            return i;
        }, (i, _) =>
        {
            if (i == 10)
            {
                cancel.Cancel();
            }
        }, cancel.Token));
        Assert.True(started < 1000);
    }

    [Fact]
    public void WhenDeliveryThrowsNoWorkerRunsOn()
    {
        int started = 0;
        Assert.Throws<IOException>(() => RunPool.Run(1000, 2, i =>
        {
            Interlocked.Increment(ref started);
            Thread.Sleep(1);
            return i;
        }, (i, _) => throw new IOException("console gone")));
        int after = Volatile.Read(ref started);
        Thread.Sleep(50);
        Assert.Equal(after, Volatile.Read(ref started));
        Assert.True(after < 1000);
    }
}
