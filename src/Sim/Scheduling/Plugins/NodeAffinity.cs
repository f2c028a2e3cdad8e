using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Filters nodes by the pod's nodeSelector and required node affinity, narrows the candidates to the
/// metadata.name matchFields values at PreFilter, and scores preferred node affinity terms.
/// Port of plugins/nodeaffinity/node_affinity.go (without the profile's addedAffinity argument).
/// </summary>
public sealed class NodeAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    /// <summary>ErrReasonPod.</summary>
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    /// <summary>errReasonConflict.</summary>
    public const string ErrReasonConflict = "pod affinity terms conflict";

    private const string PreFilterStateKey = "PreFilterNodeAffinity";
    private const string PreScoreStateKey = "PreScoreNodeAffinity";

    // Built once and attributed to the plugin: a node that does not match rejects the pod's every attempt.
    private static readonly Status Rejection = new(StatusCode.UnschedulableAndUnresolvable, [ErrReasonPod], "NodeAffinity");

    public NodeAffinity(int weight = 2)
    {
        Weight = weight;
    }

    public string Name => "NodeAffinity";

    public int Weight { get; }

    public ClusterEventType EventsToRegister => ClusterEventType.NodeAdd | ClusterEventType.NodeLabelChange;

    /// <summary>node_affinity.go PreFilter.</summary>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod)
    {
        var required = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is null && pod.Spec.NodeSelector.Count == 0)
        {
            return (null, Status.Skip);
        }

        state.Write(PreFilterStateKey, RequiredNodeAffinity.Of(pod));
        if (required is null || required.NodeSelectorTerms.Count == 0)
        {
            return (null, Status.Success);
        }

        // Check if there is affinity to a specific node and return it.
        SortedSet<string>? nodeNames = null;
        foreach (var term in required.NodeSelectorTerms)
        {
            SortedSet<string>? termNodeNames = null;
            foreach (var r in term.MatchFields)
            {
                if (r.Key == NodeSelectorTermMatcher.ObjectNameField && r.Operator == "In")
                {
                    // The requirements represent ANDed constraints: intersect.
                    var s = new SortedSet<string>(r.Values, StringComparer.Ordinal);
                    if (termNodeNames is null)
                    {
                        termNodeNames = s;
                    }
                    else
                    {
                        termNodeNames.IntersectWith(s);
                    }
                }
            }

            if (termNodeNames is null)
            {
                // A term without node-name affinity makes every node eligible (terms are ORed).
                return (null, Status.Success);
            }

            nodeNames ??= new SortedSet<string>(StringComparer.Ordinal);
            nodeNames.UnionWith(termNodeNames);
        }

        if (nodeNames is not null && nodeNames.Count == 0)
        {
            return (null, Status.UnschedulableAndUnresolvable(ErrReasonConflict));
        }

        return nodeNames is { Count: > 0 } ? (new PreFilterResult(nodeNames), Status.Success) : (null, Status.Success);
    }

    /// <summary>node_affinity.go Filter.</summary>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var required = state.Read<RequiredNodeAffinity>(PreFilterStateKey) ?? RequiredNodeAffinity.Of(pod);
        return required.Match(nodeInfo.State!) ? Status.Success : Rejection;
    }

    /// <summary>node_affinity.go PreScore: Skip without preferred terms; an error for invalid ones.</summary>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var preferred = pod.Spec.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if (preferred is null)
        {
            return Status.Skip;
        }

        var terms = PreferredSchedulingTerms.Parse(preferred, out var error);
        if (terms is null)
        {
            return Status.AsError(error!);
        }

        state.Write(PreScoreStateKey, terms);
        return Status.Success;
    }

    /// <summary>node_affinity.go Score: the sum of the weights of matching preferred terms.</summary>
    public long Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var terms = state.Read<PreferredSchedulingTerms>(PreScoreStateKey);
        if (terms is null)
        {
            var preferred = pod.Spec.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
            terms = preferred is null ? null : PreferredSchedulingTerms.Parse(preferred, out _);
        }

        return terms?.Score(nodeInfo.Name, nodeInfo.State!.Labels) ?? 0;
    }

    /// <summary>node_affinity.go NormalizeScore: DefaultNormalizeScore(MaxNodeScore, reverse=false).</summary>
    public void NormalizeScore(CycleState state, Pod pod, NodeScore[] scores) =>
        ScoreNormalizer.DefaultNormalizeScore(NodeScore.MaxNodeScore, false, scores);

    /// <summary>node_affinity.go isSchedulableAfterNodeChange: the node (newly) matches the required affinity.</summary>
    public QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod)
    {
        if (evt.NewNode is null)
        {
            return QueueingHint.QueueSkip;
        }

        var required = RequiredNodeAffinity.Of(pod);
        if (!required.Match(evt.NewNode))
        {
            return QueueingHint.QueueSkip;
        }

        if (evt.OldNode is null)
        {
            return QueueingHint.Queue;
        }

        return required.Match(evt.OldNode) ? QueueingHint.QueueSkip : QueueingHint.Queue;
    }
}
