using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// pkg/controller/util/node/controller_utils.go and the taint helpers of pkg/controller/controller_utils.go
/// (AddOrUpdateTaintOnNode, RemoveTaintOffNode), writing through the simulated API server. Kubernetes
/// patches spec.taints and updates pod status; here the stored object's field is changed and the write
/// recorded with <see cref="ApiServer.Update"/>, which cannot conflict, so the retry loops are gone.
/// </summary>
public static class NodeControllerUtil
{
    /// <summary>The event source of the node lifecycle controller.</summary>
    public const string NodeControllerSource = "node-controller";

    /// <summary>
    /// controller_utils.go SwapNodeControllerTaint: stamps each taint to add with <paramref name="now"/>
    /// (TimeAdded), adds or updates them on the node, then removes <paramref name="taintsToRemove"/>. Two
    /// writes at most, as Kubernetes' two patches. Always succeeds here (true).
    /// </summary>
    public static bool SwapNodeControllerTaint(ApiServer api, TimeSpan now, IReadOnlyList<Taint> taintsToAdd, IReadOnlyList<Taint> taintsToRemove, Node node)
    {
        var stamped = taintsToAdd.Select(t => t with { TimeAdded = now }).ToList();
        AddOrUpdateTaintOnNode(api, node.Metadata.Name, stamped);
        RemoveTaintOffNode(api, node.Metadata.Name, node, taintsToRemove);
        return true;
    }

    /// <summary>controller_utils.go AddOrUpdateTaintOnNode: writes the node only if some taint was added or changed.</summary>
    public static void AddOrUpdateTaintOnNode(ApiServer api, string nodeName, IReadOnlyList<Taint> taints)
    {
        if (taints.Count == 0 || api.Store.Get<Node>("", nodeName) is not { } node)
        {
            return;
        }

        IReadOnlyList<Taint> current = node.Spec.Taints;
        bool updated = false;
        foreach (var taint in taints)
        {
            var (next, ok) = TaintUtil.AddOrUpdateTaint(current, taint);
            updated = updated || ok;
            current = next;
        }

        if (!updated)
        {
            return;
        }

        node.Spec.Taints = current.ToList();
        api.Update(node, specChanged: true);
    }

    /// <summary>
    /// controller_utils.go RemoveTaintOffNode: does nothing (no write) when <paramref name="node"/> has none
    /// of the taints; otherwise removes them from the stored node.
    /// </summary>
    public static void RemoveTaintOffNode(ApiServer api, string nodeName, Node? node, IReadOnlyList<Taint> taints)
    {
        if (taints.Count == 0)
        {
            return;
        }

        // Short circuit for limiting amount of API calls.
        if (node is not null && !taints.Any(t => TaintUtil.TaintExists(node.Spec.Taints, t)))
        {
            return;
        }

        if (api.Store.Get<Node>("", nodeName) is not { } stored)
        {
            return;
        }

        IReadOnlyList<Taint> current = stored.Spec.Taints;
        bool updated = false;
        foreach (var taint in taints)
        {
            var (next, ok) = TaintUtil.RemoveTaint(current, taint);
            updated = updated || ok;
            current = next;
        }

        if (!updated)
        {
            return;
        }

        stored.Spec.Taints = current.ToList();
        api.Update(stored, specChanged: true);
    }

    /// <summary>
    /// controller_utils.go MarkPodsNotReady: sets the Ready condition of each pod bound to
    /// <paramref name="nodeName"/> to False (keeping its reason and message), writes the pod status and
    /// records a Warning NodeNotReady "Node is not ready" on it. A write cannot fail here, so Kubernetes'
    /// error return (and the controller's nodesToRetry) has nothing to report.
    /// </summary>
    public static void MarkPodsNotReady(ApiServer api, EventRecorder recorder, TimeSpan now, IReadOnlyList<Pod> pods, string nodeName)
    {
        foreach (var pod in pods)
        {
            // Defensive check, also needed for tests.
            if (pod.Spec.NodeName != nodeName)
            {
                continue;
            }

            var ready = pod.Status.GetCondition("Ready");
            if (ready is null)
            {
                continue;
            }

            var cond = new PodCondition
            {
                Type = ready.Type,
                Status = "False",
                LastTransitionTime = ready.LastTransitionTime,
                LastProbeTime = ready.LastProbeTime,
                Reason = ready.Reason,
                Message = ready.Message,
            };
            if (!PodConditionUtil.UpdatePodCondition(pod.Status, cond, now))
            {
                continue;
            }

            try
            {
                api.Update(pod);
            }
            catch (ApiException)
            {
                // NotFound: the pod was already deleted; nothing left to do with it.
                continue;
            }

            // record NodeNotReady event after updateStatus to make sure pod still exists
            recorder.Warning(pod, "NodeNotReady", "Node is not ready", NodeControllerSource);
        }
    }

    /// <summary>controller_utils.go RecordNodeEvent: "Node &lt;name&gt; event: &lt;event&gt;".</summary>
    public static void RecordNodeEvent(EventRecorder recorder, Node node, string eventType, string reason, string evt) =>
        recorder.Record(node, eventType, reason, $"Node {node.Metadata.Name} event: {evt}", NodeControllerSource);

    /// <summary>controller_utils.go RecordNodeStatusChange: Normal &lt;status&gt; "Node &lt;name&gt; status is now: &lt;status&gt;".</summary>
    public static void RecordNodeStatusChange(EventRecorder recorder, Node node, string newStatus) =>
        recorder.Normal(node, newStatus, $"Node {node.Metadata.Name} status is now: {newStatus}", NodeControllerSource);
}
