using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Queueing hints: plugin.go EventsToRegister, isSchedulableAfterPodChange and isSchedulableAfterNodeChange (v1.33, with
/// SchedulerQueueingHints on). As in v1.33, an assigned pod's deletion requeues a pod only when it matched all the
/// pod's anti-affinity terms: a pod kept out by an existing pod's anti-affinity, or waiting for its affinity peer to
/// go, waits for another event or the unschedulable pods' flush (kubernetes#134393, fixed after v1.33).
/// </summary>
public sealed partial class InterPodAffinity
{
    /// <summary>
    /// Assigned pods added, relabelled or deleted; nodes added or relabelled (UpdateNodeTaint is not needed with
    /// queueing hints on).
    /// </summary>
    public ClusterEventType EventsToRegister =>
        ClusterEventType.AssignedPodAdd | ClusterEventType.AssignedPodLabelChange | ClusterEventType.AssignedPodDelete
        | ClusterEventType.NodeAdd | ClusterEventType.NodeLabelChange;

    /// <summary>plugin.go isSchedulableAfterPodChange / isSchedulableAfterNodeChange.</summary>
    public QueueingHint IsSchedulableAfter(ClusterEvent evt, Pod pod)
    {
        // framework.GetAffinityTerms of the pod, namespace selectors not merged (as the hint functions do).
        var info = PodAffinityInfo.Of(pod, out var error);
        if (error is not null)
        {
            return QueueingHint.Queue;
        }

        if (evt.Pod is { } other)
        {
            return IsSchedulableAfterPodChange(evt, info, other);
        }

        return evt.NewNode is { } node ? IsSchedulableAfterNodeChange(info, evt.OldNode, node) : QueueingHint.Queue;
    }

    /// <summary>
    /// isSchedulableAfterPodChange: an assigned pod relabelled to match all the affinity terms, or to no longer match
    /// all the anti-affinity terms; added and matching all the affinity terms; deleted and matching all the
    /// anti-affinity terms.
    /// </summary>
    private static QueueingHint IsSchedulableAfterPodChange(ClusterEvent evt, PodAffinityInfo info, Pod other)
    {
        var terms = info.RequiredAffinityTerms;
        var antiTerms = info.RequiredAntiAffinityTerms;
        var ns = other.Metadata.Namespace;
        switch (evt.Type)
        {
            case ClusterEventType.AssignedPodLabelChange when evt.OldPodLabels is { } oldLabels:
                // One existing pod must match all the affinity terms, so the terms are not checked one by one.
                if (!PodMatchesAllAffinityTerms(terms, ns, oldLabels) && PodMatchesAllAffinityTerms(terms, ns, other.Metadata.Labels))
                {
                    return QueueingHint.Queue;
                }

                if (PodMatchesAllAffinityTerms(antiTerms, ns, oldLabels) && !PodMatchesAllAffinityTerms(antiTerms, ns, other.Metadata.Labels))
                {
                    return QueueingHint.Queue;
                }

                return QueueingHint.QueueSkip;
            case ClusterEventType.AssignedPodAdd:
                return PodMatchesAllAffinityTerms(terms, ns, other.Metadata.Labels) ? QueueingHint.Queue : QueueingHint.QueueSkip;
            case ClusterEventType.AssignedPodDelete:
                return PodMatchesAllAffinityTerms(antiTerms, ns, other.Metadata.Labels) ? QueueingHint.Queue : QueueingHint.QueueSkip;
            default:
                return QueueingHint.Queue;
        }
    }

    /// <summary>
    /// isSchedulableAfterNodeChange: for an affinity term, a node added with its topology key, or updated to get the
    /// key or to change its value; for an anti-affinity term, any node added, or a node updated to lose the key or to
    /// change its value.
    /// </summary>
    private static QueueingHint IsSchedulableAfterNodeChange(PodAffinityInfo info, NodeState? original, NodeState modified)
    {
        foreach (var term in info.RequiredAffinityTerms)
        {
            if (original is null)
            {
                if (modified.Labels.ContainsKey(term.TopologyKey))
                {
                    // A new node is added with the pod affinity topologyKey.
                    return QueueingHint.Queue;
                }

                continue;
            }

            bool originalHasKey = original.Labels.TryGetValue(term.TopologyKey, out var originalValue);
            bool modifiedHasKey = modified.Labels.TryGetValue(term.TopologyKey, out var modifiedValue);
            if ((!originalHasKey && modifiedHasKey) || (originalHasKey && modifiedHasKey && originalValue != modifiedValue))
            {
                // The node got the topology key, or moved to another domain of it.
                return QueueingHint.Queue;
            }
        }

        foreach (var term in info.RequiredAntiAffinityTerms)
        {
            if (original is null)
            {
                // A node without the topology key always takes a pod with anti-affinity; one with it may be in a domain
                // without the pods the pod hates, which this hint does not check.
                return QueueingHint.Queue;
            }

            bool originalHasKey = original.Labels.TryGetValue(term.TopologyKey, out var originalValue);
            bool modifiedHasKey = modified.Labels.TryGetValue(term.TopologyKey, out var modifiedValue);
            if ((originalHasKey && !modifiedHasKey) || (originalHasKey && modifiedHasKey && originalValue != modifiedValue))
            {
                // The node lost the topology key, or moved to another domain of it.
                return QueueingHint.Queue;
            }
        }

        return QueueingHint.QueueSkip;
    }
}
