using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>One resource a node lacks for a pod (fit.go InsufficientResource).</summary>
public sealed record InsufficientResource(string ResourceName, string Reason, long Requested, long Used, long Capacity);

/// <summary>
/// Checks that the node has room for the pod's cpu, memory, ephemeral-storage requests and one more pod
/// (against allocatable), and scores nodes by the configured strategy (LeastAllocated by default, or
/// MostAllocated) over the non-zero requests. Port of plugins/noderesources/fit.go (extended/scalar
/// resources, pod overhead and in-place resize are not modelled).
/// </summary>
public sealed class NodeResourcesFit : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    private const string PreFilterStateKey = "PreFilterNodeResourcesFit";
    private const string PreScoreStateKey = "PreScoreNodeResourcesFit";

    private readonly Status?[] _rejections = new Status?[16];

    public NodeResourcesFit(ScoringStrategyType strategy = ScoringStrategyType.LeastAllocated, IReadOnlyList<ResourceSpec>? resources = null, int weight = 1)
    {
        resources ??= ResourceAllocationScorer.DefaultResources;
        Strategy = strategy;
        Weight = weight;
        Scorer = new ResourceAllocationScorer(
            resources,
            useRequested: false,
            strategy == ScoringStrategyType.MostAllocated ? ResourceAllocationScorer.Strategy.MostAllocated : ResourceAllocationScorer.Strategy.LeastAllocated);
    }

    public string Name => "NodeResourcesFit";

    public int Weight { get; }

    public ScoringStrategyType Strategy { get; }

    public ResourceAllocationScorer Scorer { get; }

    public ClusterEventType EventsToRegister => ClusterEventType.AssignedPodDelete | ClusterEventType.NodeAdd | ClusterEventType.NodeAllocatableChange;

    /// <summary>The strategy named in ControlPlaneConfig.SchedulerScoring.</summary>
    public static ScoringStrategyType ParseStrategy(string name) => name switch
    {
        "LeastAllocated" => ScoringStrategyType.LeastAllocated,
        "MostAllocated" => ScoringStrategyType.MostAllocated,
        _ => throw new ArgumentException("scoring strategy " + name + " is not supported", nameof(name)),
    };

    /// <summary>fit.go PreFilter: computePodResourceRequest.</summary>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, Pod pod)
    {
        state.Write(PreFilterStateKey, new Box(PodRequests.Of(pod)));
        return (null, Status.Success);
    }

    /// <summary>
    /// fit.go Filter: every insufficient resource is a reason. The checks are fitsRequest's, made without
    /// building its list; a rejection is one of 15 statuses (by the set of insufficient resources), built once
    /// and attributed to this plugin, so filtering a node allocates nothing.
    /// </summary>
    public Status Filter(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        var request = state.Read<Box>(PreFilterStateKey)?.Value ?? PodRequests.Of(pod);
        int insufficient = 0;
        if (nodeInfo.PodCount + 1 > nodeInfo.AllowedPodNumber)
        {
            insufficient |= 1;
        }

        if (!request.IsZero)
        {
            if (request.MilliCpu > 0 && request.MilliCpu > nodeInfo.AllocatableMilliCpu - nodeInfo.RequestedMilliCpu)
            {
                insufficient |= 2;
            }

            if (request.Memory > 0 && request.Memory > nodeInfo.AllocatableMemory - nodeInfo.RequestedMemory)
            {
                insufficient |= 4;
            }

            if (request.EphemeralStorage > 0 && request.EphemeralStorage > nodeInfo.AllocatableEphemeralStorage - nodeInfo.RequestedEphemeralStorage)
            {
                insufficient |= 8;
            }
        }

        return insufficient == 0 ? Status.Success : _rejections[insufficient] ??= Rejection(insufficient);
    }

    /// <summary>The Unschedulable status for a set of insufficient resources (bits: pods, cpu, memory, ephemeral-storage), reasons in fitsRequest's order.</summary>
    private Status Rejection(int insufficient)
    {
        var reasons = new List<string>(4);
        if ((insufficient & 1) != 0)
        {
            reasons.Add("Too many pods");
        }

        if ((insufficient & 2) != 0)
        {
            reasons.Add("Insufficient cpu");
        }

        if ((insufficient & 4) != 0)
        {
            reasons.Add("Insufficient memory");
        }

        if ((insufficient & 8) != 0)
        {
            reasons.Add("Insufficient ephemeral-storage");
        }

        return new Status(StatusCode.Unschedulable, reasons.ToArray(), Name);
    }

    /// <summary>fit.go Fits: what <paramref name="nodeInfo"/> lacks for <paramref name="pod"/>.</summary>
    public static List<InsufficientResource> Fits(Pod pod, NodeInfo nodeInfo) =>
        FitsRequest(PodRequests.Of(pod), nodeInfo.Pods.Count, nodeInfo.AllowedPodNumber, nodeInfo.AllocatableMilliCpu, nodeInfo.RequestedMilliCpu, nodeInfo.AllocatableMemory, nodeInfo.RequestedMemory, nodeInfo.AllocatableEphemeralStorage, nodeInfo.RequestedEphemeralStorage);

    /// <summary>fit.go fitsRequest.</summary>
    public static List<InsufficientResource> FitsRequest(PodRequests podRequest, int podCount, long allowedPods, long allocCpu, long usedCpu, long allocMem, long usedMem, long allocEph, long usedEph)
    {
        var insufficient = new List<InsufficientResource>(4);
        if (podCount + 1 > allowedPods)
        {
            insufficient.Add(new InsufficientResource(ResourceNames.Pods, "Too many pods", 1, podCount, allowedPods));
        }

        if (podRequest.IsZero)
        {
            return insufficient;
        }

        if (podRequest.MilliCpu > 0 && podRequest.MilliCpu > allocCpu - usedCpu)
        {
            insufficient.Add(new InsufficientResource(ResourceNames.Cpu, "Insufficient cpu", podRequest.MilliCpu, usedCpu, allocCpu));
        }

        if (podRequest.Memory > 0 && podRequest.Memory > allocMem - usedMem)
        {
            insufficient.Add(new InsufficientResource(ResourceNames.Memory, "Insufficient memory", podRequest.Memory, usedMem, allocMem));
        }

        if (podRequest.EphemeralStorage > 0 && podRequest.EphemeralStorage > allocEph - usedEph)
        {
            insufficient.Add(new InsufficientResource(ResourceNames.EphemeralStorage, "Insufficient ephemeral-storage", podRequest.EphemeralStorage, usedEph, allocEph));
        }

        return insufficient;
    }

    /// <summary>fit.go PreScore: the pod's non-zero requests per scored resource.</summary>
    public Status PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        state.Write(PreScoreStateKey, Scorer.PodRequestList(pod));
        return Status.Success;
    }

    /// <summary>fit.go Score.</summary>
    public long Score(CycleState state, Pod pod, NodeInfo nodeInfo) =>
        Scorer.Score(nodeInfo, state.Read<long[]>(PreScoreStateKey) ?? Scorer.PodRequestList(pod));

    /// <summary>fit.go Score over every node, the PreScore state read once.</summary>
    public void ScoreNodes(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, NodeScore[] scores) =>
        Scorer.ScoreNodes(nodes, state.Read<long[]>(PreScoreStateKey) ?? Scorer.PodRequestList(pod), scores, state.Cache);

    /// <summary>fit.go isSchedulableAfterPodEvent / isSchedulableAfterNodeChange / haveAnyRequestedResourcesIncreased.</summary>
    public QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod)
    {
        if (evt.Type == ClusterEventType.AssignedPodDelete)
        {
            // any deletion of a scheduled pod may free room.
            return QueueingHint.Queue;
        }

        var node = evt.NewNode;
        if (node is null)
        {
            return QueueingHint.QueueSkip;
        }

        var request = PodRequests.Of(pod);
        if (FitsRequest(request, 0, node.AllowedPodNumber, node.AllocatableMilliCpu, 0, node.AllocatableMemory, 0, node.AllocatableEphemeralStorage, 0).Count > 0)
        {
            return QueueingHint.QueueSkip;
        }

        var old = evt.OldNode;
        if (old is null)
        {
            return QueueingHint.Queue;
        }

        bool increased = node.AllowedPodNumber > old.AllowedPodNumber
            || (!request.IsZero && ((request.MilliCpu > 0 && node.AllocatableMilliCpu > old.AllocatableMilliCpu)
                || (request.Memory > 0 && node.AllocatableMemory > old.AllocatableMemory)
                || (request.EphemeralStorage > 0 && node.AllocatableEphemeralStorage > old.AllocatableEphemeralStorage)));
        return increased ? QueueingHint.Queue : QueueingHint.QueueSkip;
    }

    private sealed record Box(PodRequests Value);
}
