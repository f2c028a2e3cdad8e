namespace ClusterSim.Sim.Api;

/// <summary>
/// A policy/v1 PodDisruptionBudget (k8s.io/api/policy/v1 types.go): how many of the pods it selects must stay
/// healthy while they are disrupted voluntarily, i.e. through the eviction API (`kubectl drain`, the Cluster
/// Autoscaler's scale-down). Involuntary disruptions (a node crash, taint-based eviction after NotReady) and
/// controllers deleting their own pods (a rolling update, a ReplicaSet scaled down) do not consult it.
/// </summary>
public sealed class PodDisruptionBudget : KubeObject
{
    public override string Kind => "PodDisruptionBudget";

    public PodDisruptionBudgetSpec Spec { get; set; } = new();

    public PodDisruptionBudgetStatus Status { get; set; } = new();
}

public sealed class PodDisruptionBudgetSpec
{
    /// <summary>An eviction is allowed if at least this many selected pods stay available afterwards (a count or a percentage).</summary>
    public IntOrString? MinAvailable { get; set; }

    /// <summary>An eviction is allowed if at most this many selected pods are unavailable afterwards; exclusive with <see cref="MinAvailable"/>.</summary>
    public IntOrString? MaxUnavailable { get; set; }

    /// <summary>
    /// The pods the budget covers, in the budget's namespace. policy/v1: null selects no pod, an empty selector
    /// every pod of the namespace (metav1.LabelSelectorAsSelector, as the disruption controller and the eviction
    /// API both read it).
    /// </summary>
    public LabelSelector? Selector { get; set; }

    /// <summary>
    /// "IfHealthyBudget" or "AlwaysAllow"; null behaves as IfHealthyBudget: a running pod that is not Ready may be
    /// evicted only while the budget has its desired healthy pods.
    /// </summary>
    public string? UnhealthyPodEvictionPolicy { get; set; }
}

public sealed class PodDisruptionBudgetStatus
{
    /// <summary>The generation of the spec the status was computed from.</summary>
    public long ObservedGeneration { get; set; }

    /// <summary>
    /// Pods the eviction API allowed to be deleted (name to the time of the eviction) that the controller has not
    /// yet seen deleted; each counts as unhealthy for the controller's DeletionTimeout (2 minutes) after its eviction.
    /// </summary>
    public SortedDictionary<string, TimeSpan> DisruptedPods { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many more pods may be evicted now.</summary>
    public int DisruptionsAllowed { get; set; }

    /// <summary>Selected pods that are Ready and neither being deleted nor recently evicted.</summary>
    public int CurrentHealthy { get; set; }

    /// <summary>The healthy pods the budget requires.</summary>
    public int DesiredHealthy { get; set; }

    /// <summary>The pods the budget counts: the selected pods, or the sum of their controllers' scales for a percentage or maxUnavailable.</summary>
    public int ExpectedPods { get; set; }

    /// <summary>metav1.Conditions; the controller keeps DisruptionAllowed.</summary>
    public List<PodDisruptionBudgetCondition> Conditions { get; set; } = [];
}

/// <summary>A metav1.Condition of a PodDisruptionBudget.</summary>
public sealed class PodDisruptionBudgetCondition
{
    public string Type { get; set; } = "";

    public string Status { get; set; } = "";

    public long ObservedGeneration { get; set; }

    public TimeSpan LastTransitionTime { get; set; }

    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";
}

/// <summary>The policy/v1 constants of PodDisruptionBudgets.</summary>
public static class PodDisruptionBudgetConstants
{
    /// <summary>policy.DisruptionAllowedCondition.</summary>
    public const string DisruptionAllowedCondition = "DisruptionAllowed";

    /// <summary>policy.SyncFailedReason: the controller could not compute the status.</summary>
    public const string SyncFailedReason = "SyncFailed";

    /// <summary>policy.SufficientPodsReason: disruptions are allowed.</summary>
    public const string SufficientPodsReason = "SufficientPods";

    /// <summary>policy.InsufficientPodsReason: no disruption is allowed.</summary>
    public const string InsufficientPodsReason = "InsufficientPods";

    /// <summary>policy.IfHealthyBudget, the default unhealthyPodEvictionPolicy.</summary>
    public const string IfHealthyBudget = "IfHealthyBudget";

    /// <summary>policy.AlwaysAllow.</summary>
    public const string AlwaysAllow = "AlwaysAllow";
}
