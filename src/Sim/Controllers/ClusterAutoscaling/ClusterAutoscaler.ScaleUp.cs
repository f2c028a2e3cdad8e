using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// Scale-up, as cluster-autoscaler 1.33 does it (core/scaleup/orchestrator/orchestrator.go ScaleUp with
/// estimator/binpacking_estimator.go and the expanders): the unschedulable pods that fit neither an existing node
/// nor a node already on its way are grouped by equivalence; each node group's template node is checked against
/// each group with the scheduler's own PreFilter and Filter plugins; the binpacking estimator says how many nodes
/// of each group the pods need; the expander picks a group; the group is asked for that many more nodes (capped by
/// its max size). Pods get TriggeredScaleUp or NotTriggerScaleUp events as CA writes them.
/// </summary>
public sealed partial class ClusterAutoscaler
{
    /// <summary>static_autoscaler.go unschedulablePodTimeBuffer: pods this young all make a loop wait.</summary>
    private static readonly TimeSpan UnschedulablePodTimeBuffer = TimeSpan.FromSeconds(2);

    /// <summary>utils/kubernetes factory.go: one event per (reason, object) per 5 minutes (token bucket, QPS 1/300, burst 1).</summary>
    private static readonly TimeSpan EventSpamInterval = TimeSpan.FromMinutes(5);

    private readonly Dictionary<(string Reason, string Uid), TimeSpan> _lastEvent = [];
    private readonly Dictionary<string, ScaleUpRequest> _scaleUpRequests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Backoff> _backoff = new(StringComparer.Ordinal);
    private TimeSpan? _lastScaleUpTime;

    /// <summary>Scale-ups done so far (one per resized group).</summary>
    public int ScaleUps { get; private set; }

    /// <summary>
    /// A successful scale-up as processors/status ScaleUpStatusProcessor.Process receives it: the groups of its
    /// ScaleUpInfos and its PodsTriggeredScaleUp (instruments listen here; the autoscaler does not depend on it).
    /// </summary>
    public Action<IReadOnlyList<string>, IReadOnlyList<Pod>>? ScaledUp { get; set; }

    /// <summary>core/scaleup/orchestrator ScaleUp for this loop's unschedulable pods; true when a group was resized.</summary>
    private bool ScaleUp()
    {
        var now = Kernel.Now;
        CheckScaleUpTimeouts(now);
        var pending = UnschedulablePods();
        if (pending.Count == 0)
        {
            return false;
        }

        // FilterOutSchedulable: pods that fit an existing node or a node on its way are not helped by more nodes.
        var snapshot = Snapshot();
        pending = pending.Where(p => !TryPlace(snapshot, p)).ToList();

        // filterOutYoungPods: strictly older than newPodScaleUpDelay.
        pending = pending.Where(p => now - p.Metadata.CreationTimestamp > _config.NewPodScaleUpDelay).ToList();
        if (pending.Count == 0)
        {
            return false;
        }

        // allPodsAreNew: the oldest pod is younger than the 2 s buffer.
        if (pending.Min(p => p.Metadata.CreationTimestamp) + UnschedulablePodTimeBuffer > now)
        {
            return false;
        }

        var podGroups = EquivalenceGroups(pending);
        var options = new List<Option>();
        var valid = new List<(NodeGroupSpec Spec, NodeInfo Template, HashSet<PodGroup> Fits)>();
        var reasons = podGroups.ToDictionary(g => g, _ => new List<string>());
        foreach (var spec in Cloud.Groups)
        {
            string? skipped = SkipReason(spec, now);
            if (skipped is not null)
            {
                foreach (var g in podGroups)
                {
                    reasons[g].Add(skipped);
                }

                continue;
            }

            var template = TemplateFor(spec);
            var schedulable = new List<PodGroup>();

            // SchedulablePodGroups: the template is checked in the snapshot, with the nodes and pods around it.
            var withTemplate = new List<NodeInfo>(snapshot) { template };
            foreach (var g in podGroups)
            {
                var status = Prepare(g.Pods[0], withTemplate).Check(template);
                if (status.IsSuccess)
                {
                    g.Schedulable = true;
                    schedulable.Add(g);
                }
                else
                {
                    reasons[g].AddRange(status.Reasons);
                }
            }

            valid.Add((spec, template, [.. schedulable]));
            if (schedulable.Count == 0)
            {
                continue;
            }

            var (count, pods) = Estimate(schedulable, template, Math.Max(0, spec.MaxSize - Cloud.TargetSize(spec.Name)), snapshot);
            if (count > 0 && pods.Count > 0)
            {
                options.Add(new Option(spec, count, pods, template));
            }
        }

        var remaining = podGroups.Where(g => !g.Schedulable).SelectMany(g => g.Pods.Select(p => (Pod: p, Group: g))).ToList();
        if (options.Count == 0)
        {
            // ScaleUpNoOptionsAvailable: the pods that fit no group say why.
            foreach (var (pod, group) in remaining)
            {
                NotTriggered(pod, reasons[group]);
            }

            return false;
        }

        var best = Expanders.BestOption(_config, options, _random, Cloud);
        int newNodes = best.NodeCount;
        // GetCappedNewNodeCount: the nodes in the snapshot (registered and upcoming) count towards the total.
        newNodes = CappedNewNodeCount(newNodes, snapshot.Count);

        // balanceScaleUps: with balancing, similar groups that fit every pod group the chosen one fits share the new
        // nodes; without, the chosen group alone (BalanceScaleUpBetweenGroups caps it at its max either way).
        var chosen = valid.Single(v => v.Spec.Name == best.Group.Name);
        var targets = new List<(string Group, int Current, int Max)> { (best.Group.Name, Cloud.TargetSize(best.Group.Name), best.Group.MaxSize) };
        if (_config.BalanceSimilarNodeGroups)
        {
            foreach (var v in valid)
            {
                if (v.Spec.Name != best.Group.Name && chosen.Fits.IsSubsetOf(v.Fits) && NodeGroupBalancing.Similar(chosen.Template, v.Template))
                {
                    targets.Add((v.Spec.Name, Cloud.TargetSize(v.Spec.Name), v.Spec.MaxSize));
                }
            }
        }

        var scaleUps = NodeGroupBalancing.Balance(targets, newNodes);
        if (scaleUps.Count == 0)
        {
            return false;
        }

        ExecuteScaleUps(scaleUps.Select(u => (u.Group, u.Current, u.NewSize, u.Max)), now);
        ScaledUp?.Invoke(scaleUps.Select(u => u.Group).ToList(), best.Pods);

        // ScaleUpInfo.String() for each group, space-separated in brackets as Go's %v prints the slice.
        string info = "[" + string.Join(' ', scaleUps.Select(u => string.Create(CultureInfo.InvariantCulture, $"{{{u.Group} {u.Current}->{u.NewSize} (max: {u.Max})}}"))) + "]";
        foreach (var pod in best.Pods)
        {
            Record(pod, "Normal", "TriggeredScaleUp", "pod triggered scale-up: " + info);
        }

        foreach (var (pod, group) in remaining)
        {
            NotTriggered(pod, reasons[group]);
        }

        return true;
    }

    /// <summary>
    /// ArrangePodsBySchedulability and the filter-out-expendable pod list processor (core/utils/expendable.go
    /// FilterOutExpendableAndSplit): unbound, not terminating, PodScheduled False (Unschedulable), not expendable, and
    /// not waiting for the preemption of pods on an existing nominated node; in the store's order.
    /// </summary>
    private List<Pod> UnschedulablePods() =>
        Store.List<Pod>().Where(p => p.Spec.NodeName.Length == 0 && p.Metadata.DeletionTimestamp is null && IsUnschedulable(p)
            && !IsExpendable(p) && !WaitsForPreemption(p)).ToList();

    /// <summary>core/utils/expendable.go IsExpendablePod: a priority below the cutoff and a policy that may preempt.</summary>
    internal bool IsExpendable(Pod pod) =>
        pod.Spec.PreemptionPolicy is null or PriorityClasses.PreemptLowerPriority
        && pod.Spec.Priority is { } priority && priority < _config.ExpendablePodsPriorityCutoff;

    /// <summary>FilterOutExpendableAndSplit's waitingForLowerPriorityPreemption: nominated to a node that exists.</summary>
    private bool WaitsForPreemption(Pod pod) =>
        pod.Status.NominatedNodeName.Length > 0 && Store.Get("Node", pod.Status.NominatedNodeName) is not null;

    /// <summary>The cluster as CA's snapshot holds it: every node with its pods, plus a template copy for each node on its way.</summary>
    private List<NodeInfo> Snapshot()
    {
        var infos = Store.List("Node").Select(n => NodeInfoOf((Node)n, skipLongTerminating: false)).ToList();

        // filter_out_expendable.go addPreemptingPodsToSnapshot: pods waiting for their victims count on their nominated node.
        foreach (var pod in Store.List<Pod>())
        {
            if (pod.Spec.NodeName.Length == 0 && pod.Metadata.DeletionTimestamp is null && IsUnschedulable(pod) && !IsExpendable(pod) && WaitsForPreemption(pod))
            {
                infos.Find(i => i.Name == pod.Status.NominatedNodeName)?.AddPod(pod);
            }
        }

        foreach (var spec in Cloud.Groups)
        {
            int upcoming = Cloud.Upcoming(spec.Name);
            if (upcoming > 0 && !InBackoff(spec.Name, Kernel.Now))
            {
                var template = TemplateFor(spec);
                for (int i = 0; i < upcoming; i++)
                {
                    infos.Add(Copy(template, $"{template.Name}-upcoming-{i}"));
                }
            }
        }

        return infos;
    }

    /// <summary>
    /// A registered node with its unfinished pods, as CA's cluster snapshot holds it: without expendable pods
    /// (static_autoscaler.go and the actuator's snapshot keep nonExpendableScheduledPods); scale-down also leaves out
    /// pods deleted longer ago than their grace period plus 30 s (drain.IsPodLongTerminating), as its utilization and
    /// drain rules do.
    /// </summary>
    private NodeInfo NodeInfoOf(Node node, bool skipLongTerminating)
    {
        var now = Kernel.Now;
        return NodeInfo.Create(node, [.. Store.PodsOnNode(node.Metadata.Name).Where(p => !PodUtil.IsTerminal(p) && !IsExpendable(p) && !(skipLongTerminating && IsLongTerminating(p, now)))]);
    }

    /// <summary>HintingSimulator.TrySchedulePods for one pod: the first node that passes the filters takes it (committed to the snapshot).</summary>
    private bool TryPlace(List<NodeInfo> snapshot, Pod pod)
    {
        var predicates = Prepare(pod, snapshot);
        foreach (var info in snapshot)
        {
            if (predicates.Check(info).IsSuccess)
            {
                info.AddPod(pod);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The pod's PreFilter pass, once, for Filter passes on as many nodes as needed (RunFiltersOnNode). The plugins that
    /// list nodes (InterPodAffinity: the pods with anti-affinity, the pods matching the pod's terms) see
    /// <paramref name="snapshot"/>, CA's simulated cluster with the nodes it would add and the pods it would move, as
    /// the scheduler framework over CA's ClusterSnapshot does.
    /// </summary>
    private Predicates Prepare(Pod pod, IReadOnlyList<NodeInfo> snapshot)
    {
        var framework = _cluster.Scheduler.Framework;
        var state = new CycleState(_cluster.Scheduler.Cache, Store, snapshot);
        var (_, preStatus, _) = framework.RunPreFilterPlugins(state, pod);
        return new Predicates(pod, state, preStatus.IsSuccess ? framework.FiltersToRun(state) : null, preStatus);
    }

    /// <summary>A pod's prepared cycle: its PreFilter status, and the Filter plugins to run on a node.</summary>
    private sealed class Predicates(Pod pod, CycleState state, IFilterPlugin[]? filters, Status preFilter)
    {
        public Status Check(NodeInfo node) => filters is null ? preFilter : SchedulingFramework.RunFilterPlugins(state, pod, node, filters);
    }

    /// <summary>
    /// The group's template node (mixed_nodeinfos_processor.go): a copy of a Ready, schedulable node of the group
    /// when there is one, else the group's own template; without the autoscaler's taints, named
    /// template-node-for-GROUP.
    /// </summary>
    private NodeInfo TemplateFor(NodeGroupSpec spec)
    {
        Node? example = null;
        foreach (var name in Cloud.Nodes(spec.Name))
        {
            if (Store.Get("Node", name) is Node n && n.Status.GetCondition("Ready")?.Status == "True" && !n.Spec.Unschedulable
                && !n.Spec.Taints.Any(t => t.Key == ToBeDeletedTaint))
            {
                example = n;
                break;
            }
        }

        var node = example is not null ? CloneNode(example) : spec.NewNode(0);
        if (example is null)
        {
            Cluster.DefaultAllocatable(node);
        }

        string templateName = "template-node-for-" + spec.Name;
        node.Metadata.Name = templateName;
        node.Metadata.Labels["kubernetes.io/hostname"] = templateName;
        node.Spec.Taints.RemoveAll(t => t.Key is ToBeDeletedTaint or DeletionCandidateTaint || t.Key.StartsWith("node.kubernetes.io/", StringComparison.Ordinal));
        return NodeInfo.Create(node);
    }

    private static Node CloneNode(Node n)
    {
        var node = new Node
        {
            Metadata = n.Metadata.Clone(),
            Spec = { Taints = [.. n.Spec.Taints], Unschedulable = n.Spec.Unschedulable },
        };
        foreach (var (k, v) in n.Status.Capacity)
        {
            node.Status.Capacity[k] = v;
        }

        foreach (var (k, v) in n.Status.Allocatable)
        {
            node.Status.Allocatable[k] = v;
        }

        node.Status.Conditions = [.. n.Status.Conditions];
        return node;
    }

    /// <summary>A copy of a template NodeInfo under another name (SanitizedNodeInfo with a suffix).</summary>
    private static NodeInfo Copy(NodeInfo template, string name)
    {
        var node = CloneNode(template.Node!);
        node.Metadata.Name = name;
        node.Metadata.Labels["kubernetes.io/hostname"] = name;
        return NodeInfo.Create(node, [.. template.Pods]);
    }

    /// <summary>filterValidScaleUpNodeGroups: why a group cannot grow now, or null.</summary>
    private string? SkipReason(NodeGroupSpec spec, TimeSpan now)
    {
        if (InBackoff(spec.Name, now))
        {
            return "in backoff after failed scale-up";
        }

        return Cloud.TargetSize(spec.Name) >= spec.MaxSize ? "max node group size reached" : null;
    }

    /// <summary>
    /// equivalence/groups.go BuildPodGroups: pods of one controller with equal labels and the same scheduling-relevant
    /// spec form a group (at most 10 per controller); a pod without a controller is alone. In first-seen order.
    /// </summary>
    private static List<PodGroup> EquivalenceGroups(List<Pod> pods)
    {
        var groups = new List<PodGroup>();
        var byController = new Dictionary<string, List<PodGroup>>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var controller = pod.Metadata.ControllerRef;
            if (controller is null)
            {
                groups.Add(new PodGroup([pod]));
                continue;
            }

            var list = byController.TryGetValue(controller.Uid, out var l) ? l : byController[controller.Uid] = [];
            var match = list.Find(g => Equivalent(g.Pods[0], pod));
            if (match is not null)
            {
                match.Pods.Add(pod);
            }
            else if (list.Count < 10)
            {
                var g = new PodGroup([pod]);
                list.Add(g);
                groups.Add(g);
            }
            else
            {
                groups.Add(new PodGroup([pod]));
            }
        }

        return groups;
    }

    private static bool Equivalent(Pod a, Pod b) =>
        NodeState.SameMap(a.Metadata.Labels, b.Metadata.Labels)
        && PodRequests.Of(a) == PodRequests.Of(b)
        && NodeState.SameMap(a.Spec.NodeSelector, b.Spec.NodeSelector)
        && a.Spec.Tolerations.SequenceEqual(b.Spec.Tolerations)
        && a.Spec.Containers.Select(c => c.Image).SequenceEqual(b.Spec.Containers.Select(c => c.Image));

    /// <summary>
    /// binpacking_estimator.go Estimate: pod groups by decreasing (cpu share + memory share of the template's
    /// allocatable), each pod first on the nodes this estimate added, then on the last added node, then on a new one
    /// (at most <paramref name="maxNodes"/>; an empty last node or a refused node ends the group or the estimate).
    /// The count is of new nodes that got a pod.
    /// </summary>
    /// <param name="groups">The pod groups to place.</param>
    /// <param name="template">The group's template node.</param>
    /// <param name="maxNodes">How many nodes the estimate may add.</param>
    /// <param name="snapshot">The cluster the new nodes join (its pods count for inter-pod affinity); null for none.</param>
    internal (int NodeCount, List<Pod> Pods) Estimate(List<PodGroup> groups, NodeInfo template, int maxNodes, IReadOnlyList<NodeInfo>? snapshot = null)
    {
        var ordered = groups
            .Select((g, i) => (Group: g, Index: i, Score: Share(g.Pods[0], template)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Index)
            .Select(x => x.Group).ToList();
        var nodes = new List<NodeInfo>();

        // The estimator's fork of the snapshot: the cluster's nodes, then the new ones as they are added.
        var all = new List<NodeInfo>(snapshot ?? []);
        var placed = new List<Pod>();
        int lastMatched = -1;
        bool permitted = true;
        foreach (var group in ordered)
        {
            int next = 0;

            // tryToScheduleOnExistingNodes: the new nodes only, each search after the last matched one; the first
            // pod that fits none ends this step.
            for (; next < group.Pods.Count; next++)
            {
                var pod = group.Pods[next];
                var predicates = Prepare(pod, all);
                int found = -1;
                for (int k = 0; k < nodes.Count; k++)
                {
                    int idx = (lastMatched + 1 + k) % nodes.Count;
                    if (predicates.Check(nodes[idx]).IsSuccess)
                    {
                        found = idx;
                        break;
                    }
                }

                if (found < 0)
                {
                    break;
                }

                nodes[found].AddPod(pod);
                placed.Add(pod);
                lastMatched = found;
            }

            // tryToScheduleOnNewNodes.
            for (; permitted && next < group.Pods.Count; next++)
            {
                var pod = group.Pods[next];
                var predicates = Prepare(pod, all);
                if (nodes.Count > 0 && predicates.Check(nodes[^1]).IsSuccess)
                {
                    nodes[^1].AddPod(pod);
                    placed.Add(pod);
                    continue;
                }

                if (nodes.Count > 0 && nodes[^1].Pods.Count == template.Pods.Count)
                {
                    // The last node is still empty: another would not help this group.
                    break;
                }

                if (nodes.Count >= maxNodes)
                {
                    permitted = false;
                    break;
                }

                var node = Copy(template, $"{template.Name}-e-{nodes.Count}");
                nodes.Add(node);
                all.Add(node);
                if (!predicates.Check(node).IsSuccess)
                {
                    break;
                }

                node.AddPod(pod);
                placed.Add(pod);
            }
        }

        return (nodes.Count(n => n.Pods.Count > template.Pods.Count), placed);
    }

    /// <summary>decreasing_pod_orderer.go: the pod's cpu share plus its memory share of the template's allocatable.</summary>
    private static double Share(Pod pod, NodeInfo template)
    {
        var r = PodRequests.Of(pod);
        double score = 0;
        if (template.AllocatableMilliCpu > 0)
        {
            score += (double)r.MilliCpu / template.AllocatableMilliCpu;
        }

        if (template.AllocatableMemory > 0)
        {
            score += (double)r.Memory / template.AllocatableMemory;
        }

        return score;
    }

    /// <summary>eventing_scale_up_processor.go: NotTriggerScaleUp with each reason counted over the groups ("2 Insufficient cpu, 1 max node group size reached").</summary>
    private void NotTriggered(Pod pod, List<string> reasons)
    {
        var counted = reasons.GroupBy(r => r, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"));
        Record(pod, "Normal", "NotTriggerScaleUp", "pod didn't trigger scale-up: " + string.Join(", ", counted));
    }

    /// <summary>An event through CA's recorder, at most one per (reason, object) per 5 minutes.</summary>
    private void Record(KubeObject obj, string type, string reason, string message)
    {
        var now = Kernel.Now;
        var key = (reason, obj.Metadata.Uid);
        if (_lastEvent.TryGetValue(key, out var last) && now - last < EventSpamInterval)
        {
            return;
        }

        _lastEvent[key] = now;
        _cluster.Events.Record(obj, type, reason, message, Source);
    }

    /// <summary>
    /// clusterstate.go updateScaleRequests: a scale-up whose nodes have all come (the target no longer exceeds the
    /// started nodes) is done; one whose nodes have not all registered within maxNodeProvisionTime is given up on:
    /// ScaleUpTimedOut, the group backs off (5 minutes, doubling to 30, forgotten 3 hours after the last failure) with
    /// the "timeout" error the status shows, and its unregistered nodes are removed (removeOldUnregisteredNodes:
    /// DeleteUnregistered each; the group's target size shrinks back). Then the acceptable ranges are recomputed.
    /// </summary>
    private void CheckScaleUpTimeouts(TimeSpan now)
    {
        foreach (var spec in Cloud.Groups)
        {
            string group = spec.Name;
            if (!_scaleUpRequests.TryGetValue(group, out var request))
            {
                continue;
            }

            if (!AreThereUpcomingNodes(group))
            {
                _scaleUpRequests.Remove(group);
                continue;
            }

            if (request.Time + _config.MaxNodeProvisionTime <= now)
            {
                string waited = GoDuration.Format(now - request.Time);
                LogEvent("Warning", "ScaleUpTimedOut", $"Nodes added to group {group} failed to register within {waited}");
                RegisterFailedScaleUp(group, now, "timeout", $"Scale-up timed out for node group {group} after {waited}");
                _scaleUpRequests.Remove(group);
                var unregistered = Cloud.UnregisteredInstances(group).ToList();
                Cloud.GiveUpOnUnregistered(group);
                foreach (var instance in unregistered)
                {
                    LogEvent("Normal", "DeleteUnregistered", $"Removed unregistered node {instance}");
                }
            }
        }

        foreach (var (group, b) in _backoff.ToList())
        {
            if (b.LastFailure + _config.NodeGroupBackoffResetTimeout < now)
            {
                _backoff.Remove(group);
            }
        }

        UpdateAcceptableRanges(_loopTargets);
    }

    /// <summary>exponential_backoff.go Backoff, keeping the error the group failed with (BackoffStatus's ErrorInfo).</summary>
    private void RegisterFailedScaleUp(string group, TimeSpan now, string errorCode, string errorMessage)
    {
        var duration = _config.InitialNodeGroupBackoffDuration;
        if (_backoff.TryGetValue(group, out var info))
        {
            duration = info.Duration;
            if (info.Until < now)
            {
                duration = TimeSpan.FromTicks(Math.Min(2 * info.Duration.Ticks, _config.MaxNodeGroupBackoffDuration.Ticks));
            }
        }

        _backoff[group] = new Backoff(duration, now + duration, now, errorCode, errorMessage);
    }

    private bool InBackoff(string group, TimeSpan now) => _backoff.TryGetValue(group, out var b) && now <= b.Until;

    /// <summary>An equivalence group of pending pods.</summary>
    internal sealed class PodGroup(List<Pod> pods)
    {
        public List<Pod> Pods { get; } = pods;

        public bool Schedulable { get; set; }
    }

    /// <summary>expander.Option: a group, how many nodes, and the pods they would take.</summary>
    internal sealed record Option(NodeGroupSpec Group, int NodeCount, List<Pod> Pods, NodeInfo Template);

    /// <summary>clusterstate.go ScaleUpRequest: when the group was last asked for more nodes, and how many it was asked for in all.</summary>
    private sealed class ScaleUpRequest
    {
        public TimeSpan Time { get; set; }

        public int Increase { get; set; }
    }

    private sealed record Backoff(TimeSpan Duration, TimeSpan Until, TimeSpan LastFailure, string ErrorCode, string ErrorMessage);
}
