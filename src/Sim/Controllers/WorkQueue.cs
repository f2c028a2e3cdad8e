using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Controllers;

/// <summary>
/// A de-duplicating work queue, as client-go's workqueue: a key added while already waiting is not added
/// again, and keys are handed to the reconcile function one per kernel event, in the order first added.
/// Processing runs in later events at the same virtual time, so a burst of watch notifications for one
/// object is reconciled once.
/// </summary>
public sealed class WorkQueue : IDelegatingEventHandler
{
    private readonly Kernel _kernel;
    private readonly Action<string> _reconcile;
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _waitingUntil = new(StringComparer.Ordinal);
    private bool _scheduled;

    /// <param name="kernel">The clock.</param>
    /// <param name="reconcile">Called with each key; reads the store and acts.</param>
    /// <summary>The reconcile function the queue drives (for the profiler).</summary>
    public Delegate Owner => _reconcile;

    public WorkQueue(Kernel kernel, Action<string> reconcile)
    {
        _kernel = kernel;
        _reconcile = reconcile;
    }

    /// <summary>Number of keys waiting.</summary>
    public int Count => _queue.Count;

    /// <summary>Queues <paramref name="key"/> unless it is already waiting.</summary>
    public void Add(string key)
    {
        if (!_dirty.Add(key))
        {
            return;
        }

        _queue.Enqueue(key);
        if (!_scheduled)
        {
            _scheduled = true;
            _kernel.ScheduleIn(0, this);
        }
    }

    /// <summary>
    /// Queues <paramref name="key"/> after <paramref name="delay"/> (workqueue AddAfter). As client-go's delaying
    /// queue (delaying_queue.go insert), a key already waiting keeps its earlier ready time and a later request is
    /// dropped, so repeated AddAfter calls for one key never pile up timers.
    /// </summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        long due = _kernel.NowTicks + delay.Ticks;
        if (_waitingUntil.TryGetValue(key, out long existing) && existing <= due)
        {
            return;
        }

        _waitingUntil[key] = due;
        _kernel.ScheduleAt(new TimeSpan(due), () =>
        {
            // A timer superseded by an earlier one for the same key does nothing.
            if (_waitingUntil.TryGetValue(key, out long at) && at == _kernel.NowTicks)
            {
                _waitingUntil.Remove(key);
                Add(key);
            }
        });
    }

    /// <summary>Reconciles the first waiting key, and schedules itself again while keys remain.</summary>
    public void OnEvent(Kernel kernel, long argument)
    {
        _scheduled = false;
        if (_queue.Count == 0)
        {
            return;
        }

        var key = _queue.Dequeue();
        _dirty.Remove(key);
        _reconcile(key);
        if (_queue.Count > 0 && !_scheduled)
        {
            _scheduled = true;
            _kernel.ScheduleIn(0, this);
        }
    }
}
