using ClusterSim.Sim.Engine;

namespace ClusterSim.Tests.Engine;

public sealed class RandomStreamTests
{
    private static ulong[] Draw(RandomStream stream, int count) =>
        Enumerable.Range(0, count).Select(_ => stream.NextUInt64()).ToArray();

    [Fact]
    public void SameSeedAndIdentityGiveTheSameSequence()
    {
        var a = new RandomStream(42, "kubelet/worker-1");
        var b = new RandomStream(42, "kubelet/worker-1");

        Assert.Equal(Draw(a, 1_000), Draw(b, 1_000));
    }

    [Fact]
    public void DifferentIdentityGivesADifferentSequence()
    {
        var a = Draw(new RandomStream(42, "kubelet/worker-1"), 100);
        var b = Draw(new RandomStream(42, "kubelet/worker-2"), 100);

        Assert.NotEqual(a, b);
        Assert.True(a.Zip(b).Count(p => p.First == p.Second) <= 1);
    }

    [Fact]
    public void DifferentSeedGivesADifferentSequence()
    {
        var a = Draw(new RandomStream(1, "scheduler"), 100);
        var b = Draw(new RandomStream(2, "scheduler"), 100);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void CreatingOtherStreamsDoesNotShiftAStream()
    {
        var alone = Draw(new RandomStream(5, "controller/deployment"), 50);
        var other = new RandomStream(5, "controller/replicaset");
        _ = Draw(other, 10);
        var again = Draw(new RandomStream(5, "controller/deployment"), 50);

        Assert.Equal(alone, again);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1_000)]
    [InlineData(int.MaxValue)]
    public void NextIntStaysInRange(int maxExclusive)
    {
        var stream = new RandomStream(3, "next-int");
        for (int i = 0; i < 10_000; i++)
        {
            int value = stream.NextInt(maxExclusive);
            Assert.InRange(value, 0, maxExclusive - 1);
        }
    }

    [Fact]
    public void NextIntHitsEveryValueOfASmallRange()
    {
        var stream = new RandomStream(4, "next-int/coverage");
        var counts = new int[10];
        for (int i = 0; i < 10_000; i++)
        {
            counts[stream.NextInt(10)]++;
        }

        // Expected 1,000 each; the bounds are far outside what a fair generator produces.
        Assert.All(counts, c => Assert.InRange(c, 850, 1_150));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NextIntRejectsAnEmptyRange(int maxExclusive)
    {
        var stream = new RandomStream(0, "next-int/invalid");

        Assert.Throws<ArgumentOutOfRangeException>(() => stream.NextInt(maxExclusive));
    }

    [Fact]
    public void NextDoubleIsInTheUnitInterval()
    {
        var stream = new RandomStream(8, "next-double");
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(stream.NextDouble(), 0.0, Math.BitDecrement(1.0));
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(0.01)]
    public void ExponentialMeanIsRoughlyRight(double mean)
    {
        const int Samples = 100_000;
        var stream = new RandomStream(9, "exponential");
        double sum = 0;
        for (int i = 0; i < Samples; i++)
        {
            double x = stream.Exponential(mean);
            Assert.True(x >= 0);
            sum += x;
        }

        // The standard error of the mean is mean / sqrt(100,000) ~ 0.3% of the mean; allow 3%.
        Assert.InRange(sum / Samples, mean * 0.97, mean * 1.03);
    }

    [Fact]
    public void SplitMix64MatchesTheReferenceSequence()
    {
        // Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        ulong state = 0;

        Assert.Equal(0xE220A8397B1DCDAFUL, RandomStream.SplitMix64(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, RandomStream.SplitMix64(ref state));
        Assert.Equal(0x06C45D188009454FUL, RandomStream.SplitMix64(ref state));
    }
}
