using System.Diagnostics;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Bench;

/// <summary>
/// The workload on ClusterSim's <see cref="Kernel"/>, through the same public API the controllers use:
/// each process is a long-lived <see cref="IEventHandler"/> that reschedules itself.
/// </summary>
internal sealed class EngineBenchmark : IWorkloadBenchmark
{
    public string Name => "engine";

    public RunResult Run(BenchOptions options)
    {
        var kernel = new Kernel(Math.Max(1024, options.Processes));
        var tally = new Tally(options.Timeouts);
        var processes = new TimerProcess[options.Processes];
        for (int id = 0; id < processes.Length; id++)
        {
            processes[id] = new TimerProcess(id, Workload.InitialState(options.Seed, id), tally);
        }

        // All processes start at t = 0 in id order: each one draws its first delay and waits.
        foreach (var process in processes)
        {
            process.Start(kernel);
        }

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        kernel.Run();
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        if (tally.Processed != options.Timeouts)
        {
            throw new InvalidOperationException($"engine stopped after {tally.Processed} timeouts, expected {options.Timeouts}");
        }

        GC.KeepAlive(processes);
        return new RunResult(elapsed, allocated, tally.Processed, kernel.NowTicks, tally.Sum, tally.Hash);
    }

    /// <summary>Counters shared by all processes.</summary>
    private sealed class Tally(long limit)
    {
        public readonly long Limit = limit;
        public long Processed;
        public ulong Sum;
        public ulong Hash = Workload.OrderHashStart;
    }

    /// <summary>One timer process: wait an exponential delay, count one timeout, repeat.</summary>
    private sealed class TimerProcess(int id, ulong rngState, Tally tally) : IEventHandler
    {
        private readonly int _id = id;
        private readonly Tally _tally = tally;
        private ulong _rng = rngState;

        public void Start(Kernel kernel) => kernel.ScheduleIn(Workload.NextDelayTicks(ref _rng), this, _id);

        public void OnEvent(Kernel kernel, long argument)
        {
            var tally = _tally;
            long now = kernel.NowTicks;
            tally.Sum = unchecked(tally.Sum + Workload.SumTerm(now, _id));
            tally.Hash = Workload.HashStep(tally.Hash, now, _id);
            if (++tally.Processed == tally.Limit)
            {
                kernel.Stop();
                return;
            }

            kernel.ScheduleIn(Workload.NextDelayTicks(ref _rng), this, _id);
        }
    }
}
