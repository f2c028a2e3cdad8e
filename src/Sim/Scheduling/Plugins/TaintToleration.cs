using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Filters out nodes with a NoSchedule/NoExecute taint the pod does not tolerate, and prefers nodes with
/// fewer untolerated PreferNoSchedule taints. Port of plugins/tainttoleration/taint_toleration.go.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    private const string PreScoreStateKey = "PreScoreTaintToleration";

    public TaintToleration(int weight = 3)
    {
        Weight = weight;
    }

    public string Name => "TaintToleration";

    public int Weight { get; }

    public ClusterEventType EventsToRegister => ClusterEventType.NodeAdd | ClusterEventType.NodeTaintChange;

    /// <summary>taint_toleration.go Filter.</summary>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var taint = TaintHelper.FindUntoleratedDoNotScheduleTaint(nodeInfo.State!.Taints, pod.Spec.Tolerations);
        if (taint is null)
        {
            return Status.Success;
        }

        return Status.UnschedulableAndUnresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
    }

    /// <summary>taint_toleration.go PreScore: the pod's tolerations with effect PreferNoSchedule or empty.</summary>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var tolerations = pod.Spec.Tolerations.Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule").ToList();
        state.Write(PreScoreStateKey, tolerations);
        return Status.Success;
    }

    /// <summary>taint_toleration.go Score / countIntolerableTaintsPreferNoSchedule.</summary>
    public long Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var tolerations = state.Read<List<Toleration>>(PreScoreStateKey)
            ?? pod.Spec.Tolerations.Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule").ToList();
        long intolerable = 0;
        foreach (var taint in nodeInfo.State!.Taints)
        {
            if (taint.Effect == "PreferNoSchedule" && !TaintHelper.TolerationsTolerateTaint(tolerations, taint))
            {
                intolerable++;
            }
        }

        return intolerable;
    }

    /// <summary>taint_toleration.go NormalizeScore: DefaultNormalizeScore(MaxNodeScore, reverse=true).</summary>
    public void NormalizeScore(CycleState state, Pod pod, NodeScore[] scores) =>
        ScoreNormalizer.DefaultNormalizeScore(NodeScore.MaxNodeScore, true, scores);

    /// <summary>taint_toleration.go isSchedulableAfterNodeChange: an untolerated taint went away.</summary>
    public QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod)
    {
        if (evt.NewNode is null)
        {
            return QueueingHint.QueueSkip;
        }

        bool wasUntolerated = evt.OldNode is null || TaintHelper.FindUntoleratedDoNotScheduleTaint(evt.OldNode.Taints, pod.Spec.Tolerations) is not null;
        bool isUntolerated = TaintHelper.FindUntoleratedDoNotScheduleTaint(evt.NewNode.Taints, pod.Spec.Tolerations) is not null;
        return wasUntolerated && !isUntolerated ? QueueingHint.Queue : QueueingHint.QueueSkip;
    }
}
