namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

public sealed partial class ClusterAutoscaler
{
    /// <summary>Scale-up (core/scaleup/orchestrator): true when a group was resized.</summary>
    private bool ScaleUp() => _lastRun < TimeSpan.Zero;
}
