namespace ClusterSim.Sim.Engine;

/// <summary>
/// A seeded pseudo-random stream (xoshiro256**), one per component. Streams are derived from
/// (run seed, identity string), so adding a node or a controller does not shift anyone else's draws.
/// Never seeded from the clock; the same seed and identity always give the same sequence on any machine.
/// </summary>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream for <paramref name="identity"/> (e.g. "kubelet/worker-1") under run seed <paramref name="seed"/>.</summary>
    public RandomStream(long seed, string identity)
    {
        ulong state = unchecked((ulong)seed) ^ Fnv1a64(identity);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 bits of precision.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        }

        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold)
            {
                return (int)(r % bound);
            }
        }
    }

    /// <summary>Exponentially distributed with the given mean.</summary>
    public double Exponential(double mean) => -Math.Log(1.0 - NextDouble()) * mean;

    /// <summary>Normally distributed (Box-Muller; one draw per call, no cached spare, so the stream stays simple to reason about).</summary>
    public double Normal(double mean, double stdDev)
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return mean + stdDev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Poisson distributed with mean <paramref name="lambda"/> (Knuth for small means, normal approximation above 60).</summary>
    public long Poisson(double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda > 60)
        {
            return Math.Max(0, (long)Math.Round(Normal(lambda, Math.Sqrt(lambda))));
        }

        double l = Math.Exp(-lambda);
        long k = 0;
        double p = 1.0;
        do
        {
            k++;
            p *= NextDouble();
        }
        while (p > l);
        return k - 1;
    }

    /// <summary>SplitMix64 step (the generator in shared/bench-workload.md).</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>FNV-1a over the UTF-16 code units of <paramref name="text"/>: a stable, platform-independent string hash.</summary>
    public static ulong Fnv1a64(string text)
    {
        unchecked
        {
            ulong h = 0xCBF29CE484222325UL;
            foreach (char c in text)
            {
                h = (h ^ (byte)c) * 0x100000001B3UL;
                h = (h ^ (byte)(c >> 8)) * 0x100000001B3UL;
            }

            return h;
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
