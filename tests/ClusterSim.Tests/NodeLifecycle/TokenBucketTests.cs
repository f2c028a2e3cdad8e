using ClusterSim.Sim.Controllers.NodeLifecycle;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>client-go's token bucket (golang.org/x/time/rate AllowN) on virtual time.</summary>
public class TokenBucketTests
{
    private static (TokenBucket Bucket, Action<TimeSpan> Set) Bucket(float qps, int burst = 1)
    {
        var now = TimeSpan.Zero;
        var bucket = new TokenBucket(qps, burst, () => now);
        return (bucket, t => now = t);
    }

    [Fact]
    public void StartsFullWithBurstTokens()
    {
        var (bucket, _) = Bucket(0.1f, burst: 3);
        Assert.True(bucket.TryAccept());
        Assert.True(bucket.TryAccept());
        Assert.True(bucket.TryAccept());
        Assert.False(bucket.TryAccept());
    }

    [Fact]
    public void PointOneQpsAsFloat32RefillsJustBeforeTenSeconds()
    {
        // float32(0.1) = 0.100000001490116..., so one token takes 9.99999985 s, as in Kubernetes.
        var (bucket, set) = Bucket(0.1f);
        Assert.True(bucket.TryAccept());
        set(TimeSpan.FromTicks(99_999_998)); // 9.9999998 s
        Assert.False(bucket.TryAccept());
        set(TimeSpan.FromTicks(99_999_999)); // 9.9999999 s
        Assert.True(bucket.TryAccept());
        Assert.False(bucket.TryAccept());
    }

    [Fact]
    public void ARefusalDoesNotMoveTheRefillOrigin()
    {
        var (bucket, set) = Bucket(0.5f);
        Assert.True(bucket.TryAccept());
        set(TimeSpan.FromSeconds(1));
        Assert.False(bucket.TryAccept()); // half a token
        set(TimeSpan.FromSeconds(2));
        Assert.True(bucket.TryAccept()); // two seconds after the last accepted request
        Assert.True(bucket.Tokens is > -1e-9 and < 1e-9);
    }

    [Fact]
    public void IdleTimeFillsTheBucketOnlyUpToBurst()
    {
        var (bucket, set) = Bucket(1f, burst: 2);
        Assert.True(bucket.TryAccept());
        Assert.True(bucket.TryAccept());
        set(TimeSpan.FromHours(1));
        Assert.True(bucket.TryAccept());
        Assert.True(bucket.TryAccept());
        Assert.False(bucket.TryAccept());
    }

    [Theory]
    [InlineData(0.1f, 10)] // float32(0.1) is a little above 0.1: a token in 9.99999985 s, found at the 10 s poll
    [InlineData(0.01f, 100.1)] // float32(0.01) is a little below 0.01: a token in 100.0000002 s, found at the 100.1 s poll
    [InlineData(1f, 1)]
    [InlineData(2f, 0.5)]
    public void AcceptsOnePerPeriodUnderSteadyPolling(float qps, double periodSeconds)
    {
        // Polled every 100 ms, as doNoExecuteTaintingPass does.
        var (bucket, set) = Bucket(qps);
        var accepted = new List<TimeSpan>();
        for (long ms = 0; ms <= (long)(periodSeconds * 3500); ms += 100)
        {
            var t = TimeSpan.FromMilliseconds(ms);
            set(t);
            if (bucket.TryAccept())
            {
                accepted.Add(t);
            }
        }

        var period = TimeSpan.FromSeconds(periodSeconds);
        Assert.Equal([TimeSpan.Zero, period, period * 2, period * 3], accepted);
    }

    [Fact]
    public void ZeroQpsAllowsOnlyTheBurstEver()
    {
        // rate.go's limit == 0 branch: NewTokenBucketRateLimiter(0, 1) lets one request through, then none.
        var (bucket, set) = Bucket(0f);
        Assert.True(bucket.TryAccept());
        set(TimeSpan.FromDays(1));
        Assert.False(bucket.TryAccept());
    }

    [Fact]
    public void InfiniteQpsAlwaysAccepts()
    {
        var (bucket, _) = Bucket(float.PositiveInfinity);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(bucket.TryAccept());
        }
    }

    [Fact]
    public void QpsIsReportedAsGiven()
    {
        Assert.Equal(0.1f, Bucket(0.1f).Bucket.Qps);
        Assert.Equal(1f, new NeverRateLimiter().Qps);
        Assert.Equal(1f, new AlwaysRateLimiter().Qps);
        Assert.False(new NeverRateLimiter().TryAccept());
        Assert.True(new AlwaysRateLimiter().TryAccept());
    }
}
