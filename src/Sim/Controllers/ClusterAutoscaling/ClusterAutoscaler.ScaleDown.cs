namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

public sealed partial class ClusterAutoscaler
{
    /// <summary>Scale-down (core/scaledown): not modelled yet; true when a node was deleted.</summary>
    private bool ScaleDown() => false;
}
