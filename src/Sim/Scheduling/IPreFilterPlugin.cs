using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Runs once per scheduling cycle before filtering (framework PreFilterPlugin): computes per-pod state into
/// the <see cref="CycleState"/>, may narrow the candidate nodes with a <see cref="PreFilterResult"/>, may
/// reject the pod outright, or may return <see cref="Status.Skip"/> to have its Filter skipped.
/// </summary>
public interface IPreFilterPlugin : IPlugin
{
    (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod);
}
