namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go RateLimitedTimedQueue: a
/// <see cref="UniqueQueue"/> of nodes ordered by when to process them, drained by <see cref="Try"/> under
/// a rate limiter. The node lifecycle controller keeps one per zone; its limiter is what rate-limits
/// NoExecute tainting (and so evictions) per zone.
/// <para>
/// Time comes from <c>now</c> (the kernel's clock in the controller, a stepping clock in tests), as the
/// Go file's package-level <c>now</c> variable.
/// </para>
/// </summary>
public sealed class RateLimitedTimedQueue
{
    /// <summary>rate_limited_queue.go EvictionRateLimiterBurst: the burst of every eviction limiter.</summary>
    public const int EvictionRateLimiterBurst = 1;

    private readonly Func<TimeSpan> _now;

    /// <param name="limiter">The initial limiter (NewRateLimitedTimedQueue's argument).</param>
    /// <param name="now">The current time.</param>
    public RateLimitedTimedQueue(IRateLimiter limiter, Func<TimeSpan> now)
    {
        Limiter = limiter;
        _now = now;
    }

    /// <summary>The limiter in force.</summary>
    public IRateLimiter Limiter { get; private set; }

    /// <summary>The underlying queue (for tests and for the controller to know when it is empty).</summary>
    public UniqueQueue Queue { get; } = new();

    /// <summary>
    /// RateLimitedTimedQueue.Try: while the head is due and the limiter gives a token, call
    /// <paramref name="fn"/>; a value it accepts is removed from the queue (but stays in the set, so it is
    /// not added again until <see cref="Remove"/>), a value it rejects is put back at
    /// now + the returned wait + 1. A token is taken before the due check, as in Go.
    /// </summary>
    /// <param name="fn">Returns (true, _) when done, or (false, wait) to retry no sooner than wait.</param>
    public void Try(Func<TimedValue, (bool Done, TimeSpan Wait)> fn)
    {
        bool ok = Queue.TryHead(out var val);
        while (ok)
        {
            // rate limit the queue checking
            if (!Limiter.TryAccept())
            {
                break;
            }

            var now = _now();
            if (now < val.ProcessAt)
            {
                break;
            }

            var (done, wait) = fn(val);
            if (!done)
            {
                // Go adds one nanosecond; one tick (100 ns) is the smallest step of virtual time.
                val = val with { ProcessAt = now + wait + TimeSpan.FromTicks(1) };
                Queue.Replace(val);
            }
            else
            {
                Queue.RemoveFromQueue(val.Value);
            }

            ok = Queue.TryHead(out val);
        }
    }

    /// <summary>RateLimitedTimedQueue.Add: queues <paramref name="value"/> for now unless it was added and not removed.</summary>
    public bool Add(string value, string uid)
    {
        var now = _now();
        return Queue.Add(new TimedValue(value, uid, now, now));
    }

    /// <summary>RateLimitedTimedQueue.Remove: forgets the value, so it will not be processed until added again.</summary>
    public bool Remove(string value) => Queue.Remove(value);

    /// <summary>RateLimitedTimedQueue.Clear.</summary>
    public void Clear() => Queue.Clear();

    /// <summary>
    /// RateLimitedTimedQueue.SwapLimiter: installs a limiter of <paramref name="newQps"/> unless the current
    /// one reports the same QPS; zero or less means never. A new token bucket is drained when the old one
    /// had no token (taking one from the old to find out), the drain logic Kubernetes uses for burst 1.
    /// </summary>
    public void SwapLimiter(float newQps)
    {
        if (Limiter.Qps == newQps)
        {
            return;
        }

        IRateLimiter newLimiter;
        if (newQps <= 0)
        {
            newLimiter = new NeverRateLimiter();
        }
        else
        {
            newLimiter = new TokenBucket(newQps, EvictionRateLimiterBurst, _now);

            // If we're currently waiting on limiter, we drain the new one - this is a good approach when Burst value is 1.
            if (!Limiter.TryAccept())
            {
                newLimiter.TryAccept();
            }
        }

        Limiter = newLimiter;
    }
}
