namespace ClusterSim.Sim.Load;

/// <summary>
/// What a load source sends requests to: a Service (through its Endpoints' ready addresses) or a workload's
/// pods (canonical kind Deployment, ReplicaSet or ReplicationController; its selector's ready pods).
/// </summary>
public sealed record LoadTargetRef(string Namespace, string Kind, string Name)
{
    /// <summary>`[NS/]kind/name`, the spelling of the scenario's `target:` and of expectation REFs.</summary>
    public override string ToString() => (Namespace == "default" ? "" : Namespace + "/") + Kind.ToLowerInvariant() + "/" + Name;
}
