namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// A scheduling framework plugin (pkg/scheduler/framework/interface.go Plugin). A plugin takes part in the
/// extension points whose interfaces it implements (<see cref="IPreFilterPlugin"/>, <see cref="IFilterPlugin"/>,
/// <see cref="IPreScorePlugin"/>, <see cref="IScorePlugin"/>, <see cref="IEnqueueExtensions"/>); adding one to
/// the scheduler's plugin list is all it takes to enable it.
/// </summary>
public interface IPlugin
{
    /// <summary>The plugin's name, as in the scheduler configuration (e.g. "NodeResourcesFit").</summary>
    string Name { get; }
}
