namespace ClusterSim.Sim.Load;

/// <summary>The shape of the noise on a load's rate (scenario `noise.distribution`).</summary>
public enum NoiseDistribution
{
    /// <summary>Rate x (1 + cv x Z), Z standard normal: symmetric, can dip to zero (the result is clamped).</summary>
    Normal,

    /// <summary>Rate x a lognormal factor of mean 1 and coefficient of variation cv: never negative, right-skewed.</summary>
    LogNormal,

    /// <summary>The number of requests in each period is Poisson with mean rate x period: the noise of independent arrivals.</summary>
    Poisson,
}
