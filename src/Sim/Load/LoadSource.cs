using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Load;

/// <summary>
/// One load entry: a base rate as a function of virtual time, times an optional noise factor. The factor
/// is drawn once per noise period (period k covers [k x every, (k+1) x every)), and periods are drawn in
/// order from the source's own stream whatever time is asked first, so the rate at a time never depends
/// on who asked when. The result is clamped at zero.
/// </summary>
public sealed class LoadSource
{
    private readonly Func<TimeSpan, double> _baseRps;
    private readonly RandomStream? _random;
    private readonly List<double> _factors = [];

    /// <param name="target">Where the requests go.</param>
    /// <param name="baseRps">The rate before noise at a virtual time (e.g. the scenario's `rps` components).</param>
    /// <param name="noise">Optional noise; null for an exact rate.</param>
    /// <param name="random">The source's stream (RandomStream(seed, "load/&lt;target&gt;")); required with noise.</param>
    public LoadSource(LoadTargetRef target, Func<TimeSpan, double> baseRps, LoadNoise? noise, RandomStream? random)
    {
        Target = target;
        _baseRps = baseRps;
        Noise = noise?.Validated();
        if (noise is not null && random is null)
        {
            throw new ArgumentNullException(nameof(random), "a noisy load needs its random stream");
        }

        _random = random;
    }

    public LoadTargetRef Target { get; }

    public LoadNoise? Noise { get; }

    /// <summary>The rate before noise at <paramref name="t"/>, clamped at zero.</summary>
    public double BaseRpsAt(TimeSpan t) => Clamp(_baseRps(t));

    /// <summary>The offered rate at <paramref name="t"/>: base x the noise factor of t's period, clamped at zero.</summary>
    public double OfferedRpsAt(TimeSpan t)
    {
        double rps = BaseRpsAt(t);
        if (Noise is null)
        {
            return rps;
        }

        long period = t.Ticks / Noise.Every.Ticks;
        return Clamp(rps * FactorOf(period));
    }

    /// <summary>The noise factor of period <paramref name="period"/>, drawing every earlier period first.</summary>
    internal double FactorOf(long period)
    {
        while (_factors.Count <= period)
        {
            _factors.Add(Draw(_factors.Count));
        }

        return _factors[(int)period];
    }

    private double Draw(long period)
    {
        var noise = Noise!;
        var random = _random!;
        switch (noise.Distribution)
        {
            case NoiseDistribution.Normal:
                return 1 + (noise.Cv * random.Normal(0, 1));
            case NoiseDistribution.LogNormal:
                {
                    // A lognormal of mean 1 and cv: sigma^2 = ln(1 + cv^2), mu = -sigma^2 / 2.
                    double sigma2 = Math.Log(1 + (noise.Cv * noise.Cv));
                    return Math.Exp(random.Normal(-sigma2 / 2, Math.Sqrt(sigma2)));
                }

            default:
                {
                    // Requests in the period ~ Poisson(rate x period length) at the rate of the period's start;
                    // the factor is that count over its mean. A zero rate has no arrivals to vary.
                    double seconds = noise.Every.TotalSeconds;
                    double mean = BaseRpsAt(TimeSpan.FromTicks(period * noise.Every.Ticks)) * seconds;
                    return mean <= 0 ? 1 : random.Poisson(mean) / mean;
                }
        }
    }

    private static double Clamp(double rps) => double.IsNaN(rps) || rps < 0 ? 0 : rps;
}
