using System.Diagnostics;

namespace ClusterSim.Bench;

/// <summary>
/// The reference row: the same workload on a bare <see cref="PriorityQueue{TElement, TPriority}"/> of
/// (process id, due time in ticks as a double), dequeue + enqueue, no engine at all. Ties are not FIFO
/// in <see cref="PriorityQueue{TElement, TPriority}"/>, so its OrderHash may differ from a FIFO engine's.
/// </summary>
internal sealed class BarePriorityQueueBenchmark : IWorkloadBenchmark
{
    public string Name => "pq";

    public RunResult Run(BenchOptions options)
    {
        int k = options.Processes;
        long limit = options.Timeouts;
        var states = new ulong[k];
        var queue = new PriorityQueue<int, double>(k);
        for (int id = 0; id < k; id++)
        {
            states[id] = Workload.InitialState(options.Seed, id);
            queue.Enqueue(id, Workload.NextDelayTicks(ref states[id]));
        }

        long processed = 0;
        long now = 0;
        ulong sum = 0;
        ulong hash = Workload.OrderHashStart;

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        while (queue.TryDequeue(out int id, out double due))
        {
            now = (long)due;
            sum = unchecked(sum + Workload.SumTerm(now, id));
            hash = Workload.HashStep(hash, now, id);
            if (++processed == limit)
            {
                break;
            }

            queue.Enqueue(id, now + Workload.NextDelayTicks(ref states[id]));
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new RunResult(elapsed, allocated, processed, now, sum, hash);
    }
}
