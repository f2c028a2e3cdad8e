namespace ClusterSim.Sim.Api;

/// <summary>
/// A Kubernetes Event (core/v1 Event), recorded about an object. Repeats of the same
/// (object, type, reason, message, source) are folded into one with a count, as the event recorder's
/// correlator does.
/// </summary>
public sealed class KubeEvent
{
    public required string InvolvedKind { get; init; }

    public required string InvolvedNamespace { get; init; }

    public required string InvolvedName { get; init; }

    public required string InvolvedUid { get; init; }

    /// <summary>Normal or Warning.</summary>
    public required string Type { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    /// <summary>Reporting component, e.g. "default-scheduler", "kubelet", "replication-controller".</summary>
    public required string Source { get; init; }

    /// <summary>Host of the reporting component (kubelet's node), or empty.</summary>
    public string Host { get; init; } = "";

    public TimeSpan FirstTimestamp { get; set; }

    public TimeSpan LastTimestamp { get; set; }

    public int Count { get; set; } = 1;
}
