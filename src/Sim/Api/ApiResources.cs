namespace ClusterSim.Sim.Api;

/// <summary>What the API server and kubectl know of a kind: its resource name, short names and scope.</summary>
public sealed record ApiResource(string Kind, string Resource, string Singular, IReadOnlyList<string> ShortNames, bool Namespaced, string GroupVersion);

/// <summary>The kinds the simulator serves, as `kubectl api-resources` lists them.</summary>
public static class ApiResources
{
    public static readonly IReadOnlyList<ApiResource> All =
    [
        new("Namespace", "namespaces", "namespace", ["ns"], false, "v1"),
        new("Node", "nodes", "node", ["no"], false, "v1"),
        new("Pod", "pods", "pod", ["po"], true, "v1"),
        new("ReplicationController", "replicationcontrollers", "replicationcontroller", ["rc"], true, "v1"),
        new("Service", "services", "service", ["svc"], true, "v1"),
        new("Endpoints", "endpoints", "endpoints", ["ep"], true, "v1"),
        new("Event", "events", "event", ["ev"], true, "v1"),
        new("ReplicaSet", "replicasets", "replicaset", ["rs"], true, "apps/v1"),
        new("Deployment", "deployments", "deployment", ["deploy"], true, "apps/v1"),
        new("HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", ["hpa"], true, "autoscaling/v2"),
        new("Lease", "leases", "lease", [], true, "coordination.k8s.io/v1"),
        new("PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", ["pdb"], true, "policy/v1"),
        new("ConfigMap", "configmaps", "configmap", ["cm"], true, "v1"),
        new("PriorityClass", "priorityclasses", "priorityclass", ["pc"], false, "scheduling.k8s.io/v1"),
    ];

    /// <summary>Finds a kind by kubectl's spelling: kind, plural, singular or short name, case-insensitive.</summary>
    public static ApiResource? Find(string name)
    {
        foreach (var r in All)
        {
            if (string.Equals(r.Kind, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.Resource, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.Singular, name, StringComparison.OrdinalIgnoreCase)
                || r.ShortNames.Any(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)))
            {
                return r;
            }
        }

        return null;
    }

    // ForKind runs on every write and many reads: a dictionary instead of a LINQ search, which allocated a
    // closure and an enumerator per call (kinds are unique in All).
    private static readonly Dictionary<string, ApiResource> ByKind = All.ToDictionary(r => r.Kind, StringComparer.Ordinal);

    /// <summary>The resource entry of a kind; throws for kinds the simulator does not serve.</summary>
    public static ApiResource ForKind(string kind) =>
        ByKind.TryGetValue(kind, out var r) ? r : throw new ArgumentException("unknown kind " + kind, nameof(kind));
}
