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

        // Kept kinds (KeptObject): stored and printed, read by nothing simulated.
        new("Secret", "secrets", "secret", [], true, "v1"),
        new("ServiceAccount", "serviceaccounts", "serviceaccount", ["sa"], true, "v1"),
        new("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", ["pvc"], true, "v1"),
        new("Role", "roles", "role", [], true, "rbac.authorization.k8s.io/v1"),
        new("RoleBinding", "rolebindings", "rolebinding", [], true, "rbac.authorization.k8s.io/v1"),
        new("ClusterRole", "clusterroles", "clusterrole", [], false, "rbac.authorization.k8s.io/v1"),
        new("ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", [], false, "rbac.authorization.k8s.io/v1"),
        new("Ingress", "ingresses", "ingress", ["ing"], true, "networking.k8s.io/v1"),
        new("IngressClass", "ingressclasses", "ingressclass", [], false, "networking.k8s.io/v1"),
        new("NetworkPolicy", "networkpolicies", "networkpolicy", ["netpol"], true, "networking.k8s.io/v1"),
        new("CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", ["crd", "crds"], false, "apiextensions.k8s.io/v1"),
    ];

    /// <summary>
    /// The API groups Kubernetes v1.32 serves itself ("" is the core group): a kind of these groups that the simulator does
    /// not serve is an error, never kept as a custom resource, since Kubernetes would act on it (a DaemonSet, a Job).
    /// </summary>
    public static readonly IReadOnlySet<string> BuiltInGroups = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "apps", "authentication.k8s.io",
        "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io",
        "extensions", "flowcontrol.apiserver.k8s.io", "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io", "policy",
        "rbac.authorization.k8s.io", "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
    };

    /// <summary>The group of an apiVersion: "apps" of "apps/v1", "" of "v1".</summary>
    public static string GroupOf(string apiVersion)
    {
        int slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }

    /// <summary>
    /// A custom resource's entry, as discovery would list it without its CustomResourceDefinition at hand: the resource
    /// name guessed from the kind as meta.UnsafeGuessKindToResource does (lower case; "s" -> "ses", "y" -> "ies", else
    /// + "s"), no short names, namespaced (as most custom resources are), served in <paramref name="apiVersion"/>.
    /// </summary>
    public static ApiResource CustomResource(string apiVersion, string kind)
    {
        string singular = kind.ToLowerInvariant();
        string plural = singular.Length == 0 ? singular : singular[^1] switch
        {
            's' => singular + "es",
            'y' => singular[..^1] + "ies",
            _ => singular + "s",
        };
        return new ApiResource(kind, plural, singular, [], true, apiVersion);
    }

    /// <summary>The resource entry of a stored or decoded object: a kept custom resource carries its own.</summary>
    public static ApiResource Of(KubeObject obj) => obj is KeptObject kept ? kept.Resource : ForKind(obj.Kind);

    /// <summary>Whether <paramref name="kind"/> is one of <see cref="All"/>.</summary>
    public static bool IsServed(string kind) => ByKind.ContainsKey(kind);

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
