using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Controllers;

/// <summary>
/// An informer's periodic resync: every <c>period</c> it hands every key of the watched kinds to the
/// controller again, so a level-triggered controller repairs any state it missed. Costs one event per
/// period plus one enqueue per object.
/// </summary>
public sealed class PeriodicResync : IDelegatingEventHandler
{
    private readonly TimeSpan _period;
    private readonly Action _resync;

    /// <param name="kernel">The clock.</param>
    /// <param name="period">Time between resyncs (kube-controller-manager's --min-resync-period).</param>
    /// <param name="resync">Enqueues every object the controller watches.</param>
    /// <summary>The resync function the timer drives (for the profiler).</summary>
    public Delegate Owner => _resync;

    public PeriodicResync(Kernel kernel, TimeSpan period, Action resync)
    {
        _period = period;
        _resync = resync;
        if (period > TimeSpan.Zero)
        {
            kernel.ScheduleIn(period.Ticks, this);
        }
    }

    public void OnEvent(Kernel kernel, long argument)
    {
        _resync();
        kernel.ScheduleIn(_period.Ticks, this);
    }
}
