namespace ClusterSim.Scenarios.Model;

/// <summary>What a load entry sends requests to: a Service, or a workload's pods (canonical kind: Service, Deployment, ReplicationController, ReplicaSet).</summary>
public sealed record LoadTarget(string Namespace, string Kind, string Name)
{
    public override string ToString() => (Namespace == "default" ? "" : Namespace + "/") + Kind.ToLowerInvariant() + "/" + Name;
}
