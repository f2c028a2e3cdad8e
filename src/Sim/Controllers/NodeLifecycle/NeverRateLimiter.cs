namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// throttle.go fakeNeverRateLimiter: never accepts. RateLimitedTimedQueue.SwapLimiter installs it for a
/// QPS of zero or less, which is how the node lifecycle controller stops evictions in a zone. Its QPS
/// reads 1, exactly as in client-go (a quirk SwapLimiter's equality check sees).
/// </summary>
public sealed class NeverRateLimiter : IRateLimiter
{
    public bool TryAccept() => false;

    public float Qps => 1;
}
