using System.Globalization;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// Why a pod fits no node (framework Diagnosis): each rejected node's status, the status assumed for nodes
/// that were not evaluated, the plugins that rejected, and a PreFilter rejection message.
/// </summary>
public sealed class Diagnosis
{
    /// <summary>Statuses of the nodes filters rejected, by node name (NodeToStatus explicit nodes).</summary>
    public SortedDictionary<string, Status> NodeToStatus { get; } = new(StringComparer.Ordinal);

    /// <summary>The status of nodes absent from <see cref="NodeToStatus"/> (NodeToStatus.AbsentNodesStatus); null when none applies.</summary>
    public Status? AbsentNodesStatus { get; set; }

    /// <summary>Plugins that rejected the pod on some node or at PreFilter.</summary>
    public SortedSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>The PreFilter rejection message, when PreFilter rejected the pod.</summary>
    public string PreFilterMsg { get; set; } = "";

    /// <summary>Diagnosis.AddPluginStatus.</summary>
    public void AddPluginStatus(Status status)
    {
        if (status.Plugin is not null && status.IsRejected)
        {
            UnschedulablePlugins.Add(status.Plugin);
        }
    }
}

/// <summary>
/// The error of a pod that fits no node (pkg/scheduler/framework/types.go FitError), whose message is the
/// `FailedScheduling` event text, e.g. "0/3 nodes are available: 3 Insufficient cpu.".
/// </summary>
public sealed class FitError
{
    public FitError(int numAllNodes, Diagnosis diagnosis)
    {
        NumAllNodes = numAllNodes;
        Diagnosis = diagnosis;
    }

    public int NumAllNodes { get; }

    public Diagnosis Diagnosis { get; }

    public string Message => Error();

    /// <summary>
    /// types.go FitError.Error: "0/N nodes are available:" then either the PreFilter message or the
    /// histogram of node reasons ("count reason" strings sorted as Go's sort.Strings, i.e. ordinal), each part
    /// ending with ".". Kubernetes appends the PostFilter (preemption) message, e.g. "preemption: 0/3 nodes are
    /// available: 3 No preemption victims found for incoming pod."; preemption is not modelled, so it is omitted.
    /// </summary>
    public string Error()
    {
        var msg = string.Create(CultureInfo.InvariantCulture, $"0/{NumAllNodes} nodes are available:");
        var preFilterMsg = Diagnosis.PreFilterMsg;
        if (preFilterMsg.Length > 0)
        {
            return msg + " " + preFilterMsg + ".";
        }

        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in Diagnosis.NodeToStatus.Values)
        {
            foreach (var reason in status.Reasons)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        int explicitNodes = Diagnosis.NodeToStatus.Count;
        if (explicitNodes < NumAllNodes && Diagnosis.AbsentNodesStatus is { } absent)
        {
            foreach (var reason in absent.Reasons)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + (NumAllNodes - explicitNodes);
            }
        }

        var histogram = reasons.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}")).ToList();
        histogram.Sort(StringComparer.Ordinal);
        if (histogram.Count > 0)
        {
            msg += " " + string.Join(", ", histogram) + ".";
        }

        return msg;
    }

    public override string ToString() => Error();
}
