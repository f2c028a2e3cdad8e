using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Disruption;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// Scale-down, as cluster-autoscaler 1.33 does it (core/scaledown: planner, eligibility, unneeded, actuation):
/// every loop, the nodes of groups above their min size whose utilization (the larger of requested cpu and memory
/// over allocatable) is at most the threshold, and whose pods may all move (simulator/drainability rules) and fit
/// elsewhere (the scheduler's filters, each move committed so later candidates cannot count on the same room), are
/// unneeded since the first loop that found them so. Outside the cooldowns (after a scale-up, a deletion, a
/// failure), a node unneeded for longer than scaleDownUnneededTime is tainted ToBeDeletedByClusterAutoscaler,
/// drained through the eviction API (budgets honoured; a refused eviction retried every 10 s for up to 2 minutes)
/// and deleted from its group. Empty nodes go several at a time, drained ones one at a time.
/// </summary>
public sealed partial class ClusterAutoscaler
{
    /// <summary>--max-bulk-soft-taint-count: soft-taint writes per loop.</summary>
    private const int MaxBulkSoftTaintCount = 10;

    /// <summary>config/const.go: a node is tainted this long before its drain starts (--node-delete-delay-after-taint).</summary>
    private static readonly TimeSpan NodeDeleteDelayAfterTaint = TimeSpan.FromSeconds(5);

    /// <summary>actuation/drain.go DefaultEvictionRetryTime.</summary>
    private static readonly TimeSpan EvictionRetryTime = TimeSpan.FromSeconds(10);

    /// <summary>--max-pod-eviction-time.</summary>
    private static readonly TimeSpan MaxPodEvictionTime = TimeSpan.FromMinutes(2);

    /// <summary>actuation/drain.go: evicted pods are polled every 5 s, for up to maxGracefulTerminationSec plus this headroom.</summary>
    private static readonly TimeSpan PodEvictionHeadroom = TimeSpan.FromSeconds(30);

    /// <summary>drainability rules' system-pod timeout (--blocking-system-pod-distruption-timeout).</summary>
    private static readonly TimeSpan SystemPodDisruptionTimeout = TimeSpan.FromHours(1);

    /// <summary>Unneeded nodes and the time each was first found unneeded, in the order found (unneeded/nodes.go).</summary>
    private readonly List<(string Node, TimeSpan Since)> _unneeded = [];
    private readonly HashSet<string> _deleting = new(StringComparer.Ordinal);
    private TimeSpan? _lastScaleDownDeleteTime;

    /// <summary>Nodes removed by scale-down so far.</summary>
    public int NodesRemoved { get; private set; }

    /// <summary>The nodes currently unneeded, with the time each became so.</summary>
    public IReadOnlyList<(string Node, TimeSpan Since)> Unneeded => _unneeded;

    /// <summary>StaticAutoscaler.scaleDown: the bookkeeping every loop, the actuation outside cooldown. True when deletions started.</summary>
    private bool ScaleDown()
    {
        if (!_config.ScaleDownEnabled)
        {
            return false;
        }

        var now = Kernel.Now;
        UpdateUnneeded(now);
        UpdateScaleDownCandidates(now);
        UpdateSoftDeletionTaints(now);
        if (InCooldown(now))
        {
            return false;
        }

        var (empty, drain) = NodesToDelete(now);
        if (empty.Count == 0 && drain.Count == 0)
        {
            return false;
        }

        // actuator.go startDeletion: the empty nodes are tainted, then announced on the status ConfigMap
        // (deleteAsyncEmpty); then the same for the nodes to drain (deleteAsyncDrain), with their utilization and pods.
        foreach (var (node, pods) in empty)
        {
            StartDeletion(node, pods, drain: false);
        }

        foreach (var (node, _) in empty)
        {
            LogEvent("Normal", "ScaleDownEmpty", $"Scale-down: removing empty node {GoFormat.Quote(node)}");
        }

        var reports = drain.Select(d => (d.Node, Report: DrainReport(d.Node))).ToList();
        foreach (var (node, pods) in drain)
        {
            StartDeletion(node, pods, drain: true);
        }

        foreach (var (node, report) in reports)
        {
            LogEvent("Normal", "ScaleDown", report);
        }

        _lastScaleDownDeleteTime = now;
        Recalculate();
        return true;
    }

    /// <summary>
    /// isScaleDownInCooldown. scaleDownDelayAfterFailure counts from a StartDeletion that fails synchronously (the
    /// tainting write); that write cannot fail here, and asynchronous drain failures do not set it in CA either.
    /// </summary>
    private bool InCooldown(TimeSpan now) =>
        (_lastScaleUpTime is { } up && up + _config.ScaleDownDelayAfterAdd > now)
        || (_lastScaleDownDeleteTime is { } delete && delete + _config.EffectiveScaleDownDelayAfterDelete > now);

    /// <summary>planner.UpdateClusterState and unneeded.Nodes.Update: which candidates are unneeded now.</summary>
    private void UpdateUnneeded(TimeSpan now)
    {
        var snapshot = Store.List("Node").Select(n => NodeInfoOf((Node)n, skipLongTerminating: true)).ToList();

        // GetScaleDownCandidates: nodes of groups above their min size; empty nodes first, then the previously unneeded.
        var candidates = new List<(NodeInfo Info, List<Pod> ToMove)>();
        foreach (var info in snapshot)
        {
            var node = info.Node!;
            var group = Cloud.GroupOf(node.Metadata.Name);
            if (group is null || _deleting.Contains(node.Metadata.Name) || SizeLeft(group) <= Cloud.Spec(group).MinSize
                || node.Spec.Taints.Any(t => t.Key == ToBeDeletedTaint)
                || node.Metadata.Annotations.GetValueOrDefault("cluster-autoscaler.kubernetes.io/scale-down-disabled") == "true"
                || Utilization(info) > _config.ScaleDownUtilizationThreshold)
            {
                continue;
            }

            if (PodsToMove(info, now) is { } toMove)
            {
                candidates.Add((info, toMove));
            }
        }

        var previously = _unneeded.Select(u => u.Node).ToHashSet(StringComparer.Ordinal);
        candidates = [.. candidates.OrderBy(c => c.ToMove.Count == 0 ? 0 : previously.Contains(c.Info.Name) ? 1 : 2)];

        var removable = new List<string>();
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (info, toMove) in candidates)
        {
            // SimulateNodeRemoval: the pods must fit other nodes (not this one, nor ones already found removable);
            // the moves are committed, so later candidates see them.
            var destinations = snapshot.Where(d => d.Name != info.Name && !removed.Contains(d.Name)).ToList();
            var placements = new List<(NodeInfo Node, Pod Pod)>();
            bool all = true;
            foreach (var pod in toMove)
            {
                var predicates = Prepare(Unbound(pod), destinations);
                var target = destinations.FirstOrDefault(d => predicates.Check(d).IsSuccess);
                if (target is null)
                {
                    all = false;
                    break;
                }

                target.AddPod(pod);
                placements.Add((target, pod));
            }

            if (!all)
            {
                foreach (var (node, pod) in placements)
                {
                    node.RemovePod(pod);
                }

                continue;
            }

            removed.Add(info.Name);
            removable.Add(info.Name);
        }

        // A node found again keeps its time; a new one starts now; the rest are dropped (their clock resets).
        var kept = _unneeded.Where(u => removable.Contains(u.Node)).ToList();
        foreach (var name in removable)
        {
            if (!kept.Any(k => k.Node == name))
            {
                kept.Add((name, now));
            }
        }

        _unneeded.Clear();
        _unneeded.AddRange(kept);
    }

    /// <summary>
    /// softtaint.go UpdateSoftDeletionTaints: unneeded nodes get DeletionCandidateOfClusterAutoscaler=&lt;unix
    /// seconds&gt;:PreferNoSchedule (the scheduler then prefers other nodes), nodes no longer unneeded lose it; at most
    /// --max-bulk-soft-taint-count writes a loop; nodes being deleted are left alone.
    /// </summary>
    private void UpdateSoftDeletionTaints(TimeSpan now)
    {
        int budget = MaxBulkSoftTaintCount;
        var unneeded = _unneeded.Select(u => u.Node).ToHashSet(StringComparer.Ordinal);
        foreach (Node node in Store.List("Node").ToList())
        {
            if (budget == 0)
            {
                return;
            }

            string name = node.Metadata.Name;
            if (Cloud.GroupOf(name) is null || _deleting.Contains(name) || node.Spec.Taints.Any(t => t.Key == ToBeDeletedTaint))
            {
                continue;
            }

            bool tainted = node.Spec.Taints.Any(t => t.Key == DeletionCandidateTaint);
            if (unneeded.Contains(name) && !tainted)
            {
                node.Spec.Taints.Add(new Taint(DeletionCandidateTaint, UnixSeconds(now), "PreferNoSchedule", null));
            }
            else if (!unneeded.Contains(name) && tainted)
            {
                node.Spec.Taints.RemoveAll(t => t.Key == DeletionCandidateTaint);
            }
            else
            {
                continue;
            }

            _cluster.Api.Update(node, specChanged: true);
            budget--;
        }
    }

    /// <summary>
    /// unneeded.Nodes.RemovableAt: unneeded for longer than the threshold (strictly), groups kept at or above their min
    /// size; empty nodes up to the bulk limit, then at most one node to drain at a time.
    /// </summary>
    private (List<(string Node, List<Pod> Pods)> Empty, List<(string Node, List<Pod> Pods)> Drain) NodesToDelete(TimeSpan now)
    {
        var empty = new List<(string, List<Pod>)>();
        var drain = new List<(string, List<Pod>)>();
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        int drainingNow = _deleting.Count(n => Store.PodsOnNode(n).Any(p => !PodUtil.IsTerminal(p)));
        foreach (var (name, since) in _unneeded)
        {
            if (Store.Get("Node", name) is not Node node)
            {
                continue;
            }

            bool ready = node.Status.GetCondition("Ready")?.Status == "True";
            var threshold = ready ? _config.ScaleDownUnneededTime : _config.ScaleDownUnreadyTime;
            if (!(since + threshold < now))
            {
                continue;
            }

            var group = Cloud.GroupOf(name)!;
            int size = sizes.TryGetValue(group, out var s) ? s : SizeLeft(group);
            if (size <= Cloud.Spec(group).MinSize)
            {
                continue;
            }

            var info = NodeInfoOf(node, skipLongTerminating: true);
            if (PodsToMove(info, now) is not { } pods)
            {
                continue;
            }

            if (pods.Count == 0 && empty.Count < _config.MaxEmptyBulkDelete)
            {
                empty.Add((name, pods));
            }
            else if (pods.Count > 0 && drain.Count + drainingNow < 1)
            {
                drain.Add((name, pods));
            }
            else
            {
                continue;
            }

            sizes[group] = size - 1;
        }

        return (empty, drain);
    }

    /// <summary>
    /// deleteAsyncDrain's event: "Scale-down: removing node X, utilization: {...}, pods to reschedule: a,b" with the
    /// node's utilization.Info and its pods other than mirror and DaemonSet pods (scaleDownNodeToReport, podsToEvict).
    /// </summary>
    private string DrainReport(string name)
    {
        if (Store.Get("Node", name) is not Node node)
        {
            return "";
        }

        var util = UtilizationInfo.Of(NodeInfoOf(node, skipLongTerminating: true));
        var pods = NodeInfoOf(node, skipLongTerminating: false).Pods
            .Where(p => !p.Metadata.Annotations.ContainsKey("kubernetes.io/config.mirror") && p.Metadata.ControllerRef is not { Kind: "DaemonSet" })
            .Select(p => p.Metadata.Name);
        return $"Scale-down: removing node {name}, utilization: {util}, pods to reschedule: {string.Join(',', pods)}";
    }

    /// <summary>Taint, then (after the 5 s delay) drain and delete: actuator.go StartDeletion and its asynchronous part.</summary>
    private void StartDeletion(string name, List<Pod> pods, bool drain)
    {
        if (Store.Get("Node", name) is not Node node)
        {
            return;
        }

        _deleting.Add(name);
        _unneeded.RemoveAll(u => u.Node == name);

        // MarkToBeDeleted: value = unix seconds.
        node.Spec.Taints.Add(new Taint(ToBeDeletedTaint, UnixSeconds(Kernel.Now), "NoSchedule", null));
        _cluster.Api.Update(node, specChanged: true);
        Record(node, "Normal", "ScaleDown", "marked the node as toBeDeleted/unschedulable");
        var start = Kernel.Now + NodeDeleteDelayAfterTaint;
        Kernel.ScheduleAt(start, () => Drain(name, pods.Select(p => (p.Metadata.Namespace, p.Metadata.Name, p.Metadata.Uid)).ToList(), start, drain));
    }

    /// <summary>Evictor.DrainNode: each pod through the eviction API, a refused one again every 10 s for up to 2 minutes; then wait for them to go.</summary>
    private void Drain(string name, List<(string Ns, string Name, string Uid)> pods, TimeSpan started, bool drain)
    {
        var now = Kernel.Now;
        var left = new List<(string Ns, string Name, string Uid)>();
        foreach (var (ns, podName, uid) in pods)
        {
            if (Store.Get("Pod", ns + "/" + podName) is not Pod pod || pod.Metadata.Uid != uid)
            {
                continue;
            }

            if (pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            long grace = Math.Min(pod.Spec.TerminationGracePeriodSeconds, _config.MaxGracefulTerminationSec);
            var result = _cluster.Eviction.Evict(ns, podName, grace);
            if (result.Succeeded)
            {
                Record(pod, "Normal", "ScaleDown", "deleting pod for node scale down");
            }
            else if (!result.NotFound)
            {
                left.Add((ns, podName, uid));
            }
        }

        if (left.Count > 0)
        {
            if (now + EvictionRetryTime - started > MaxPodEvictionTime)
            {
                foreach (var (ns, podName, _) in left)
                {
                    if (Store.Get("Pod", ns + "/" + podName) is Pod pod)
                    {
                        Record(pod, "Warning", "ScaleDownFailed", "failed to delete pod for ScaleDown");
                    }
                }

                Fail(name, $"failed to drain and delete node: {left.Count} pods failed to evict");
                return;
            }

            Kernel.ScheduleAt(now + EvictionRetryTime, () => Drain(name, pods, started, drain));
            return;
        }

        WaitForPods(name, pods, now + TimeSpan.FromSeconds(_config.MaxGracefulTerminationSec) + PodEvictionHeadroom, drain);
    }

    /// <summary>
    /// Polls every 5 s until the evicted pods are gone, then deletes the node from its group
    /// (RegisterAndRecordSuccessfulScaleDownEvent: the node's event, then "removed with drain" or "empty node ...
    /// removed" on the status ConfigMap).
    /// </summary>
    private void WaitForPods(string name, List<(string Ns, string Name, string Uid)> pods, TimeSpan deadline, bool drain)
    {
        bool gone = pods.All(p => Store.Get("Pod", p.Ns + "/" + p.Name) is not Pod pod || pod.Metadata.Uid != p.Uid);
        if (!gone && Kernel.Now < deadline)
        {
            Kernel.ScheduleAt(Kernel.Now + TimeSpan.FromSeconds(5), () => WaitForPods(name, pods, deadline, drain));
            return;
        }

        if (Store.Get("Node", name) is Node node)
        {
            Record(node, "Normal", "ScaleDown", "nodes removed by cluster autoscaler");
        }

        Cloud.DeleteNode(name);
        LogEvent("Normal", drain ? "ScaleDown" : "ScaleDownEmpty", drain ? $"Scale-down: node {name} removed with drain" : $"Scale-down: empty node {name} removed");
        _deleting.Remove(name);
        NodesRemoved++;
        ScheduleLoop(TimeSpan.Zero);
    }

    /// <summary>CleanUpAndRecordFailedScaleDownEvent: the event, and the ToBeDeleted taint taken off again.</summary>
    private void Fail(string name, string message)
    {
        _deleting.Remove(name);
        if (Store.Get("Node", name) is Node node)
        {
            Record(node, "Warning", "ScaleDownFailed", message);
            node.Spec.Taints.RemoveAll(t => t.Key == ToBeDeletedTaint);
            _cluster.Api.Update(node, specChanged: true);
        }
    }

    /// <summary>size − deletionsInProgress: the group's target size, nodes already being deleted counted as gone.</summary>
    private int SizeLeft(string group) => Cloud.TargetSize(group) - _deleting.Count(d => Cloud.GroupOf(d) == group);

    /// <summary>The value of the autoscaler's taints: the virtual time as unix seconds.</summary>
    private string UnixSeconds(TimeSpan now) => (_cluster.Epoch + now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>utilization/info.go Calculate: the larger of the cpu and memory requests of the node's pods over its allocatable.</summary>
    internal static double Utilization(NodeInfo info)
    {
        double cpu = info.AllocatableMilliCpu > 0 ? (double)info.RequestedMilliCpu / info.AllocatableMilliCpu : 0;
        double memory = info.AllocatableMemory > 0 ? (double)info.RequestedMemory / info.AllocatableMemory : 0;
        return Math.Max(cpu, memory);
    }

    /// <summary>
    /// drainability rules (rules.go Default, in order): mirror and long-terminating pods are ignored; terminal pods
    /// and ones marked safe-to-evict "true" go; a pod without a controller, a kube-system pod without a budget
    /// (younger than 1 hour), one marked safe-to-evict "false", one with local storage, or one whose budget allows
    /// no disruption blocks the node (null). Otherwise the pods to move elsewhere.
    /// </summary>
    private List<Pod>? PodsToMove(NodeInfo info, TimeSpan now)
    {
        var toMove = new List<Pod>();
        foreach (var pod in info.Pods)
        {
            var annotations = pod.Metadata.Annotations;
            if (annotations.ContainsKey("kubernetes.io/config.mirror") || IsLongTerminating(pod, now))
            {
                continue;
            }

            if (pod.Metadata.ControllerRef is { Kind: "DaemonSet" })
            {
                continue;
            }

            string? safeToEvict = annotations.GetValueOrDefault("cluster-autoscaler.kubernetes.io/safe-to-evict");
            if (safeToEvict == "true" || PodUtil.IsTerminal(pod))
            {
                toMove.Add(pod);
                continue;
            }

            if (pod.Metadata.ControllerRef is null)
            {
                return null;
            }

            var budgets = _cluster.Disruption.BudgetsFor(pod);
            if (pod.Metadata.Namespace == "kube-system" && budgets.Count == 0 && now - pod.Metadata.CreationTimestamp < SystemPodDisruptionTimeout)
            {
                return null;
            }

            if (safeToEvict == "false")
            {
                return null;
            }

            var localVolumes = (annotations.GetValueOrDefault("cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes") ?? "")
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (pod.Spec.Volumes.Any(v => v.Type is "hostPath" or "emptyDir" && !localVolumes.Contains(v.Name)))
            {
                return null;
            }

            if (budgets.Any(b => b.Status.DisruptionsAllowed < 1))
            {
                return null;
            }

            toMove.Add(pod);
        }

        return toMove;
    }

    /// <summary>drain.IsPodLongTerminating: deleted more than its grace period plus 30 s ago.</summary>
    private static bool IsLongTerminating(Pod pod, TimeSpan now) =>
        pod.Metadata.DeletionTimestamp is { } deleted
        && deleted + TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? 30) + TimeSpan.FromSeconds(30) < now;

    /// <summary>The pod as the simulation reschedules it: the same pod with its node name cleared.</summary>
    private static Pod Unbound(Pod pod)
    {
        if (pod.Spec.NodeName.Length == 0)
        {
            return pod;
        }

        var copy = new Pod { Metadata = pod.Metadata, Spec = pod.Spec.Clone(), Status = pod.Status };
        copy.Spec.NodeName = "";
        return copy;
    }
}
