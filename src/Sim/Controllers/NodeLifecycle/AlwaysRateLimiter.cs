namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>throttle.go fakeAlwaysRateLimiter: always accepts; its QPS reads 1, as in client-go. For tests.</summary>
public sealed class AlwaysRateLimiter : IRateLimiter
{
    public bool TryAccept() => true;

    public float Qps => 1;
}
