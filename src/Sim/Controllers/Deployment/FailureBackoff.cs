namespace ClusterSim.Sim.Controllers.Deployment;

/// <summary>
/// client-go workqueue's ItemExponentialFailureRateLimiter(5ms, 1000s), the per-item part of
/// DefaultTypedControllerRateLimiter: the n-th requeue of a key without a Forget waits 5ms x 2^n, capped
/// at 1000 s. The default limiter also takes the max with a shared token bucket (10 qps, burst 100); that
/// bucket only delays when more than 100 rate-limited requeues happen at once, and is not modelled.
/// </summary>
public sealed class FailureBackoff
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1000);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>When: the delay for this requeue of <paramref name="key"/>, counting it.</summary>
    public TimeSpan When(string key)
    {
        int exp = _failures.GetValueOrDefault(key);
        _failures[key] = exp + 1;
        double backoff = BaseDelay.Ticks * Math.Pow(2, exp);
        return backoff > MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)backoff);
    }

    /// <summary>NumRequeues: the requeues of <paramref name="key"/> since it was last forgotten.</summary>
    public int NumRequeues(string key) => _failures.GetValueOrDefault(key);

    /// <summary>Forget: the key synced successfully; its backoff starts over.</summary>
    public void Forget(string key) => _failures.Remove(key);
}
