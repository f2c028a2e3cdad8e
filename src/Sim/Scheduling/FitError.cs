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

    /// <summary>The PostFilter (preemption) status message, e.g. "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."; empty when it succeeded or did not run.</summary>
    public string PostFilterMsg { get; set; } = "";

    /// <summary>NodeToStatus.Get: a node's status, or the absent nodes' status (UnschedulableAndUnresolvable by default, NewDefaultNodeToStatus).</summary>
    public Status StatusOf(string nodeName) =>
        NodeToStatus.TryGetValue(nodeName, out var s) ? s : AbsentNodesStatus ?? DefaultAbsentStatus;

    /// <summary>The absent nodes' status of framework.NewDefaultNodeToStatus.</summary>
    internal static readonly Status DefaultAbsentStatus = new(StatusCode.UnschedulableAndUnresolvable, []);

    private int _tracked;
    private int _unschedulable;
    private bool _overwritten;

    /// <summary>
    /// Sets a node's status (NodeToStatus.Set), keeping count of the Unschedulable ones for preemption: one insert,
    /// as a plain set; a node set twice (the nominated node, tried first) only makes the count be taken again.
    /// </summary>
    public void SetNodeStatus(string nodeName, Status status)
    {
        int before = NodeToStatus.Count;
        NodeToStatus[nodeName] = status;
        if (NodeToStatus.Count == before)
        {
            _overwritten = true;
            return;
        }

        _tracked++;
        if (status.Code == StatusCode.Unschedulable)
        {
            _unschedulable++;
        }
    }

    /// <summary>
    /// How many nodes have an Unschedulable status (those preemption may help), counting the absent ones when
    /// their status is Unschedulable: O(1) when every status was set with <see cref="SetNodeStatus"/>.
    /// </summary>
    public int CountUnschedulable(int numAllNodes)
    {
        int explicitCount = _unschedulable;
        if (_overwritten || _tracked != NodeToStatus.Count)
        {
            explicitCount = NodeToStatus.Values.Count(s => s.Code == StatusCode.Unschedulable);
        }

        var absent = AbsentNodesStatus ?? DefaultAbsentStatus;
        return explicitCount + (absent.Code == StatusCode.Unschedulable ? Math.Max(0, numAllNodes - NodeToStatus.Count) : 0);
    }

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
    /// ending with "."; then the PostFilter message, e.g. "preemption: 0/3 nodes are available: 3 No preemption
    /// victims found for incoming pod." followed by its own "." (Kubernetes' double period).
    /// </summary>
    public string Error()
    {
        string msg;
        var preFilterMsg = Diagnosis.PreFilterMsg;
        if (preFilterMsg.Length > 0)
        {
            msg = string.Create(CultureInfo.InvariantCulture, $"0/{NumAllNodes} nodes are available: {preFilterMsg}.");
        }
        else
        {
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

            msg = Format(NumAllNodes, reasons);
        }

        var postFilterMsg = Diagnosis.PostFilterMsg;
        return postFilterMsg.Length > 0 ? msg + " " + postFilterMsg + "." : msg;
    }

    /// <summary>"0/N nodes are available:" and the sorted "count reason" histogram of <paramref name="reasons"/>, ending with "." (FitError.Error without PreFilter and PostFilter messages).</summary>
    internal static string Format(int numAllNodes, IEnumerable<KeyValuePair<string, int>> reasons)
    {
        var msg = string.Create(CultureInfo.InvariantCulture, $"0/{numAllNodes} nodes are available:");
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
