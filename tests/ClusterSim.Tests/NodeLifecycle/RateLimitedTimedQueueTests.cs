using ClusterSim.Sim.Controllers.NodeLifecycle;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>Ported from pkg/controller/nodelifecycle/scheduler/rate_limited_queue_test.go.</summary>
public class RateLimitedTimedQueueTests
{
    private static RateLimitedTimedQueue NewEvictor(Func<TimeSpan>? now = null)
    {
        var clock = now ?? (() => TimeSpan.FromSeconds(1));
        return new RateLimitedTimedQueue(new AlwaysRateLimiter(), clock);
    }

    private static void AssertQueue(RateLimitedTimedQueue evictor, params string[] queuePattern)
    {
        Assert.Equal(queuePattern, evictor.Queue.Items.Select(v => v.Value).ToArray());
    }

    private static void AssertSet(RateLimitedTimedQueue evictor, params string[] setPattern)
    {
        Assert.Equal(setPattern.Length, evictor.Queue.SetCount);
        Assert.All(setPattern, v => Assert.True(evictor.Queue.SetContains(v), v));
    }

    private static Func<TimeSpan> Ticking()
    {
        // TestDelNode's now: each call returns the next second.
        long tick = 0;
        return () => TimeSpan.FromSeconds(tick++);
    }

    [Fact]
    public void TestAddNode()
    {
        var evictor = NewEvictor();
        evictor.Add("first", "11111");
        evictor.Add("second", "22222");
        evictor.Add("third", "33333");
        AssertQueue(evictor, "first", "second", "third");
        AssertSet(evictor, "first", "second", "third");
    }

    [Theory]
    [InlineData("first", new[] { "second", "third" })]
    [InlineData("second", new[] { "first", "third" })]
    [InlineData("third", new[] { "first", "second" })]
    public void TestDelNode(string removed, string[] remaining)
    {
        var evictor = NewEvictor(Ticking());
        evictor.Add("first", "11111");
        evictor.Add("second", "22222");
        evictor.Add("third", "33333");
        evictor.Remove(removed);
        AssertQueue(evictor, remaining);
        AssertSet(evictor, remaining);
    }

    [Fact]
    public void TestTry()
    {
        var evictor = NewEvictor();
        evictor.Add("first", "11111");
        evictor.Add("second", "22222");
        evictor.Add("third", "33333");
        evictor.Remove("second");

        var deleted = new List<string>();
        evictor.Try(value =>
        {
            deleted.Add(value.Value);
            return (true, TimeSpan.Zero);
        });
        Assert.Equal(["first", "third"], deleted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TestTryOrdering()
    {
        // The current time advances 1 ms each time it is read, unless a delay is pending.
        var current = TimeSpan.Zero;
        int delay = 0;
        TimeSpan Now()
        {
            if (delay > 0)
            {
                delay--;
            }
            else
            {
                current += TimeSpan.FromMilliseconds(1);
            }

            return current;
        }

        var evictor = NewEvictor(Now);
        evictor.Add("first", "11111");
        evictor.Add("second", "22222");
        evictor.Add("third", "33333");

        var order = new List<string>();
        int count = 0;
        bool hasQueued = false;
        evictor.Try(value =>
        {
            count++;
            Assert.NotEqual(TimeSpan.Zero, value.ProcessAt);
            switch (value.Value)
            {
                case "first":
                    Assert.Equal(TimeSpan.FromMilliseconds(1), value.AddedAt);
                    break;
                case "second":
                    Assert.Equal(TimeSpan.FromMilliseconds(2), value.AddedAt);
                    if (hasQueued)
                    {
                        Assert.Equal(TimeSpan.FromMilliseconds(6), value.ProcessAt);
                        break;
                    }

                    hasQueued = true;
                    delay = 1;
                    return (false, TimeSpan.FromMilliseconds(2));
                case "third":
                    Assert.Equal(TimeSpan.FromMilliseconds(3), value.AddedAt);
                    break;
            }

            order.Add(value.Value);
            return (true, TimeSpan.Zero);
        });

        Assert.Equal(["first", "third"], order);
        Assert.Equal(3, count);
    }

    [Fact]
    public void TestTryRemovingWhileTry()
    {
        // Go removes "second" from another goroutine while Try processes it; here fn removes it itself.
        var evictor = NewEvictor();
        evictor.Add("first", "11111");
        evictor.Add("second", "22222");
        evictor.Add("third", "33333");

        var order = new List<string>();
        int count = 0;
        bool queued = false;
        evictor.Try(value =>
        {
            count++;
            Assert.NotEqual(TimeSpan.Zero, value.AddedAt);
            Assert.NotEqual(TimeSpan.Zero, value.ProcessAt);
            if (!queued && value.Value == "second")
            {
                queued = true;
                evictor.Remove("second");
                return (false, TimeSpan.FromMilliseconds(1));
            }

            order.Add(value.Value);
            return (true, TimeSpan.Zero);
        });

        Assert.Equal(["first", "third"], order);
        Assert.Equal(3, count);
    }

    [Fact]
    public void TestClear()
    {
        var evictor = NewEvictor();
        evictor.Add("first", "11111");
        evictor.Add("second", "22222");
        evictor.Add("third", "33333");
        evictor.Clear();
        Assert.Empty(evictor.Queue.Items);
    }

    [Fact]
    public void TestSwapLimiter()
    {
        var evictor = NewEvictor();
        Assert.Equal(new AlwaysRateLimiter().Qps, evictor.Limiter.Qps);

        evictor.SwapLimiter(0);
        Assert.Equal(new NeverRateLimiter().Qps, evictor.Limiter.Qps);
        Assert.IsType<NeverRateLimiter>(evictor.Limiter);

        float createdQps = 5.5f;
        evictor.SwapLimiter(createdQps);
        Assert.Equal(createdQps, evictor.Limiter.Qps);
        Assert.IsType<TokenBucket>(evictor.Limiter);
    }

    [Fact]
    public void TestAddAfterTry()
    {
        var evictor = NewEvictor();
        evictor.Add("first", "11111");
        evictor.Add("second", "22222");
        evictor.Add("third", "33333");
        evictor.Remove("second");

        var deleted = new List<string>();
        evictor.Try(value =>
        {
            deleted.Add(value.Value);
            return (true, TimeSpan.Zero);
        });
        Assert.Equal(["first", "third"], deleted.Order(StringComparer.Ordinal));

        evictor.Add("first", "11111");
        evictor.Try(_ =>
        {
            Assert.Fail("We shouldn't process the same value if the explicit remove wasn't called.");
            return (true, TimeSpan.Zero);
        });
    }

    [Fact]
    public void ValuesWithEqualProcessAtLeaveInGoHeapOrder()
    {
        // container/heap is not FIFO for equal keys: Pop swaps the last element to the root and sifts it down.
        var evictor = NewEvictor();
        foreach (var v in new[] { "a", "b", "c", "d", "e" })
        {
            evictor.Add(v, v);
        }

        var order = new List<string>();
        evictor.Try(value =>
        {
            order.Add(value.Value);
            return (true, TimeSpan.Zero);
        });

        // heap.Remove(0) swaps the last element to the root; Less is strict, so it stays there: a, e, d, c, b.
        Assert.Equal(["a", "e", "d", "c", "b"], order);
    }

    [Fact]
    public void TryTakesATokenEvenWhenTheHeadIsNotDue()
    {
        var now = TimeSpan.FromSeconds(100);
        var bucket = new TokenBucket(0.1f, RateLimitedTimedQueue.EvictionRateLimiterBurst, () => now);
        var evictor = new RateLimitedTimedQueue(bucket, () => now);
        evictor.Add("node", "uid");
        int calls = 0;
        evictor.Try(_ =>
        {
            calls++;
            return (false, TimeSpan.FromSeconds(50)); // retry at 150 s + 1 tick
        });
        Assert.Equal(1, calls);
        Assert.Equal(TimeSpan.FromSeconds(150) + TimeSpan.FromTicks(1), evictor.Queue.Items[0].ProcessAt);

        now = TimeSpan.FromSeconds(110); // the bucket has refilled
        evictor.Try(_ =>
        {
            calls++;
            return (true, TimeSpan.Zero);
        });
        Assert.Equal(1, calls); // not due yet...
        Assert.False(bucket.TryAccept()); // ...but Try took the token first, as in Go
    }

    [Fact]
    public void SwapLimiterDrainsTheNewBucketWhenTheOldOneWasEmpty()
    {
        var now = TimeSpan.FromSeconds(100);
        var evictor = new RateLimitedTimedQueue(new TokenBucket(0.1f, 1, () => now), () => now);
        Assert.True(evictor.Limiter.TryAccept()); // the old bucket is now empty
        evictor.SwapLimiter(0.01f);
        Assert.False(evictor.Limiter.TryAccept()); // the new one was drained

        var full = new RateLimitedTimedQueue(new TokenBucket(0.1f, 1, () => now), () => now);
        full.SwapLimiter(0.01f); // the old bucket had its token (now taken), so the new one keeps its own
        Assert.True(full.Limiter.TryAccept());
    }

    [Fact]
    public void SwapLimiterToTheSameQpsKeepsTheBucket()
    {
        var now = TimeSpan.Zero;
        var bucket = new TokenBucket(0.1f, 1, () => now);
        var evictor = new RateLimitedTimedQueue(bucket, () => now);
        evictor.SwapLimiter(0.1f);
        Assert.Same(bucket, evictor.Limiter);

        // A stopped zone reports QPS 1 (client-go's fakeNeverRateLimiter), so swapping it to exactly 1 is a no-op.
        evictor.SwapLimiter(0);
        var never = evictor.Limiter;
        evictor.SwapLimiter(1);
        Assert.Same(never, evictor.Limiter);
    }
}
