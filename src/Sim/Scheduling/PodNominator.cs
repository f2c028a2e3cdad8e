using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The scheduling queue's nominator (pkg/scheduler/backend/queue/nominator.go): the unbound pods nominated to a
/// node (status.nominatedNodeName, set after they preempted pods there), per node in the order they were
/// nominated. Filters count them on their node for pods of lower or equal priority
/// (<see cref="SchedulingFramework.RunFilterPluginsWithNominatedPods"/>), so room freed by preemption is kept for
/// the pod that made it.
/// </summary>
public sealed class PodNominator
{
    private readonly Dictionary<string, List<Pod>> _nominatedPods = new(StringComparer.Ordinal);
    private readonly Dictionary<Pod, string> _nominatedPodToNode = new(ReferenceEqualityComparer.Instance);

    /// <summary>Number of nominated pods.</summary>
    public int Count => _nominatedPodToNode.Count;

    /// <summary>nominator.go addNominatedPodUnlocked: (re)nominates <paramref name="pod"/> to <paramref name="nodeName"/>, last in that node's list; "" removes it.</summary>
    public void AddNominatedPod(Pod pod, string nodeName)
    {
        // Always delete the pod if it already exists, to ensure we never store more than one instance of the pod.
        DeleteNominatedPodIfExists(pod);
        if (nodeName.Length == 0 || pod.Spec.NodeName.Length > 0)
        {
            return;
        }

        _nominatedPodToNode[pod] = nodeName;
        if (!_nominatedPods.TryGetValue(nodeName, out var list))
        {
            list = [];
            _nominatedPods[nodeName] = list;
        }

        list.Add(pod);
    }

    /// <summary>nominator.go DeleteNominatedPodIfExists.</summary>
    public bool DeleteNominatedPodIfExists(Pod pod)
    {
        if (!_nominatedPodToNode.Remove(pod, out var nodeName))
        {
            return false;
        }

        var list = _nominatedPods[nodeName];
        list.Remove(pod);
        if (list.Count == 0)
        {
            _nominatedPods.Remove(nodeName);
        }

        return true;
    }

    /// <summary>The node <paramref name="pod"/> is nominated to, or null.</summary>
    public string? NominatedNodeOf(Pod pod) => _nominatedPodToNode.GetValueOrDefault(pod);

    /// <summary>nominator.go NominatedPodsForNode: the pods nominated to <paramref name="nodeName"/>, in nomination order (empty when none).</summary>
    public IReadOnlyList<Pod> NominatedPodsForNode(string nodeName) =>
        _nominatedPods.TryGetValue(nodeName, out var list) ? list : [];
}
