using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Expectations;

/// <summary>One side of a <see cref="Condition"/>.</summary>
public abstract record Operand;

/// <summary>A number literal: `3`, `0.5`, `1e9`.</summary>
public sealed record NumberOperand(double Value) : Operand
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A quoted string: `"True"`.</summary>
public sealed record StringOperand(string Value) : Operand
{
    public override string ToString() => "\"" + Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A Kubernetes quantity: `500m`, `2Gi` (compare by <see cref="Quantity.MilliValue"/>).</summary>
public sealed record QuantityOperand(Quantity Value, string Text) : Operand
{
    public override string ToString() => Text;
}

/// <summary>
/// A field of an object: `[NS/]KIND/NAME.FIELD.PATH`. <see cref="Kind"/> is canonical (Deployment, Node, ...);
/// <see cref="Namespace"/> is "default" unless given, and null for cluster-scoped kinds. <see cref="Path"/>
/// holds the field names, with each bracket selector as its own element: `status.conditions[Ready].status`
/// is ["status", "conditions", "[Ready]", "status"] (a list element selected by its `type`, or by index when
/// numeric, or a map key).
/// </summary>
public sealed record RefOperand(string? Namespace, string Kind, string Name, IReadOnlyList<string> Path) : Operand
{
    /// <summary>The dotted field path as written: status.conditions[Ready].status.</summary>
    public string FieldPath => string.Concat(Path.Select((p, i) => i == 0 || p.StartsWith('[') ? p : "." + p));

    public override string ToString() =>
        (Namespace is null or "default" ? "" : Namespace + "/") + Kind.ToLowerInvariant() + "/" + Name + "." + FieldPath;

    public bool Equals(RefOperand? other) =>
        other is not null && Namespace == other.Namespace && Kind == other.Kind && Name == other.Name && Path.SequenceEqual(other.Path);

    public override int GetHashCode() => HashCode.Combine(Namespace, Kind, Name, Path.Count);
}

/// <summary>`count(pods, "SELECTOR"[, PHASE][, ready])`: pods in <see cref="Namespace"/> matching the selector (and phase, and readiness).</summary>
public sealed record CountOperand(string Selector, string? Phase, bool Ready, string Namespace = "default", string Kind = "Pod") : Operand
{
    public override string ToString() =>
        Kind == "Node"
            ? "count(nodes, \"" + Selector + "\"" + (Ready ? ", ready" : "") + ")"
            : "count(" + (Namespace == "default" ? "" : Namespace + "/") + "pods, \"" + Selector + "\"" + (Phase is null ? "" : ", " + Phase) + (Ready ? ", ready" : "") + ")";
}

/// <summary>
/// `nodegroup/POOL.status.FIELD`: a figure of an autoscaled pool (a Cluster Autoscaler node group), as the cloud provider
/// knows it (cloudprovider.NodeGroup's TargetSize and the nodes it created), or as it is billed.
/// </summary>
public sealed record NodeGroupOperand(string Group, string Field) : Operand
{
    /// <summary>
    /// The fields, as the timeseries.csv NodeGroup rows name the first four: the size asked for, nodes registered,
    /// Ready ones, requested and not registered yet; then scale-ups so far, instance-hours so far and their cost.
    /// </summary>
    public static IReadOnlyList<string> Fields { get; } = ["targetSize", "nodes", "readyNodes", "upcoming", "scaleUps", "nodeHours", "cost"];

    /// <summary>Whether the field grows with time between events (it is billed by the tick), not only when something changes.</summary>
    public bool Accrues => Field is "nodeHours" or "cost";

    public override string ToString() => "nodegroup/" + Group + ".status." + Field;
}

/// <summary>
/// `cluster.FIELD`: a total of the whole run up to the moment of the check, measured as `plan` measures its metrics
/// at the end of a run (pendingPodSeconds, longestPending, nodeHours) or as timeseries.csv's Cluster row (pendingPods).
/// </summary>
public sealed record ClusterOperand(string Field) : Operand
{
    /// <summary>
    /// Pods Pending now (the timeseries' pendingPods), pods waiting for a node now, the waits so far summed (pod-seconds),
    /// the longest wait so far (seconds), and node-hours so far.
    /// </summary>
    public static IReadOnlyList<string> Fields { get; } = ["pendingPods", "unscheduledPods", "pendingPodSeconds", "longestPending", "nodeHours"];

    /// <summary>Whether the field grows with time between events, not only when something changes.</summary>
    public bool Accrues => Field is "pendingPodSeconds" or "longestPending" or "nodeHours";

    /// <summary>Whether the field is counted in seconds (pod-seconds for pendingPodSeconds).</summary>
    public bool InSeconds => Field is "pendingPodSeconds" or "longestPending";

    public override string ToString() => "cluster." + Field;
}
