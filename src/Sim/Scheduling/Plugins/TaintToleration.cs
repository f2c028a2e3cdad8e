using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Filters out nodes with a NoSchedule/NoExecute taint the pod does not tolerate, and prefers nodes with
/// fewer untolerated PreferNoSchedule taints. Port of plugins/tainttoleration/taint_toleration.go.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    private const string PreScoreStateKey = "PreScoreTaintToleration";

    private readonly Dictionary<(string Key, string Value), Status> _rejections = [];

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
        if (nodeInfo.TaintCount == 0)
        {
            return Status.Success;
        }

        var taints = nodeInfo.State!.Taints;
        var taint = TaintHelper.FindUntoleratedDoNotScheduleTaint(taints, pod.Spec.Tolerations);
        if (taint is null)
        {
            return Status.Success;
        }

        // One status per untolerated (key, value), attributed to this plugin: a tainted node rejects pods
        // cycle after cycle, and the message only depends on the taint.
        if (!_rejections.TryGetValue((taint.Key, taint.Value ?? ""), out var status))
        {
            status = new Status(StatusCode.UnschedulableAndUnresolvable, [$"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}"], Name);
            _rejections[(taint.Key, taint.Value ?? "")] = status;
        }

        return status;
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
        return CountIntolerableTaintsPreferNoSchedule(nodeInfo.State!.Taints, tolerations);
    }

    /// <summary>taint_toleration.go Score over every node, the PreScore tolerations read once.</summary>
    public void ScoreNodes(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, NodeScore[] scores)
    {
        var tolerations = state.Read<List<Toleration>>(PreScoreStateKey)
            ?? pod.Spec.Tolerations.Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule").ToList();
        var span = SchedulingFramework.AsSpan(nodes);
        for (int i = 0; i < span.Length; i++)
        {
            var nodeInfo = span[i];
            scores[i] = new NodeScore(nodeInfo.Name, nodeInfo.TaintCount == 0 ? 0 : CountIntolerableTaintsPreferNoSchedule(nodeInfo.State!.Taints, tolerations));
        }
    }

    /// <summary>taint_toleration.go countIntolerableTaintsPreferNoSchedule.</summary>
    private static long CountIntolerableTaintsPreferNoSchedule(IReadOnlyList<Taint> taints, List<Toleration> tolerations)
    {
        long intolerable = 0;
        for (int i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
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
