using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go PriorityQueue, v1.32 with
/// SchedulerQueueingHints on):
/// <list type="bullet">
/// <item>activeQ: pods ready to be tried, highest priority first, then earliest timestamp (PrioritySort);</item>
/// <item>backoffQ: pods waiting out a backoff of 1s doubling per attempt up to 10s, moved to activeQ by a
/// flush that runs every second;</item>
/// <item>unschedulablePods: pods that failed, moved back when a cluster event their rejecting plugins
/// registered passes those plugins' queueing hints, or by a flush every 30s once they have waited longer than
/// podMaxInUnschedulablePodsDuration (5m).</item>
/// </list>
/// The periodic flushes are simulated on their exact 1s and 30s grids (from the queue's start), but a timer
/// event is only scheduled while a pod is waiting, so an idle scheduler leaves the kernel queue empty.
/// </summary>
public sealed class SchedulingQueue : IEventHandler
{
    /// <summary>DefaultPodInitialBackoffDuration.</summary>
    public static readonly TimeSpan PodInitialBackoffDuration = TimeSpan.FromSeconds(1);

    /// <summary>DefaultPodMaxBackoffDuration.</summary>
    public static readonly TimeSpan PodMaxBackoffDuration = TimeSpan.FromSeconds(10);

    /// <summary>Period of flushBackoffQCompleted.</summary>
    public static readonly TimeSpan BackoffFlushPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Period of flushUnschedulablePodsLeftover.</summary>
    public static readonly TimeSpan UnschedulableFlushPeriod = TimeSpan.FromSeconds(30);

    private const long BackoffTimer = 1;
    private const long FlushTimer = 2;

    private readonly Kernel _kernel;
    private readonly SchedulingFramework _framework;
    private readonly long _maxInUnschedulable;
    private readonly long _start;
    private readonly SortedSet<QueuedPodInfo> _active = new(Comparer<QueuedPodInfo>.Create(CompareActive));
    private readonly SortedSet<QueuedPodInfo> _backoff = new(Comparer<QueuedPodInfo>.Create(CompareBackoff));
    private readonly LinkedList<QueuedPodInfo> _unschedulable = new();
    private readonly Dictionary<Pod, QueuedPodInfo> _pods = new(ReferenceEqualityComparer.Instance);
    private long _sequence;
    private long _backoffTimerAt = long.MaxValue;
    private long _flushTimerAt = long.MaxValue;
    private long _backoffGeneration;
    private long _flushGeneration;

    public SchedulingQueue(Kernel kernel, SchedulingFramework framework, TimeSpan podMaxInUnschedulablePodsDuration)
    {
        _kernel = kernel;
        _framework = framework;
        _maxInUnschedulable = podMaxInUnschedulablePodsDuration.Ticks;
        _start = kernel.NowTicks;
    }

    /// <summary>Called when pods enter the active queue (the scheduler schedules a cycle).</summary>
    public Action? Activated { get; set; }

    public int ActiveCount => _active.Count;

    public int BackoffCount => _backoff.Count;

    public int UnschedulableCount => _unschedulable.Count;

    /// <summary>Pods in any sub-queue (not counting one being scheduled).</summary>
    public int Count => _pods.Count;

    /// <summary>The queue entry of <paramref name="pod"/>, or null.</summary>
    public QueuedPodInfo? Get(Pod pod) => _pods.GetValueOrDefault(pod);

    /// <summary>The pods in the unschedulable pool, oldest first.</summary>
    public IEnumerable<QueuedPodInfo> UnschedulablePods => _unschedulable;

    /// <summary>PriorityQueue.Add: a new pod goes straight to activeQ. Returns false if already queued.</summary>
    public bool Add(Pod pod)
    {
        if (_pods.ContainsKey(pod))
        {
            return false;
        }

        var pInfo = new QueuedPodInfo(pod, _kernel.NowTicks);
        _pods[pod] = pInfo;
        MoveToActive(pInfo);
        Activated?.Invoke();
        return true;
    }

    /// <summary>PriorityQueue.Pop: the head of activeQ, with its attempt counted and its rejector plugins cleared.</summary>
    public QueuedPodInfo? Pop()
    {
        if (_active.Count == 0)
        {
            return null;
        }

        var pInfo = _active.Min!;
        _active.Remove(pInfo);
        _pods.Remove(pInfo.Pod);
        pInfo.Queue = QueueKind.None;
        pInfo.Attempts++;
        pInfo.UnschedulablePlugins.Clear();
        return pInfo;
    }

    /// <summary>PriorityQueue.Delete: forgets the pod wherever it is.</summary>
    public bool Delete(Pod pod)
    {
        if (!_pods.Remove(pod, out var pInfo))
        {
            return false;
        }

        Detach(pInfo);
        return true;
    }

    /// <summary>
    /// PriorityQueue.AddUnschedulableIfNotPresent: after a failed attempt the pod goes to unschedulablePods,
    /// or, when no plugin rejected it (an error, or no nodes at all), to backoffQ.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo pInfo)
    {
        if (_pods.ContainsKey(pInfo.Pod))
        {
            return;
        }

        _pods[pInfo.Pod] = pInfo;
        pInfo.Timestamp = _kernel.NowTicks;
        if (pInfo.UnschedulablePlugins.Count == 0)
        {
            if (Requeue(pInfo))
            {
                Activated?.Invoke();
            }

            return;
        }

        pInfo.Queue = QueueKind.Unschedulable;
        pInfo.UnschedulableNode = _unschedulable.AddLast(pInfo);
        EnsureFlushTimer();
    }

    /// <summary>
    /// PriorityQueue.MoveAllToActiveOrBackoffQueue: every unschedulable pod one of whose rejecting plugins
    /// registered <paramref name="evt"/> and whose queueing hint says Queue moves to backoffQ (still backing
    /// off) or activeQ.
    /// </summary>
    public void MoveAllToActiveOrBackoffQueue(ClusterEvent evt)
    {
        if (_unschedulable.Count == 0)
        {
            return;
        }

        List<QueuedPodInfo>? toMove = null;
        foreach (var pInfo in _unschedulable)
        {
            if (IsPodWorthRequeuing(pInfo, evt))
            {
                (toMove ??= []).Add(pInfo);
            }
        }

        if (toMove is not null)
        {
            MovePods(toMove);
        }
    }

    /// <summary>scheduling_queue.go calculateBackoffDuration: 1s doubled per attempt after the first, capped at 10s.</summary>
    public static long BackoffDurationTicks(int attempts)
    {
        if (attempts == 0)
        {
            return 0;
        }

        long max = PodMaxBackoffDuration.Ticks;
        long duration = PodInitialBackoffDuration.Ticks;
        for (int i = 1; i < attempts; i++)
        {
            if (duration > max - duration)
            {
                return max;
            }

            duration += duration;
        }

        return duration;
    }

    public void OnEvent(Kernel kernel, long argument)
    {
        long kind = argument & 3;
        long generation = argument >> 2;
        if (kind == BackoffTimer && generation == _backoffGeneration)
        {
            _backoffTimerAt = long.MaxValue;
            FlushBackoffQCompleted();
        }
        else if (kind == FlushTimer && generation == _flushGeneration)
        {
            _flushTimerAt = long.MaxValue;
            FlushUnschedulablePodsLeftover();
        }
    }

    /// <summary>scheduling_queue.go flushBackoffQCompleted: pods whose backoff has ended move to activeQ.</summary>
    private void FlushBackoffQCompleted()
    {
        long now = _kernel.NowTicks;
        bool activated = false;
        while (_backoff.Count > 0 && _backoff.Min!.BackoffExpiry <= now)
        {
            var pInfo = _backoff.Min!;
            _backoff.Remove(pInfo);
            MoveToActive(pInfo);
            activated = true;
        }

        EnsureBackoffTimer();
        if (activated)
        {
            Activated?.Invoke();
        }
    }

    /// <summary>scheduling_queue.go flushUnschedulablePodsLeftover: pods unschedulable for longer than podMaxInUnschedulablePodsDuration move on.</summary>
    private void FlushUnschedulablePodsLeftover()
    {
        long now = _kernel.NowTicks;
        List<QueuedPodInfo>? toMove = null;
        foreach (var pInfo in _unschedulable)
        {
            if (now - pInfo.Timestamp > _maxInUnschedulable)
            {
                (toMove ??= []).Add(pInfo);
            }
        }

        if (toMove is not null)
        {
            MovePods(toMove);
        }

        EnsureFlushTimer();
    }

    /// <summary>scheduling_queue.go isPodWorthRequeuing.</summary>
    private bool IsPodWorthRequeuing(QueuedPodInfo pInfo, ClusterEvent evt)
    {
        if (pInfo.UnschedulablePlugins.Count == 0 || evt.IsWildCard)
        {
            return true;
        }

        foreach (var name in pInfo.UnschedulablePlugins)
        {
            var plugin = _framework.Get(name);
            if (plugin is IEnqueueExtensions ext)
            {
                if ((ext.EventsToRegister & evt.Type) != 0 && ext.IsSchedulableAfter(evt, pInfo.Pod) == QueueingHint.Queue)
                {
                    return true;
                }
            }
            else
            {
                // a plugin without EnqueueExtensions is registered for every event.
                return true;
            }
        }

        return false;
    }

    private void MovePods(List<QueuedPodInfo> pods)
    {
        bool activated = false;
        foreach (var pInfo in pods)
        {
            _unschedulable.Remove(pInfo.UnschedulableNode!);
            pInfo.UnschedulableNode = null;
            activated |= Requeue(pInfo);
        }

        if (activated)
        {
            Activated?.Invoke();
        }
    }

    /// <summary>requeuePodViaQueueingHint with queueAfterBackoff: backoffQ while backing off, else activeQ. True if activated.</summary>
    private bool Requeue(QueuedPodInfo pInfo)
    {
        long expiry = pInfo.Timestamp + BackoffDurationTicks(pInfo.Attempts);
        if (expiry > _kernel.NowTicks)
        {
            pInfo.BackoffExpiry = expiry;
            pInfo.Sequence = ++_sequence;
            pInfo.Queue = QueueKind.Backoff;
            _backoff.Add(pInfo);
            EnsureBackoffTimer();
            return false;
        }

        MoveToActive(pInfo);
        return true;
    }

    private void MoveToActive(QueuedPodInfo pInfo)
    {
        pInfo.Sequence = ++_sequence;
        pInfo.Priority = pInfo.Pod.Spec.Priority ?? 0;
        pInfo.Queue = QueueKind.Active;
        _active.Add(pInfo);
    }

    private void Detach(QueuedPodInfo pInfo)
    {
        switch (pInfo.Queue)
        {
            case QueueKind.Active:
                _active.Remove(pInfo);
                break;
            case QueueKind.Backoff:
                _backoff.Remove(pInfo);
                break;
            case QueueKind.Unschedulable:
                _unschedulable.Remove(pInfo.UnschedulableNode!);
                pInfo.UnschedulableNode = null;
                break;
        }

        pInfo.Queue = QueueKind.None;
    }

    /// <summary>Schedules the next 1s flush tick at or after the earliest backoff expiry.</summary>
    private void EnsureBackoffTimer()
    {
        if (_backoff.Count == 0)
        {
            return;
        }

        long at = GridAtOrAfter(Math.Max(_backoff.Min!.BackoffExpiry, _kernel.NowTicks), BackoffFlushPeriod.Ticks);
        if (at < _backoffTimerAt)
        {
            _backoffTimerAt = at;
            _kernel.ScheduleAt(at, this, BackoffTimer | (++_backoffGeneration << 2));
        }
    }

    /// <summary>Schedules the next 30s flush tick strictly after the oldest unschedulable pod's deadline.</summary>
    private void EnsureFlushTimer()
    {
        if (_unschedulable.Count == 0)
        {
            return;
        }

        long deadline = _unschedulable.First!.Value.Timestamp + _maxInUnschedulable;
        long at = GridAtOrAfter(Math.Max(deadline + 1, _kernel.NowTicks), UnschedulableFlushPeriod.Ticks);
        if (at < _flushTimerAt)
        {
            _flushTimerAt = at;
            _kernel.ScheduleAt(at, this, FlushTimer | (++_flushGeneration << 2));
        }
    }

    private long GridAtOrAfter(long t, long period)
    {
        long offset = t - _start;
        long k = (offset + period - 1) / period;
        return _start + (k * period);
    }

    private static int CompareActive(QueuedPodInfo? a, QueuedPodInfo? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        // queuesort/priority_sort.go Less: higher priority first, then earlier timestamp.
        int c = b!.Priority.CompareTo(a!.Priority);
        if (c != 0)
        {
            return c;
        }

        c = a.Timestamp.CompareTo(b.Timestamp);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    }

    private static int CompareBackoff(QueuedPodInfo? a, QueuedPodInfo? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        int c = a!.BackoffExpiry.CompareTo(b!.BackoffExpiry);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    }
}
