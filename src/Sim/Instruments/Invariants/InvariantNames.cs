namespace ClusterSim.Sim.Instruments.Invariants;

/// <summary>The names under which <see cref="InvariantChecker"/> reports violations (stable: tests and reports use them).</summary>
public static class InvariantNames
{
    /// <summary>Virtual time never decreases; events at equal times run in scheduling (sequence) order.</summary>
    public const string Clock = "clock";

    /// <summary>Requested CPU, memory and pods on each node never exceed its allocatable.</summary>
    public const string Capacity = "capacity";

    /// <summary>A pod is never bound to a NotReady, cordoned, or untolerated NoSchedule/NoExecute-tainted node.</summary>
    public const string Placement = "placement";

    /// <summary>Every pod ever created exists or its deletion was recorded.</summary>
    public const string Conservation = "conservation";

    /// <summary>At quiescent points, each Endpoints' ready addresses are exactly the ready pods its Service selects.</summary>
    public const string Endpoints = "endpoints";

    /// <summary>An active HPA's desiredReplicas lies within [minReplicas, maxReplicas].</summary>
    public const string HpaBounds = "hpa-bounds";

    /// <summary>An HPA with a behavior never changes its target by more than its policies allow per period.</summary>
    public const string HpaRate = "hpa-rate";

    public static readonly IReadOnlyList<string> All = [Clock, Capacity, Placement, Conservation, Endpoints, HpaBounds, HpaRate];
}
