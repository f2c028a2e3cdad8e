using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Api;

/// <summary>
/// A running kubelet's node Lease renewals as facts of time (fast paths, <see cref="Cluster.FastPaths"/>): while it
/// runs, its nodelease loop renews at its own phase every nodeLeaseRenewInterval, so the renewTime at any instant
/// is the last such tick at or before it. Nothing is scheduled for them: the Lease's renewTime is computed when
/// read, the node lifecycle controller replays the ticks it has not yet noted, and the kubelet counts them as
/// elided events. Each stretch of running time is one <see cref="RenewalSegment"/>; a segment is closed when the
/// kubelet stops (crash, partition).
/// </summary>
public sealed class LeaseRenewals(Kernel clock)
{
    private readonly List<RenewalSegment> _segments = [];
    private readonly List<Action> _onStop = [];

    /// <summary>The stretches of renewals, oldest first; only the last may be open.</summary>
    public IReadOnlyList<RenewalSegment> Segments => _segments;

    /// <summary>Whether renewals go on (the last segment is open), and every how many ticks.</summary>
    public bool IsOpen(out long periodTicks)
    {
        bool open = _segments.Count > 0 && _segments[^1].LastTick == long.MaxValue;
        periodTicks = open ? _segments[^1].PeriodTicks : 0;
        return open;
    }

    /// <summary>Calls <paramref name="action"/> once, when the open segment is next closed (see <see cref="Stop"/>).</summary>
    public void WhenStopped(Action action) => _onStop.Add(action);

    /// <summary>Starts renewing at <paramref name="firstTick"/>, then every <paramref name="periodTicks"/>.</summary>
    public void Start(long firstTick, long periodTicks) => _segments.Add(new RenewalSegment(firstTick, periodTicks, long.MaxValue));

    /// <summary>
    /// Stops renewing at <paramref name="nowTicks"/>: a tick at this very instant is not a renewal. The literal
    /// loop's tick there was scheduled one period earlier, after the fault that stops it (faults are scheduled
    /// when the timeline is read, or at the previous recovery), so the fault runs first and the tick renews nothing.
    /// </summary>
    public void Stop(long nowTicks)
    {
        if (_segments.Count > 0 && _segments[^1].LastTick == long.MaxValue)
        {
            var s = _segments[^1];
            _segments[^1] = s with { LastTick = s.LastTickBefore(nowTicks) };
            var waiting = _onStop.ToArray();
            _onStop.Clear();
            foreach (var action in waiting)
            {
                action();
            }
        }
    }

    /// <summary>The last renewal at or before now, or null when there was none.</summary>
    public TimeSpan? Latest()
    {
        long now = clock.NowTicks;
        for (int i = _segments.Count - 1; i >= 0; i--)
        {
            long last = _segments[i].LastTickAtOrBefore(now);
            if (last >= 0)
            {
                return new TimeSpan(last);
            }
        }

        return null;
    }

    /// <summary>The number of renewals at or before now.</summary>
    public long Count()
    {
        long now = clock.NowTicks;
        long n = 0;
        foreach (var s in _segments)
        {
            long last = s.LastTickAtOrBefore(now);
            if (last >= 0)
            {
                n += ((last - s.FirstTick) / s.PeriodTicks) + 1;
            }
        }

        return n;
    }
}

/// <summary>Renewals at FirstTick + k x PeriodTicks up to LastTick (inclusive; long.MaxValue while open).</summary>
public readonly record struct RenewalSegment(long FirstTick, long PeriodTicks, long LastTick)
{
    /// <summary>The segment's last tick at or before <paramref name="ticks"/>, or -1 if none.</summary>
    public long LastTickAtOrBefore(long ticks)
    {
        long limit = Math.Min(ticks, LastTick);
        return limit < FirstTick ? -1 : FirstTick + ((limit - FirstTick) / PeriodTicks * PeriodTicks);
    }

    /// <summary>The segment's last tick strictly before <paramref name="ticks"/>, or FirstTick - PeriodTicks (an empty segment) if none.</summary>
    public long LastTickBefore(long ticks)
    {
        long last = LastTickAtOrBefore(ticks - 1);
        return last < 0 ? FirstTick - PeriodTicks : last;
    }
}
