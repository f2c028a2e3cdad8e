namespace ClusterSim.Scenarios.Model;

/// <summary>
/// A pool's `autoscaling: {min, max}` and `provisioning: {delay, jitter}`: the pool is a node group the Cluster
/// Autoscaler resizes between <see cref="Min"/> and <see cref="Max"/>, whose new nodes register
/// <see cref="ProvisioningDelay"/> plus up to <see cref="ProvisioningJitter"/> (seeded) after the cloud is asked.
/// </summary>
public sealed record PoolAutoscaling(int Min, int Max)
{
    /// <summary>The default provisioning delay (cloud create to kubelet registration).</summary>
    public static readonly TimeSpan DefaultProvisioningDelay = TimeSpan.FromMinutes(3);

    public TimeSpan ProvisioningDelay { get; init; } = DefaultProvisioningDelay;

    public TimeSpan ProvisioningJitter { get; init; }
}
