namespace ClusterSim.Bench;

/// <summary>
/// The pieces of the "K exponential timers" workload shared by every implementation: the per-process
/// SplitMix64 delay draw and the check values (shared/bench-workload.md).
/// </summary>
internal static class Workload
{
    private const double TwoPowMinus53 = 1.0 / (1UL << 53);
    private const double TicksPerSecond = 1e7;

    /// <summary>Initial SplitMix64 state of process <paramref name="id"/>: seed + id.</summary>
    public static ulong InitialState(long seed, int id) => unchecked((ulong)seed + (ulong)id);

    /// <summary>Advances the process's SplitMix64 state and returns an exponential (mean 1 s) delay in 100 ns ticks, truncated.</summary>
    public static long NextDelayTicks(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            ulong next = z ^ (z >> 31);
            double u = (next >> 11) * TwoPowMinus53;
            double delay = -Math.Log(1.0 - u);
            return (long)(delay * TicksPerSecond);
        }
    }

    /// <summary>SumCheck term: ticks * (id + 1), mod 2^64.</summary>
    public static ulong SumTerm(long ticks, int id) => unchecked((ulong)ticks * ((ulong)id + 1UL));

    /// <summary>
    /// Initial OrderHash value. shared/bench-workload.md says "start 0", but its published FIFO value
    /// (7DCA96B084C62E9B with the defaults) is what this fold gives when it starts from the FNV-1a 64-bit
    /// offset basis, as FNV does; starting from 0 gives 1018E37FD4C930CE for the very same order.
    /// We start from the offset basis so the printed value is comparable with the published one.
    /// </summary>
    public const ulong OrderHashStart = 0xCBF29CE484222325UL;

    /// <summary>OrderHash step: h = (h ^ (ticks * 1000003 + id)) * 0x100000001B3, mod 2^64.</summary>
    public static ulong HashStep(ulong hash, long ticks, int id) =>
        unchecked((hash ^ ((ulong)ticks * 1000003UL + (ulong)id)) * 0x100000001B3UL);
}

/// <summary>What one run of the workload measured and computed.</summary>
internal readonly record struct RunResult(
    TimeSpan Elapsed,
    long AllocatedBytes,
    long Processed,
    long FinalTicks,
    ulong SumCheck,
    ulong OrderHash)
{
    public double EventsPerSecond => Processed / Elapsed.TotalSeconds;

    public bool SameChecks(in RunResult other) =>
        Processed == other.Processed && FinalTicks == other.FinalTicks &&
        SumCheck == other.SumCheck && OrderHash == other.OrderHash;
}

/// <summary>One implementation of the workload. <see cref="Run"/> sets up, then times only the event loop.</summary>
internal interface IWorkloadBenchmark
{
    /// <summary>Short name used in the output ("engine", "pq").</summary>
    string Name { get; }

    /// <summary>Builds a fresh simulation, runs it to the N-th timeout and reports the loop's time and allocation.</summary>
    RunResult Run(BenchOptions options);
}
