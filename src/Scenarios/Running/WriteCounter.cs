using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios.Running;

/// <summary>Counts store writes of every kind but one.</summary>
internal sealed class WriteCounter(string ignoredKind) : IStoreWatcher
{
    /// <summary>Writes seen so far.</summary>
    public long Count { get; private set; }

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj.Kind != ignoredKind)
        {
            Count++;
        }
    }
}
