using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Controllers.TaintEviction;

/// <summary>timed_workers.go TimedWorker: a piece of work to run no earlier than <see cref="FireAt"/>.</summary>
/// <param name="Id">The kernel event argument; a cancelled worker's event finds no live worker with its id and does nothing.</param>
/// <param name="Key">"namespace/name" of the pod.</param>
/// <param name="CreatedAt">When the work was created (the taint eviction controller's start time of the toleration).</param>
/// <param name="FireAt">When it fires.</param>
public sealed record TimedWorker(long Id, string Key, TimeSpan CreatedAt, TimeSpan FireAt);

/// <summary>
/// pkg/controller/tainteviction/timed_workers.go TimedWorkerQueue: work keyed by pod, each fired by a
/// kernel event. Work whose delay is zero or less starts at once (Go: in a new goroutine; here in an
/// event at the current time) and, as in Go, is kept as a nil entry and cannot be cancelled. A timed
/// worker is cancelled by forgetting its id (the generation check); its event then does nothing. When
/// work finishes its key is dropped, whatever entry it holds then, as Go's wrapper does.
/// </summary>
public sealed class TimedWorkerQueue : IEventHandler
{
    private readonly Kernel _kernel;
    private readonly Action<string, TimeSpan> _work;

    // workers: key -> worker, null while uncancellable immediate work is pending or running.
    private readonly Dictionary<string, TimedWorker?> _workers = new(StringComparer.Ordinal);

    // Work whose event is pending, by id: (key, fireAt). Removed on cancel or when it runs.
    private readonly Dictionary<long, (string Key, TimeSpan FireAt)> _pending = [];
    private long _nextId;

    /// <param name="kernel">The clock.</param>
    /// <param name="work">CreateWorkerQueue's f: called with the key and the fire time.</param>
    public TimedWorkerQueue(Kernel kernel, Action<string, TimeSpan> work)
    {
        _kernel = kernel;
        _work = work;
    }

    /// <summary>Number of keys with work (timed or immediate).</summary>
    public int Count => _workers.Count;

    /// <summary>
    /// AddWork: adds work for <paramref name="key"/> to run no earlier than <paramref name="fireAt"/>, unless
    /// the key already has work. As Go's timer, the delay counted from now is fireAt − createdAt.
    /// </summary>
    public void AddWork(string key, TimeSpan createdAt, TimeSpan fireAt)
    {
        if (_workers.ContainsKey(key))
        {
            return;
        }

        _workers[key] = CreateWorker(key, createdAt, fireAt);
    }

    /// <summary>CancelWork: forgets the key's work; true if a timed worker was cancelled (immediate work still runs).</summary>
    public bool CancelWork(string key)
    {
        if (!_workers.Remove(key, out var worker))
        {
            return false;
        }

        if (worker is null)
        {
            return false;
        }

        _pending.Remove(worker.Id);
        return true;
    }

    /// <summary>GetWorkerUnsafe: the key's timed worker, or null (none, or immediate work in progress).</summary>
    public TimedWorker? GetWorkerUnsafe(string key) => _workers.GetValueOrDefault(key);

    /// <summary>Whether the key has work, timed or immediate.</summary>
    public bool HasWork(string key) => _workers.ContainsKey(key);

    public void OnEvent(Kernel kernel, long argument)
    {
        if (!_pending.Remove(argument, out var item))
        {
            return; // cancelled
        }

        _work(item.Key, item.FireAt);

        // getWrappedWorkerFunc: the key is dropped once the work is done.
        _workers.Remove(item.Key);
    }

    // createWorker: nil (immediate, uncancellable) when the delay is not positive, else a timed worker.
    private TimedWorker? CreateWorker(string key, TimeSpan createdAt, TimeSpan fireAt)
    {
        var delay = fireAt - createdAt;
        long id = ++_nextId;
        _pending[id] = (key, fireAt);
        if (delay <= TimeSpan.Zero)
        {
            _kernel.ScheduleIn(0, this, id);
            return null;
        }

        _kernel.ScheduleIn(delay.Ticks, this, id);
        return new TimedWorker(id, key, createdAt, fireAt);
    }
}
