namespace ClusterSim.Sim.Api;

/// <summary>
/// A scheduling.k8s.io/v1 PriorityClass (k8s.io/api/scheduling/v1 types.go): the priority value the Priority
/// admission plugin gives pods naming it, whether it is the cluster's default, and whether its pods may preempt.
/// Cluster-scoped.
/// </summary>
public sealed class PriorityClass : KubeObject
{
    public PriorityClass()
    {
        ApiVersion = PriorityClasses.GroupVersion;
    }

    public override string Kind => "PriorityClass";

    public override bool Namespaced => false;

    /// <summary>The integer priority of the pods naming this class.</summary>
    public int Value { get; set; }

    /// <summary>Whether pods without priorityClassName get this class (at most one class may be the default).</summary>
    public bool GlobalDefault { get; set; }

    /// <summary>PreemptLowerPriority or Never; null until the API server defaults it (SetDefaults_PriorityClass).</summary>
    public string? PreemptionPolicy { get; set; }

    /// <summary>Free text for users.</summary>
    public string Description { get; set; } = "";
}

/// <summary>Constants and built-ins of pkg/apis/scheduling (types.go) and pkg/apis/scheduling/v1 (helpers.go).</summary>
public static class PriorityClasses
{
    /// <summary>The API group and version PriorityClasses are served in.</summary>
    public const string GroupVersion = "scheduling.k8s.io/v1";

    /// <summary>types.go HighestUserDefinablePriority: user classes may not go above it.</summary>
    public const int HighestUserDefinablePriority = 1000000000;

    /// <summary>types.go SystemCriticalPriority: 2 × HighestUserDefinablePriority.</summary>
    public const int SystemCriticalPriority = 2 * HighestUserDefinablePriority;

    /// <summary>types.go SystemPriorityClassPrefix: names reserved for the built-in classes.</summary>
    public const string SystemPriorityClassPrefix = "system-";

    /// <summary>types.go SystemClusterCritical.</summary>
    public const string SystemClusterCritical = SystemPriorityClassPrefix + "cluster-critical";

    /// <summary>types.go SystemNodeCritical.</summary>
    public const string SystemNodeCritical = SystemPriorityClassPrefix + "node-critical";

    /// <summary>types.go DefaultPriorityWhenNoDefaultClassExists.</summary>
    public const int DefaultPriorityWhenNoDefaultClassExists = 0;

    /// <summary>core/v1 PreemptLowerPriority: the pod may preempt pods of lower priority.</summary>
    public const string PreemptLowerPriority = "PreemptLowerPriority";

    /// <summary>core/v1 PreemptNever: the pod waits in the queue and never preempts.</summary>
    public const string PreemptNever = "Never";

    /// <summary>
    /// helpers.go systemPriorityClasses: the classes the API server creates at start (pkg/registry/scheduling/rest
    /// storage_scheduling.go AddSystemPriorityClasses), fresh instances each call, with their defaulted preemption policy.
    /// </summary>
    public static IReadOnlyList<PriorityClass> SystemPriorityClasses() =>
    [
        new()
        {
            Metadata = { Name = SystemNodeCritical },
            Value = SystemCriticalPriority + 1000,
            PreemptionPolicy = PreemptLowerPriority,
            Description = "Used for system critical pods that must not be moved from their current node.",
        },
        new()
        {
            Metadata = { Name = SystemClusterCritical },
            Value = SystemCriticalPriority,
            PreemptionPolicy = PreemptLowerPriority,
            Description = "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
        },
    ];

    /// <summary>
    /// helpers.go IsKnownSystemPriorityClass: whether (name, value, globalDefault) is one of the built-in classes
    /// exactly; otherwise the reason, as the validation message words it.
    /// </summary>
    public static string? KnownSystemPriorityClassError(string name, int value, bool globalDefault)
    {
        foreach (var spc in SystemPriorityClasses())
        {
            if (spc.Metadata.Name == name)
            {
                if (spc.Value != value)
                {
                    return $"value of {name} PriorityClass must be {spc.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                }

                if (spc.GlobalDefault != globalDefault)
                {
                    return $"globalDefault of {name} PriorityClass must be {(spc.GlobalDefault ? "true" : "false")}";
                }

                return null;
            }
        }

        return name + " is not a known system priority class";
    }

    /// <summary>component-helpers corev1 PodPriority: spec.priority, or 0 when unset.</summary>
    public static int PodPriority(Pod pod) => pod.Spec.Priority ?? 0;
}
