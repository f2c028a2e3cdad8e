namespace ClusterSim.Sim.Engine;

/// <summary>
/// Times the kernel's events for `clustersim run --profile`. When a profiler is set, the kernel hands it each
/// event to run (and the after-event observers) instead of running them itself; it must run them exactly once,
/// unchanged, so a profiled run gives the same results. Profilers read a wall clock, which is why they live
/// outside src/Sim: the simulation itself never does.
/// </summary>
public interface IEventProfiler
{
    /// <summary>Runs <paramref name="run"/> (one event) and records its cost against <paramref name="owner"/>: the handler, or the delegate a scheduled action wraps.</summary>
    void Event(object owner, Action run);

    /// <summary>Runs the after-event observers (invariant and expectation checkers, instruments) and records their cost.</summary>
    void Observers(Action run);

    /// <summary>Called when the profiler is set on <paramref name="kernel"/>: a profiler that splits its figures by virtual time (phases of a benchmark) reads the clock from it.</summary>
    void Attach(Kernel kernel)
    {
    }
}

/// <summary>A handler that runs on behalf of another piece of code (a controller's work queue or resync timer): the profiler charges its events to <see cref="Owner"/>.</summary>
public interface IDelegatingEventHandler : IEventHandler
{
    /// <summary>The code the handler runs (a controller's reconcile or resync delegate).</summary>
    Delegate Owner { get; }
}
