using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The kube-scheduler (v1.32 default profile). It watches Pods and Nodes, keeps a <see cref="SchedulerCache"/>
/// and a <see cref="SchedulingQueue"/>, and schedules one pod per kernel event (ScheduleIn(0), so a burst of
/// creations is worked through in queue order at the same virtual time): PreFilter, Filter over the nodes
/// from a rotating start index until enough feasible nodes are found, PreScore/Score/NormalizeScore with
/// plugin weights, a random pick among the best (reservoir sampling with the given stream), then binding
/// (spec.nodeName, PodScheduled=True, a Normal `Scheduled` event). A pod that fits nowhere runs the PostFilter
/// plugins (DefaultPreemption: victims deleted, the pod nominated to their node), gets PodScheduled=False/Unschedulable
/// and a Warning `FailedScheduling` event with the FitError message (with the PostFilter's `preemption: ...`), and
/// waits in the queue. Pods nominated to a node (status.nominatedNodeName) are tried there first and count on it in
/// the filters for pods of lower or equal priority. Port of pkg/scheduler/schedule_one.go and eventhandlers.go.
/// <para>
/// Plugins: <see cref="DefaultPlugins.Create"/> unless a list is passed to the constructor; any
/// <see cref="IPlugin"/> implementation can be added, removed or replaced there (e.g. a deliberately broken
/// profile for property tests). Extenders and volume plugins are not modelled.
/// </para>
/// </summary>
public sealed class Scheduler : IStoreWatcher, IEventHandler, IFrameworkHandle
{
    /// <summary>The scheduler name pods select (spec.schedulerName) and the events' source.</summary>
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>schedule_one.go minFeasibleNodesToFind.</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>schedule_one.go minFeasibleNodesPercentageToFind.</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    /// <summary>ErrNoNodesAvailable's message.</summary>
    public const string NoNodesAvailableMessage = "no nodes available to schedule pods";

    /// <summary>validation.NoteLengthLimit: event messages are truncated to this length.</summary>
    public const int NoteLengthLimit = 1024;

    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly RandomStream _random;
    private bool _cyclePending;
    private Pod? _inFlight;
    private int _nextStartNodeIndex;

    // Per-cycle buffers, reused: the feasible nodes, their total scores, and the plugins' score scratch.
    private readonly List<NodeInfo> _feasible = [];
    private long[] _totals = [];
    private NodeScore[] _scores = [];

    /// <param name="plugins">The profile's plugins in order; null for <see cref="DefaultPlugins.Create"/>.</param>
    public Scheduler(Kernel kernel, ApiServer api, EventRecorder events, RandomStream random, ControlPlaneConfig config, IEnumerable<IPlugin>? plugins = null)
    {
        _kernel = kernel;
        _api = api;
        _events = events;
        _random = random;
        Framework = new SchedulingFramework(plugins ?? DefaultPlugins.Create(config, api.Store));
        Queue = new SchedulingQueue(kernel, Framework, config.PodMaxInUnschedulablePodsDuration) { Activated = RequestCycle };

        // Informer start: list, then watch.
        foreach (var node in api.Store.List<Node>())
        {
            OnChange(WatchEventType.Added, node);
        }

        foreach (var pod in api.Store.List<Pod>())
        {
            OnChange(WatchEventType.Added, pod);
        }

        api.Store.Watch("Node", this);
        api.Store.Watch("Pod", this);
    }

    /// <summary>The plugins in profile order.</summary>
    public IReadOnlyList<IPlugin> Plugins => Framework.Plugins;

    public SchedulingFramework Framework { get; }

    public SchedulerCache Cache { get; } = new();

    public SchedulingQueue Queue { get; }

    /// <summary>percentageOfNodesToScore; 0 (the default) picks the adaptive value.</summary>
    public int PercentageOfNodesToScore { get; set; }

    /// <summary>Pods bound so far.</summary>
    public long ScheduledPods { get; private set; }

    /// <summary>Failed scheduling attempts so far.</summary>
    public long FailedAttempts { get; private set; }

    /// <summary>The pods nominated to nodes after preempting there (the queue's nominator).</summary>
    public PodNominator Nominator { get; } = new();

    SchedulerCache IFrameworkHandle.Cache => Cache;

    ApiServer IFrameworkHandle.Api => _api;

    EventRecorder IFrameworkHandle.Events => _events;

    TimeSpan IFrameworkHandle.Now => _kernel.Now;

    RandomStream IFrameworkHandle.Random => _random;

    /// <summary>Called after every attempt with the pod and its result (instruments, tests); null costs nothing.</summary>
    public Action<Pod, SchedulingResult>? Observer { get; set; }

    /// <summary>Whether this scheduler queues <paramref name="pod"/>: unbound, ours, not being deleted, not finished.</summary>
    public static bool IsResponsibleFor(Pod pod) =>
        pod.Spec.NodeName.Length == 0
        && pod.Spec.SchedulerName == DefaultSchedulerName
        && pod.Metadata.DeletionTimestamp is null
        && pod.Status.Phase is not ("Succeeded" or "Failed");

    /// <summary>eventhandlers.go: keeps the cache and the queue current and requeues pods on cluster events.</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        switch (obj)
        {
            case Node node when type == WatchEventType.Deleted:
                if (Cache.RemoveNode(node) is { } deleted)
                {
                    Queue.MoveAllToActiveOrBackoffQueue(deleted);
                }

                break;
            case Node node:
                foreach (var evt in Cache.UpsertNode(node))
                {
                    Queue.MoveAllToActiveOrBackoffQueue(evt);
                }

                break;
            case Pod pod when type == WatchEventType.Deleted:
                Queue.Delete(pod);
                Nominator.DeleteNominatedPodIfExists(pod);
                if (Cache.RemovePod(pod) is { } removed)
                {
                    Queue.MoveAllToActiveOrBackoffQueue(removed);
                }

                break;
            case Pod pod:
                var events = Cache.UpsertPod(pod);

                // The nominator follows status.nominatedNodeName of the pods still to schedule (nominator.go
                // addNominatedPodUnlocked / updateNominatedPod / DeleteNominatedPodIfExists).
                if (IsResponsibleFor(pod) && pod.Status.NominatedNodeName.Length > 0)
                {
                    if (Nominator.NominatedNodeOf(pod) != pod.Status.NominatedNodeName)
                    {
                        Nominator.AddNominatedPod(pod, pod.Status.NominatedNodeName);
                    }
                }
                else if (Nominator.Count > 0)
                {
                    Nominator.DeleteNominatedPodIfExists(pod);
                }

                if (!IsResponsibleFor(pod))
                {
                    Queue.Delete(pod);
                }
                else if (!ReferenceEquals(pod, _inFlight) && Queue.Get(pod) is null)
                {
                    Queue.Add(pod);
                }

                foreach (var evt in events)
                {
                    Queue.MoveAllToActiveOrBackoffQueue(evt);
                }

                break;
        }
    }

    /// <summary>Runs one scheduling cycle (the kernel event of <see cref="RequestCycle"/>).</summary>
    public void OnEvent(Kernel kernel, long argument)
    {
        _cyclePending = false;
        ScheduleOne();
        if (Queue.ActiveCount > 0)
        {
            RequestCycle();
        }
    }

    /// <summary>
    /// schedule_one.go schedulePod: the node <paramref name="pod"/> would go to now, or why none fits.
    /// Draws from the random stream only to break ties among several best nodes. Does not bind.
    /// </summary>
    public SchedulingResult SchedulePod(Pod pod) => SchedulePod(pod, new CycleState(Cache, _api.Store));

    private SchedulingResult SchedulePod(Pod pod, CycleState state)
    {
        if (Cache.NodeCount == 0)
        {
            return SchedulingResult.Failed(new Status(StatusCode.UnschedulableAndUnresolvable, [NoNodesAvailableMessage]));
        }

        var allNodes = Cache.Nodes;
        var diagnosis = new Diagnosis();

        // findNodesThatFitPod
        var (preRes, preStatus, pluginsWithNodes) = Framework.RunPreFilterPlugins(state, pod);
        diagnosis.UnschedulablePlugins.UnionWith(pluginsWithNodes);
        if (!preStatus.IsSuccess)
        {
            if (!preStatus.IsRejected)
            {
                return SchedulingResult.Failed(preStatus);
            }

            // All nodes share the PreFilter status; the message is the PreFilter's.
            diagnosis.AbsentNodesStatus = preStatus;
            diagnosis.PreFilterMsg = preStatus.Message;
            diagnosis.AddPluginStatus(preStatus);
            return SchedulingResult.Unfit(new FitError(allNodes.Count, diagnosis));
        }

        // "NominatedNodeName" can potentially be set in a previous scheduling cycle as a result of preemption. This
        // node is likely the only candidate that will fit the pod, and hence we try it first (evaluateNominatedNode).
        if (pod.Status.NominatedNodeName.Length > 0 && Cache.GetNode(pod.Status.NominatedNodeName) is { } nominated)
        {
            var (nominatedFeasible, nominatedError) = FindNodesThatPassFilters(state, pod, diagnosis, [nominated]);
            if (nominatedError is null && nominatedFeasible.Count > 0)
            {
                return SchedulingResult.Scheduled(nominated.Name, 1 + diagnosis.NodeToStatus.Count, 1);
            }
        }

        IReadOnlyList<NodeInfo> nodes = allNodes;
        if (preRes is { AllNodes: false })
        {
            var restricted = new List<NodeInfo>(preRes.NodeNames!.Count);
            foreach (var name in preRes.NodeNames!)
            {
                // PreFilterResult may name nodes that do not exist.
                if (Cache.GetNode(name) is { } info)
                {
                    restricted.Add(info);
                }
            }

            nodes = restricted;
            diagnosis.AbsentNodesStatus = Status.UnschedulableAndUnresolvable("node(s) didn't satisfy plugin(s) [" + string.Join(" ", pluginsWithNodes) + "]");
        }

        var (feasible, error) = FindNodesThatPassFilters(state, pod, diagnosis, nodes);
        int processed = feasible.Count + diagnosis.NodeToStatus.Count;
        _nextStartNodeIndex = (_nextStartNodeIndex + processed) % allNodes.Count;
        if (error is not null)
        {
            return SchedulingResult.Failed(error);
        }

        if (feasible.Count == 0)
        {
            return SchedulingResult.Unfit(new FitError(allNodes.Count, diagnosis));
        }

        // When only one node passes the filters, use it without scoring.
        if (feasible.Count == 1)
        {
            return SchedulingResult.Scheduled(feasible[0].Name, 1 + diagnosis.NodeToStatus.Count, 1);
        }

        // prioritizeNodes
        var preScore = Framework.RunPreScorePlugins(state, pod, feasible);
        if (!preScore.IsSuccess)
        {
            return SchedulingResult.Failed(preScore);
        }

        long[] totals;
        if (Framework.HasScorePlugins)
        {
            // The window holds the same number of nodes cycle after cycle: the buffers are reused while it does.
            if (_totals.Length != feasible.Count)
            {
                _totals = new long[feasible.Count];
                _scores = new NodeScore[feasible.Count];
            }

            totals = _totals;
            Framework.RunScorePlugins(state, pod, feasible, totals, _scores);
        }
        else
        {
            totals = Enumerable.Repeat(1L, feasible.Count).ToArray();
        }

        var host = SelectHost(feasible, totals, _random);
        return SchedulingResult.Scheduled(host, feasible.Count + diagnosis.NodeToStatus.Count, feasible.Count);
    }

    /// <summary>
    /// schedule_one.go selectHost: the highest total score, ties broken by reservoir sampling (each of the k
    /// best nodes is picked with probability 1/k) in evaluation order.
    /// </summary>
    public static string SelectHost(IReadOnlyList<NodeInfo> nodes, long[] totals, RandomStream random)
    {
        int selected = 0;
        long maxScore = totals[0];
        int cntOfMaxScore = 1;
        for (int i = 1; i < nodes.Count; i++)
        {
            if (totals[i] > maxScore)
            {
                maxScore = totals[i];
                selected = i;
                cntOfMaxScore = 1;
            }
            else if (totals[i] == maxScore)
            {
                cntOfMaxScore++;
                if (random.NextInt(cntOfMaxScore) == 0)
                {
                    // Replace the candidate with probability of 1/cntOfMaxScore
                    selected = i;
                }
            }
        }

        return nodes[selected].Name;
    }

    /// <summary>
    /// schedule_one.go numFeasibleNodesToFind: all nodes below 100; otherwise percentageOfNodesToScore of them
    /// (adaptive default 50% - nodes/125, at least 5%), but at least 100.
    /// </summary>
    public static int NumFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind)
        {
            return numAllNodes;
        }

        int percentage = percentageOfNodesToScore;
        if (percentage == 0)
        {
            percentage = 50 - (numAllNodes / 125);
            if (percentage < MinFeasibleNodesPercentageToFind)
            {
                percentage = MinFeasibleNodesPercentageToFind;
            }
        }

        int numNodes = (int)((long)numAllNodes * percentage / 100);
        return numNodes < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : numNodes;
    }

    /// <summary>
    /// schedule_one.go findNodesThatPassFilters, run sequentially: nodes from the rotating start index until
    /// the wanted number of feasible nodes is exceeded (the extra one is dropped, as the parallel search cancels).
    /// </summary>
    private (List<NodeInfo> Feasible, Status? Error) FindNodesThatPassFilters(CycleState state, Pod pod, Diagnosis diagnosis, IReadOnlyList<NodeInfo> nodes)
    {
        int numAllNodes = nodes.Count;
        var feasible = _feasible;
        feasible.Clear();
        if (numAllNodes == 0)
        {
            return (feasible, null);
        }

        int numNodesToFind = NumFeasibleNodesToFind(PercentageOfNodesToScore, numAllNodes);
        if (!Framework.HasScorePlugins)
        {
            numNodesToFind = 1;
        }

        if (!Framework.HasFilterPlugins)
        {
            for (int i = 0; i < numNodesToFind; i++)
            {
                feasible.Add(nodes[(_nextStartNodeIndex + i) % numAllNodes]);
            }

            return (feasible, null);
        }

        var filters = Framework.FiltersToRun(state);
        var nominator = Nominator.Count > 0 ? Nominator : null;
        for (int i = 0; i < numAllNodes; i++)
        {
            var nodeInfo = nodes[(_nextStartNodeIndex + i) % numAllNodes];
            var status = nominator is null
                ? SchedulingFramework.RunFilterPlugins(state, pod, nodeInfo, filters)
                : Framework.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo, filters, nominator);
            if (status.Code == StatusCode.Error)
            {
                return (feasible, status);
            }

            if (status.IsSuccess)
            {
                if (feasible.Count >= numNodesToFind)
                {
                    break;
                }

                feasible.Add(nodeInfo);
            }
            else
            {
                diagnosis.SetNodeStatus(nodeInfo.Name, status);
                diagnosis.AddPluginStatus(status);
            }
        }

        return (feasible, null);
    }

    private void RequestCycle()
    {
        if (!_cyclePending)
        {
            _cyclePending = true;
            _kernel.ScheduleIn(0, this);
        }
    }

    /// <summary>schedule_one.go ScheduleOne: pop, schedule, then bind or handle the failure.</summary>
    private void ScheduleOne()
    {
        var pInfo = Queue.Pop();
        if (pInfo is null)
        {
            return;
        }

        var pod = pInfo.Pod;

        // skipPodSchedule: a pod being deleted, gone, or bound meanwhile.
        if (pod.Metadata.DeletionTimestamp is not null || _api.Store.Get("Pod", pod.Key) != pod || !IsResponsibleFor(pod))
        {
            return;
        }

        _inFlight = pod;
        try
        {
            var state = new CycleState(Cache, _api.Store);
            var result = SchedulePod(pod, state);
            if (result.Succeeded)
            {
                Bind(pod, result.SuggestedHost!);
            }
            else
            {
                // Run PostFilter plugins to attempt to make the pod schedulable in a future scheduling cycle.
                PostFilterResult? postFilter = null;
                if (result.FitError is { } fitError && Framework.HasPostFilterPlugins)
                {
                    (postFilter, var status) = Framework.RunPostFilterPlugins(this, state, pod, fitError.Diagnosis);
                    fitError.Diagnosis.PostFilterMsg = status.Message;
                }

                HandleSchedulingFailure(pInfo, result, postFilter?.NominatedNodeName);
            }

            Observer?.Invoke(pod, result);
        }
        finally
        {
            _inFlight = null;
        }
    }

    /// <summary>The binding (DefaultBinder + the API server's binding subresource) and schedule_one.go finishBinding's event.</summary>
    private void Bind(Pod pod, string node)
    {
        // assume: a nominated pod leaves the nominator (its status.nominatedNodeName stays, as in 1.33).
        Nominator.DeleteNominatedPodIfExists(pod);
        pod.Spec.NodeName = node;
        pod.Status.SetCondition("PodScheduled", "True", _kernel.Now);
        _api.Update(pod);
        ScheduledPods++;
        _events.Normal(pod, "Scheduled", $"Successfully assigned {pod.Metadata.Namespace}/{pod.Metadata.Name} to {node}", DefaultSchedulerName);
    }

    /// <summary>
    /// schedule_one.go handleSchedulingFailure: requeue (unschedulable pool, or backoff when no plugin
    /// rejected), the nomination the PostFilter decided (<paramref name="nominatedNodeName"/>: null leaves it, ""
    /// clears it), a Warning FailedScheduling event, and the PodScheduled=False condition and
    /// status.nominatedNodeName when they changed (updatePod).
    /// </summary>
    private void HandleSchedulingFailure(QueuedPodInfo pInfo, SchedulingResult result, string? nominatedNodeName)
    {
        FailedAttempts++;
        var pod = pInfo.Pod;
        var reason = result.Status.IsRejected ? "Unschedulable" : "SchedulerError";
        var message = result.Message;
        if (result.FitError is { } fitError)
        {
            pInfo.UnschedulablePlugins.UnionWith(fitError.Diagnosis.UnschedulablePlugins);
        }

        Queue.AddUnschedulableIfNotPresent(pInfo);
        if (nominatedNodeName is not null)
        {
            Nominator.AddNominatedPod(pod, nominatedNodeName);
        }

        _events.Warning(pod, "FailedScheduling", TruncateMessage(message), DefaultSchedulerName);

        var existing = pod.Status.GetCondition("PodScheduled");
        bool conditionChanged = existing is null || existing.Status != "False" || existing.Reason != reason || existing.Message != message;
        bool nominationChanged = nominatedNodeName is not null && pod.Status.NominatedNodeName != nominatedNodeName;
        if (conditionChanged || nominationChanged)
        {
            if (conditionChanged)
            {
                pod.Status.SetCondition("PodScheduled", "False", _kernel.Now, reason, message);
            }

            if (nominationChanged)
            {
                pod.Status.NominatedNodeName = nominatedNodeName!;
            }

            _api.Update(pod);
        }
    }

    /// <summary>schedule_one.go truncateMessage.</summary>
    public static string TruncateMessage(string message)
    {
        const string suffix = " ...";
        return message.Length <= NoteLengthLimit ? message : message[..(NoteLengthLimit - suffix.Length)] + suffix;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"scheduler: {ScheduledPods} scheduled, {Queue.Count} queued");
}
