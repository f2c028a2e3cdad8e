using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Load;

namespace ClusterSim.Tests.Load;

/// <summary>Noise is seeded per target, drawn in time order, and has the mean and spread asked for.</summary>
public class LoadSourceTests
{
    private static readonly LoadTargetRef Target = new("default", "Service", "web");

    private static LoadSource Source(NoiseDistribution d, double cv, double rps = 100, long seed = 7, TimeSpan? every = null) =>
        new(Target, _ => rps, new LoadNoise(d, cv, every ?? TimeSpan.FromSeconds(15)), new RandomStream(seed, "load/" + Target));

    [Fact]
    public void WithoutNoiseTheRateIsTheBaseClampedAtZero()
    {
        var s = new LoadSource(Target, t => t.TotalSeconds - 10, null, null);
        Assert.Equal(0, s.OfferedRpsAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(20, s.OfferedRpsAt(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void ValuesDoNotDependOnTheOrderTheyAreAskedIn()
    {
        var forward = Source(NoiseDistribution.Normal, 0.2);
        var backward = Source(NoiseDistribution.Normal, 0.2);
        var times = Enumerable.Range(0, 100).Select(i => TimeSpan.FromSeconds(i * 7)).ToList();
        var a = times.Select(forward.OfferedRpsAt).ToList();
        var b = Enumerable.Reverse(times).Select(backward.OfferedRpsAt).Reverse().ToList();
        Assert.Equal(a, b);
        // Held within a period, redrawn at the next.
        Assert.Equal(forward.OfferedRpsAt(TimeSpan.FromSeconds(15)), forward.OfferedRpsAt(TimeSpan.FromSeconds(29.9)));
        Assert.NotEqual(forward.OfferedRpsAt(TimeSpan.FromSeconds(15)), forward.OfferedRpsAt(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void SameSeedSameNoiseOtherSeedOtherNoise()
    {
        var t = TimeSpan.FromMinutes(3);
        Assert.Equal(Source(NoiseDistribution.LogNormal, 0.3).OfferedRpsAt(t), Source(NoiseDistribution.LogNormal, 0.3).OfferedRpsAt(t));
        Assert.NotEqual(Source(NoiseDistribution.LogNormal, 0.3).OfferedRpsAt(t), Source(NoiseDistribution.LogNormal, 0.3, seed: 8).OfferedRpsAt(t));
    }

    [Theory]
    [InlineData(NoiseDistribution.Normal, 0.1)]
    [InlineData(NoiseDistribution.LogNormal, 0.3)]
    [InlineData(NoiseDistribution.LogNormal, 1.0)]
    public void MeanIsTheBaseAndCvIsAsAsked(NoiseDistribution d, double cv)
    {
        var s = Source(d, cv);
        var (mean, sd) = Stats(s, 40_000, TimeSpan.FromSeconds(15));
        Assert.InRange(mean, 100 * (1 - (4 * cv / 200)), 100 * (1 + (4 * cv / 200)));
        Assert.InRange(sd / mean, cv * 0.95, cv * 1.05);
    }

    [Fact]
    public void PoissonCountsHaveVarianceEqualToTheirMean()
    {
        // 10 rps counted over 1s periods: counts ~ Poisson(10), so the rate's cv is 1/sqrt(10).
        var s = Source(NoiseDistribution.Poisson, 0, rps: 10, every: TimeSpan.FromSeconds(1));
        var (mean, sd) = Stats(s, 40_000, TimeSpan.FromSeconds(1));
        Assert.InRange(mean, 9.95, 10.05);
        Assert.InRange(sd / mean, 0.95 / Math.Sqrt(10), 1.05 / Math.Sqrt(10));
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(0, s.OfferedRpsAt(TimeSpan.FromSeconds(i)) * 10 % 1, 9));
    }

    [Fact]
    public void LargeNormalNoiseIsClampedAtZero()
    {
        var s = Source(NoiseDistribution.Normal, 2);
        var values = Enumerable.Range(0, 2000).Select(i => s.OfferedRpsAt(TimeSpan.FromSeconds(15 * i))).ToList();
        Assert.All(values, v => Assert.True(v >= 0));
        Assert.Contains(0.0, values);
    }

    private static (double Mean, double Sd) Stats(LoadSource s, int n, TimeSpan every)
    {
        var values = Enumerable.Range(0, n).Select(i => s.OfferedRpsAt(every * i)).ToList();
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        return (mean, sd);
    }
}
