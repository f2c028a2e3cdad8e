using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// The node lifecycle controller's taints (node_lifecycle_controller.go processTaintBaseEviction,
/// markNodeForTainting, markNodeAsReachable, doNoExecuteTaintingPass, doNoScheduleTaintingPass): the NoExecute
/// not-ready/unreachable taints applied through each zone's rate-limited queue, and the NoSchedule taints that
/// mirror node conditions.
/// </summary>
public sealed partial class NodeLifecycleController
{
    /// <summary>
    /// node_lifecycle_controller.go processTaintBaseEviction: a node observed NotReady or Unknown is queued
    /// for the matching NoExecute taint (or has the opposite one swapped at once); a Ready node loses both.
    /// </summary>
    private void ProcessTaintBaseEviction(Node node, NodeCondition observedReadyCondition)
    {
        switch (observedReadyCondition.Status)
        {
            case "False":
                // We want to update the taint straight away if Node is already tainted with the UnreachableTaint
                if (TaintUtil.TaintExists(node.Spec.Taints, UnreachableTaintTemplate))
                {
                    NodeControllerUtil.SwapNodeControllerTaint(_api, _kernel.Now, [NotReadyTaintTemplate], [UnreachableTaintTemplate], node);
                }
                else
                {
                    MarkNodeForTainting(node, "False");
                }

                break;
            case "Unknown":
                // We want to update the taint straight away if Node is already tainted with the UnreachableTaint
                if (TaintUtil.TaintExists(node.Spec.Taints, NotReadyTaintTemplate))
                {
                    NodeControllerUtil.SwapNodeControllerTaint(_api, _kernel.Now, [UnreachableTaintTemplate], [NotReadyTaintTemplate], node);
                }
                else
                {
                    MarkNodeForTainting(node, "Unknown");
                }

                break;
            case "True":
                MarkNodeAsReachable(node);
                break;
        }
    }

    /// <summary>
    /// node_lifecycle_controller.go markNodeForTainting: queues the node in its zone (re-queued afresh while
    /// it does not carry the matching NoExecute taint); false if it was already queued.
    /// </summary>
    private bool MarkNodeForTainting(Node node, string status)
    {
        var queue = _zoneNoExecuteTainter[NodeTopology.GetZoneKey(node)];
        if (status == "False" && !TaintUtil.TaintExists(node.Spec.Taints, NotReadyTaintTemplate))
        {
            queue.Remove(node.Metadata.Name);
        }

        if (status == "Unknown" && !TaintUtil.TaintExists(node.Spec.Taints, UnreachableTaintTemplate))
        {
            queue.Remove(node.Metadata.Name);
        }

        return queue.Add(node.Metadata.Name, node.Metadata.Uid);
    }

    /// <summary>node_lifecycle_controller.go markNodeAsReachable: removes both NoExecute taints and dequeues the node; true if it was queued.</summary>
    private bool MarkNodeAsReachable(Node node)
    {
        NodeControllerUtil.RemoveTaintOffNode(_api, node.Metadata.Name, node, [UnreachableTaintTemplate]);
        NodeControllerUtil.RemoveTaintOffNode(_api, node.Metadata.Name, node, [NotReadyTaintTemplate]);
        return _zoneNoExecuteTainter[NodeTopology.GetZoneKey(node)].Remove(node.Metadata.Name);
    }

    /// <summary>
    /// node_lifecycle_controller.go doNoExecuteTaintingPass: for each zone, as its limiter allows, gives each
    /// due node the NoExecute taint matching its Ready condition now (not-ready for False, unreachable for
    /// Unknown, swapping out the other); a node Ready again is dropped, one without Ready retried in 50 ms.
    /// </summary>
    internal void DoNoExecuteTaintingPass()
    {
        foreach (var zone in _zoneNoExecuteTainter.Keys.ToList())
        {
            _zoneNoExecuteTainter[zone].Try(value =>
            {
                if (Store.Get<Node>("", value.Value) is not { } node)
                {
                    // Node no longer present in nodeLister.
                    return (true, TimeSpan.Zero);
                }

                var condition = node.Status.GetCondition(Ready);
                if (condition is null)
                {
                    // Failed to get NodeCondition from the node status; retry in 50 millisecond.
                    return (false, TimeSpan.FromMilliseconds(50));
                }

                // Because we want to mimic NodeStatus.Condition["Ready"] we make "unreachable" and "not ready" taints mutually exclusive.
                Taint taintToAdd, oppositeTaint;
                switch (condition.Status)
                {
                    case "False":
                        taintToAdd = NotReadyTaintTemplate;
                        oppositeTaint = UnreachableTaintTemplate;
                        break;
                    case "Unknown":
                        taintToAdd = UnreachableTaintTemplate;
                        oppositeTaint = NotReadyTaintTemplate;
                        break;
                    default:
                        // It seems that the Node is ready again, so there's no need to taint it.
                        return (true, TimeSpan.Zero);
                }

                bool result = NodeControllerUtil.SwapNodeControllerTaint(_api, _kernel.Now, [taintToAdd], [oppositeTaint], node);
                return (result, TimeSpan.Zero);
            });
        }
    }

    /// <summary>
    /// node_lifecycle_controller.go doNoScheduleTaintingPass: makes the node's NoSchedule condition taints
    /// (not-ready, unreachable, memory-, disk-, pid-pressure, network-unavailable) and the unschedulable
    /// taint match its conditions and spec.unschedulable.
    /// </summary>
    internal void DoNoScheduleTaintingPass(string nodeName)
    {
        if (Store.Get<Node>("", nodeName) is not { } node)
        {
            return;
        }

        // Every Node write (a status post every 5 minutes per node) comes here: a node that needs no such taint
        // and has none returns before anything is built (the diff below would be empty).
        if (!NeedsNoScheduleTaintCheck(node))
        {
            return;
        }

        // Map node's condition to Taints.
        var taints = new List<Taint>();
        foreach (var condition in node.Status.Conditions)
        {
            foreach (var (type, status, key) in ConditionTaints)
            {
                if (condition.Type == type && condition.Status == status)
                {
                    taints.Add(new Taint(key, null, "NoSchedule"));
                }
            }
        }

        if (node.Spec.Unschedulable)
        {
            // If unschedulable, append related taint.
            taints.Add(new Taint(TaintNodeUnschedulable, null, "NoSchedule"));
        }

        // Get exist taints of node.
        var nodeTaints = node.Spec.Taints
            .Where(t => t.Effect == "NoSchedule" && (t.Key == TaintNodeUnschedulable || ConditionTaints.Any(c => c.TaintKey == t.Key)))
            .ToList();
        var (taintsToAdd, taintsToDel) = TaintUtil.TaintSetDiff(taints, nodeTaints);

        // If nothing to add or delete, return true directly.
        if (taintsToAdd.Count == 0 && taintsToDel.Count == 0)
        {
            return;
        }

        NodeControllerUtil.SwapNodeControllerTaint(_api, _kernel.Now, taintsToAdd, taintsToDel, node);
    }

    /// <summary>
    /// Whether the node has a condition or spec.unschedulable that maps to a NoSchedule taint, or carries one of
    /// those taints: when neither, doNoScheduleTaintingPass has nothing to add or delete.
    /// </summary>
    private static bool NeedsNoScheduleTaintCheck(Node node)
    {
        if (node.Spec.Unschedulable)
        {
            return true;
        }

        foreach (var condition in node.Status.Conditions)
        {
            foreach (var (type, status, _) in ConditionTaints)
            {
                if (condition.Type == type && condition.Status == status)
                {
                    return true;
                }
            }
        }

        foreach (var t in node.Spec.Taints)
        {
            if (t.Effect != "NoSchedule")
            {
                continue;
            }

            if (t.Key == TaintNodeUnschedulable)
            {
                return true;
            }

            foreach (var c in ConditionTaints)
            {
                if (c.TaintKey == t.Key)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Schedules the next tainting pass on the NodeEvictionPeriod grid (start + k x 100 ms, k &gt;= 1) while
    /// some zone queue holds a node; an idle pass would take no token and change nothing. After a health
    /// check the pass due at this very instant still runs (<paramref name="includeNow"/>), as Go's ticker
    /// would fire after the check that queued the node; after a pass, the next is one period later.
    /// </summary>
    private void ScheduleTaintingPass(bool includeNow)
    {
        if (!_runLoops || _taintingPassScheduled || _zoneNoExecuteTainter.Values.All(q => q.Queue.Count == 0))
        {
            return;
        }

        long period = NodeEvictionPeriod.Ticks;
        long since = _kernel.NowTicks - _startTicks;
        long k = includeNow ? (since + period - 1) / period : (since / period) + 1;
        k = Math.Max(1, k);
        _taintingPassScheduled = true;
        _kernel.ScheduleAt(_startTicks + (k * period), this, TaintingPassEvent);
    }
}
