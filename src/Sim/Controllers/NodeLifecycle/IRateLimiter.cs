namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// The part of client-go's flowcontrol.RateLimiter (util/flowcontrol/throttle.go) the node lifecycle
/// controller uses: a non-blocking TryAccept and the configured QPS.
/// </summary>
public interface IRateLimiter
{
    /// <summary>True if a token was taken now; false otherwise (never blocks).</summary>
    bool TryAccept();

    /// <summary>The limiter's QPS as client-go reports it (float32, as in Go).</summary>
    float Qps { get; }
}
