namespace ClusterSim.Scenarios.Running;

/// <summary>
/// Runs many independent, single-threaded simulations on several cores and hands their results back in index
/// order. Each index's work must be a function of the index alone (its own cluster, its own seeded streams),
/// so the delivered sequence, and everything written from it, is the same whatever <c>jobs</c> is. Used by
/// `clustersim plan` (one index per configuration x seed) and `clustersim fuzz` (one index per schedule).
/// </summary>
public static class RunPool
{
    /// <summary>The default for --jobs: the machine's cores.</summary>
    public static int DefaultJobs => Environment.ProcessorCount;

    /// <summary>
    /// Computes <paramref name="work"/>(i) for every i in [0, <paramref name="count"/>) on up to
    /// <paramref name="jobs"/> threads and calls <paramref name="deliver"/>(i, result) on the calling thread
    /// for i = 0, 1, 2, ... in order, as soon as every earlier result has been delivered. With one job
    /// everything runs on the calling thread. The first exception thrown by a work item stops the pool and
    /// is rethrown here; cancellation stops handing out new indices and throws
    /// <see cref="OperationCanceledException"/> once the runs already started have finished.
    /// </summary>
    public static void Run<T>(int count, int jobs, Func<int, T> work, Action<int, T> deliver, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        if (jobs == 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                deliver(i, work(i));
            }

            return;
        }

        var results = new T[count];
        var done = new bool[count];
        var gate = new object();
        int nextIndex = -1;
        int running = Math.Min(jobs, count);
        Exception? failure = null;
        bool stopped = false;

        void Worker()
        {
            try
            {
                while (true)
                {
                    int i = Interlocked.Increment(ref nextIndex);
                    if (i >= count || cancel.IsCancellationRequested || Volatile.Read(ref failure) is not null || Volatile.Read(ref stopped))
                    {
                        return;
                    }

                    var result = work(i);
                    lock (gate)
                    {
                        results[i] = result;
                        done[i] = true;
                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
            finally
            {
                lock (gate)
                {
                    running--;
                    Monitor.PulseAll(gate);
                }
            }
        }

        // Simulations can recurse deeply in the YAML and selector code; give workers the main thread's stack size.
        var threads = Enumerable.Range(0, running).Select(_ => new Thread(Worker, 16 * 1024 * 1024) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        using var wake = cancel.Register(() =>
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        });
        try
        {
            for (int next = 0; next < count; next++)
            {
                T item;
                lock (gate)
                {
                    while (!done[next] && running > 0)
                    {
                        Monitor.Wait(gate);
                    }

                    if (!done[next])
                    {
                        break;
                    }

                    item = results[next];
                    results[next] = default!;
                }

                deliver(next, item);
            }
        }
        finally
        {
            // Also when deliver throws: no worker goes on with the remaining indices after Run has returned.
            Volatile.Write(ref stopped, true);
            threads.ForEach(t => t.Join());
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        cancel.ThrowIfCancellationRequested();
    }
}
