using System.Globalization;

namespace ClusterSim.Sim.Instruments.Invariants;

/// <summary>
/// The kernel's ordering contract, checked from outside: each event's (time, sequence) key is strictly greater
/// than the previous one's. Time must not decrease, and at equal times the sequence (the order in which events
/// were scheduled) must increase, which is what "first in, first out at equal times" means. Fed one key per
/// event; public so that a test can feed it keys from a deliberately wrong ordering.
/// </summary>
public sealed class ClockInvariant
{
    private long _lastTicks = long.MinValue;
    private long _lastSequence = long.MinValue;

    /// <summary>Records the key of the event just run; a message describing the violation, or null.</summary>
    public string? Observe(long ticks, long sequence)
    {
        string? violation = null;
        if (ticks < _lastTicks)
        {
            violation = string.Create(CultureInfo.InvariantCulture, $"time went back from {new TimeSpan(_lastTicks)} to {new TimeSpan(ticks)}");
        }
        else if (ticks == _lastTicks && sequence <= _lastSequence)
        {
            violation = string.Create(CultureInfo.InvariantCulture, $"at {new TimeSpan(ticks)} event #{sequence} ran after event #{_lastSequence}, which was scheduled later");
        }

        _lastTicks = ticks;
        _lastSequence = sequence;
        return violation;
    }
}
