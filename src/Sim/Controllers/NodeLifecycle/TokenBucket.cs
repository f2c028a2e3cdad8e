namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// client-go's flowcontrol.NewTokenBucketRateLimiter(qps, burst) (util/flowcontrol/throttle.go), which is
/// golang.org/x/time/rate's Limiter driven by a clock, here the kernel's virtual clock. TryAccept is
/// <c>Limiter.AllowN(now, 1)</c>: rate.go reserveN with maxFutureReserve 0 and advance, ported with the same
/// float64 arithmetic on nanoseconds, so a bucket of 0.1 QPS (which Go stores as float32 0.1, slightly
/// above 0.1) refills one token in 9.99999985 s, as in Kubernetes.
/// <para>
/// The bucket starts full: Go's Limiter starts with zero tokens and a zero <c>last</c> time, and the first
/// advance from year 1 fills it to <c>burst</c>; a null <see cref="_lastNanos"/> stands for that zero time.
/// </para>
/// </summary>
public sealed class TokenBucket : IRateLimiter
{
    private const long NanosPerSecond = 1_000_000_000;
    private const long NanosPerTick = 100;
    private readonly Func<TimeSpan> _clock;
    private readonly double _limit;
    private int _burst;
    private double _tokens;
    private long? _lastNanos;

    /// <param name="qps">Tokens per second (float32, as Kubernetes' eviction rates are).</param>
    /// <param name="burst">Bucket size.</param>
    /// <param name="clock">The current virtual time.</param>
    public TokenBucket(float qps, int burst, Func<TimeSpan> clock)
    {
        Qps = qps;
        _limit = qps; // rate.Limit(qps): float32 widened to float64
        _burst = burst;
        _clock = clock;
    }

    public float Qps { get; }

    /// <summary>Tokens held after the last accepted request (for tests).</summary>
    internal double Tokens => _tokens;

    /// <summary>throttle.go tokenBucketRateLimiter.TryAccept: <c>limiter.AllowN(clock.Now(), 1)</c>.</summary>
    public bool TryAccept() => AllowN(_clock(), 1);

    /// <summary>rate.go Limiter.AllowN: reserveN(t, n, 0).ok.</summary>
    internal bool AllowN(TimeSpan at, int n)
    {
        long t = at.Ticks * NanosPerTick;
        if (double.IsPositiveInfinity(_limit))
        {
            return true;
        }

        if (_limit == 0)
        {
            // rate.go: a zero limit allows exactly `burst` events in total.
            if (_burst >= n)
            {
                _burst -= n;
                return true;
            }

            return false;
        }

        var (newT, last, tokens) = Advance(t);
        tokens -= n;
        long waitDuration = 0;
        if (tokens < 0)
        {
            waitDuration = DurationFromTokens(-tokens);
        }

        bool ok = n <= _burst && waitDuration <= 0;
        if (ok)
        {
            _lastNanos = newT;
            _tokens = tokens;
        }
        else
        {
            _lastNanos = last;
        }

        return ok;
    }

    /// <summary>rate.go Limiter.advance: the tokens at <paramref name="t"/>, capped at burst.</summary>
    private (long T, long? Last, double Tokens) Advance(long t)
    {
        long? last = _lastNanos;
        if (last is { } l && t < l)
        {
            last = t;
        }

        // t.Sub(zero time) saturates at the largest Duration.
        long elapsed = last is { } from ? t - from : long.MaxValue;
        double delta = TokensFromDuration(elapsed);
        double tokens = _tokens + delta;
        double burst = _burst;
        if (tokens > burst)
        {
            tokens = burst;
        }

        return (t, last, tokens);
    }

    /// <summary>rate.go Limit.durationFromTokens, in nanoseconds (Go's conversion truncates toward zero).</summary>
    private long DurationFromTokens(double tokens)
    {
        if (_limit <= 0)
        {
            return long.MaxValue;
        }

        double seconds = tokens / _limit;
        return (long)(NanosPerSecond * seconds);
    }

    /// <summary>rate.go Limit.tokensFromDuration with time.Duration.Seconds' split into whole and fractional seconds.</summary>
    private double TokensFromDuration(long nanos)
    {
        if (_limit <= 0)
        {
            return 0;
        }

        long sec = nanos / NanosPerSecond;
        long nsec = nanos % NanosPerSecond;
        double seconds = sec + (nsec / 1e9);
        return seconds * _limit;
    }
}
