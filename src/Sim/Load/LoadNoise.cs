namespace ClusterSim.Sim.Load;

/// <summary>Noise on a load's rate: a factor redrawn every <see cref="Every"/> (cv is unused by Poisson).</summary>
public sealed record LoadNoise(NoiseDistribution Distribution, double Cv, TimeSpan Every)
{
    /// <summary>The factor's parameters are checked here so a bad value fails where the source is made, not mid-run.</summary>
    public LoadNoise Validated()
    {
        if (Every <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Every), "noise must be redrawn after a positive interval");
        }

        if (!(Cv >= 0) || double.IsInfinity(Cv))
        {
            throw new ArgumentOutOfRangeException(nameof(Cv), "cv must be a finite number >= 0");
        }

        return this;
    }
}
