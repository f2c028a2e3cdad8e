namespace ClusterSim.Sim.Engine;

/// <summary>
/// One entry of the event queue. Ordered by <see cref="Time"/> then <see cref="Sequence"/>; the
/// sequence number is unique and increasing in scheduling order, so the order is total and events at
/// equal times run first in, first out.
/// </summary>
public readonly struct ScheduledEvent
{
    /// <summary>Due time in ticks of 100 ns since the start of the run.</summary>
    public readonly long Time;

    /// <summary>Insertion sequence number: the tie-break that makes equal times run FIFO.</summary>
    public readonly long Sequence;

    /// <summary>Who is called.</summary>
    public readonly IEventHandler Handler;

    /// <summary>An argument passed back to the handler (an id, a generation counter, ...).</summary>
    public readonly long Argument;

    public ScheduledEvent(long time, long sequence, IEventHandler handler, long argument)
    {
        Time = time;
        Sequence = sequence;
        Handler = handler;
        Argument = argument;
    }

    /// <summary>True when this entry must run before <paramref name="other"/>.</summary>
    public bool Precedes(in ScheduledEvent other) =>
        Time < other.Time || (Time == other.Time && Sequence < other.Sequence);
}
