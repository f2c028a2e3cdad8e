namespace ClusterSim.Sim.Engine;

/// <summary>
/// The discrete-event kernel: a virtual clock and an event queue.
/// <para>
/// Contract: time is an integer count of 100 ns ticks (TimeSpan's unit) since the start of the run and
/// never decreases; events run in (time, sequence) order, where the sequence is the order in which they
/// were scheduled, so events at equal times run first in, first out. Nothing here reads the wall clock,
/// starts a thread or draws an unseeded random number.
/// </para>
/// <para>
/// Cost: scheduling and running an event is O(log n) in pending events and allocates nothing when the
/// handler is a long-lived <see cref="IEventHandler"/>; the <see cref="Action"/> overloads allocate one
/// small object per call and are meant for rare events (timeline actions, faults).
/// </para>
/// </summary>
public sealed class Kernel
{
    private readonly EventQueue _queue;
    private readonly List<IElidedEvents> _elided = [];
    private long _now;
    private long _sequence;
    private long _processed;
    private long _currentSequence = -1;
    private bool _stopRequested;

    public Kernel(int initialQueueCapacity = 1024)
    {
        _queue = new EventQueue(initialQueueCapacity);
    }

    /// <summary>Current virtual time in 100 ns ticks.</summary>
    public long NowTicks => _now;

    /// <summary>Current virtual time since the start of the run.</summary>
    public TimeSpan Now => new(_now);

    /// <summary>Number of events run so far.</summary>
    public long ProcessedEvents => _processed;

    /// <summary>
    /// Number of events the literal simulation would have run by now: <see cref="ProcessedEvents"/> plus the
    /// no-op events components left out (<see cref="AddElidedEvents"/>). What a run reports as its events run.
    /// </summary>
    public long LiteralEvents
    {
        get
        {
            long n = _processed;
            foreach (var source in _elided)
            {
                n += source.ElidedEvents(_now);
            }

            return n;
        }
    }

    /// <summary>Registers a component that leaves out no-op events (see <see cref="IElidedEvents"/>).</summary>
    public void AddElidedEvents(IElidedEvents source) => _elided.Add(source);

    /// <summary>Number of events waiting.</summary>
    public int PendingEvents => _queue.Count;

    /// <summary>
    /// The sequence number of the event running (or last run; -1 before the first): with <see cref="NowTicks"/>
    /// the (time, sequence) key the queue orders by, so an observer can check that events run in that order.
    /// </summary>
    public long CurrentSequence => _currentSequence;

    /// <summary>Due time of the next pending event, or <see cref="long.MaxValue"/> when none is pending.</summary>
    public long NextEventTicks => _queue.Count > 0 ? _queue.PeekTime() : long.MaxValue;

    /// <summary>Schedules <paramref name="handler"/> to run <paramref name="delayTicks"/> from now (0 = now, after what is already due now).</summary>
    public void ScheduleIn(long delayTicks, IEventHandler handler, long argument = 0)
    {
        if (delayTicks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delayTicks), "events cannot be scheduled in the past");
        }

        _queue.Enqueue(new ScheduledEvent(_now + delayTicks, _sequence++, handler, argument));
    }

    /// <summary>Schedules <paramref name="handler"/> at absolute time <paramref name="timeTicks"/> (not before now).</summary>
    public void ScheduleAt(long timeTicks, IEventHandler handler, long argument = 0)
    {
        if (timeTicks < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(timeTicks), "events cannot be scheduled in the past");
        }

        _queue.Enqueue(new ScheduledEvent(timeTicks, _sequence++, handler, argument));
    }

    /// <summary>Schedules a callback after <paramref name="delay"/>. Allocates; use for rare events.</summary>
    public void ScheduleIn(TimeSpan delay, Action action) => ScheduleIn(delay.Ticks, new ActionHandler(action));

    /// <summary>Schedules a callback at absolute time <paramref name="at"/>. Allocates; use for rare events.</summary>
    public void ScheduleAt(TimeSpan at, Action action) => ScheduleAt(at.Ticks, new ActionHandler(action));

    /// <summary>
    /// Raised after every event, for instruments that must see each settled state (expectation checkers,
    /// invariant checkers). An event rather than a settable delegate so that several observers can attach
    /// without replacing each other; observers run in subscription order. With none it costs one comparison
    /// per event.
    /// </summary>
    public event Action? AfterEvent;

    private IEventProfiler? _profiler;

    /// <summary>When set, every event and the after-event observers run through it (for `run --profile`); null costs nothing.</summary>
    public IEventProfiler? Profiler
    {
        get => _profiler;
        set
        {
            _profiler = value;
            value?.Attach(this);
        }
    }

    /// <summary>Asks <see cref="Run"/> or <see cref="RunUntil"/> to return after the event now running.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Runs every event due at or before <paramref name="untilTicks"/>, then sets the clock to it.
    /// Returns early, with the clock at the last event run, when <see cref="Stop"/> is called.</summary>
    public void RunUntil(long untilTicks)
    {
        if (RunEvents(untilTicks) && untilTicks > _now)
        {
            _now = untilTicks;
        }
    }

    /// <summary>Runs until <paramref name="until"/>; see <see cref="RunUntil(long)"/>.</summary>
    public void RunUntil(TimeSpan until) => RunUntil(until.Ticks);

    /// <summary>Runs until the queue is empty or <see cref="Stop"/> is called. The clock is left at the
    /// last event run (there is no target time to advance it to).</summary>
    public void Run() => RunEvents(long.MaxValue);

    /// <summary>Runs events due at or before <paramref name="untilTicks"/>; false when <see cref="Stop"/> ended the run.</summary>
    private bool RunEvents(long untilTicks)
    {
        _stopRequested = false;
        var queue = _queue;
        while (queue.Count > 0 && queue.PeekTime() <= untilTicks)
        {
            var e = queue.Dequeue();
            _now = e.Time;
            _currentSequence = e.Sequence;
            _processed++;
            if (_profiler is { } profiler)
            {
                var handler = e.Handler;
                long argument = e.Argument;
                profiler.Event(handler switch { ActionHandler a => a.Action, IDelegatingEventHandler d => d.Owner, _ => handler }, () => handler.OnEvent(this, argument));
                if (AfterEvent is { } observers)
                {
                    profiler.Observers(observers);
                }
            }
            else
            {
                e.Handler.OnEvent(this, e.Argument);
                AfterEvent?.Invoke();
            }
            if (_stopRequested)
            {
                return false;
            }
        }

        return true;
    }

    private sealed class ActionHandler(Action action) : IEventHandler
    {
        public Action Action => action;

        public void OnEvent(Kernel kernel, long argument) => action();
    }
}
