using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// The node lifecycle controller's zone handling (node_lifecycle_controller.go handleDisruption, setLimiterInZone,
/// classifyNodes, addPodEvictorForNewZone): each zone's state from its nodes' Ready conditions, and the eviction
/// rate of its NoExecute tainting queue that follows from it.
/// </summary>
public sealed partial class NodeLifecycleController
{
    /// <summary>
    /// node_lifecycle_controller.go handleDisruption: computes each zone's state; when every zone is fully
    /// disrupted, removes the NoExecute taints from all nodes and stops evictions everywhere; when leaving
    /// that mode, restarts every node's grace period and resets every zone's rate; otherwise sets the rate
    /// of each zone whose state changed (setLimiterInZone).
    /// </summary>
    /// <param name="zoneToNodeConditions">Go's zoneToNodeConditions reduced to what ComputeZoneState reads: per zone with a node (not excluded), how many are Ready and how many not.</param>
    /// <param name="allNodes">Every node, listed only when entering or leaving the all-zones-disrupted mode.</param>
    private void HandleDisruption(SortedDictionary<string, ZoneCount> zoneToNodeConditions, Func<List<Node>> allNodes)
    {
        var newZoneStates = new SortedDictionary<string, ZoneState>(StringComparer.Ordinal);
        bool allAreFullyDisrupted = true;
        foreach (var (k, v) in zoneToNodeConditions)
        {
            var (_, newState) = ZoneStates.Compute(v.Ready, v.NotReady, _unhealthyZoneThreshold);
            if (newState != ZoneState.FullDisruption)
            {
                allAreFullyDisrupted = false;
            }

            newZoneStates[k] = newState;
            if (!_zoneStates.ContainsKey(k))
            {
                // Setting initial state for unseen zone.
                _zoneStates[k] = ZoneState.Initial;
            }
        }

        // Go visits zoneStates in map order and stops at the first zone not fully disrupted, so which vanished
        // zones are forgotten depends on that order; here it is key order.
        bool allWasFullyDisrupted = true;
        foreach (var (k, v) in _zoneStates.ToList())
        {
            if (!zoneToNodeConditions.ContainsKey(k))
            {
                _zoneStates.Remove(k);
                continue;
            }

            if (v != ZoneState.FullDisruption)
            {
                allWasFullyDisrupted = false;
                break;
            }
        }

        // At least one node was responding in previous pass or in the current pass. Semantics is as follows:
        // - if the new state is "partialDisruption" we call a user defined function that returns a new limiter to use,
        // - if the new state is "normal" we resume normal operation (go back to default limiter settings),
        // - if new state is "fullDisruption" we restore normal eviction rate,
        //   - unless all zones in the cluster are in "fullDisruption" - in that case we stop all evictions.
        if (!allAreFullyDisrupted || !allWasFullyDisrupted)
        {
            // We're switching to full disruption mode
            if (allAreFullyDisrupted)
            {
                // Controller detected that all Nodes are not-Ready. Entering master disruption mode.
                foreach (var node in allNodes())
                {
                    MarkNodeAsReachable(node);
                }

                // We stop all evictions.
                foreach (var k in _zoneStates.Keys.ToList())
                {
                    _zoneNoExecuteTainter[k].SwapLimiter(0);
                }

                foreach (var k in _zoneStates.Keys.ToList())
                {
                    _zoneStates[k] = ZoneState.FullDisruption;
                }

                // All rate limiters are updated, so we can return early here.
                return;
            }

            // We're exiting full disruption mode
            if (allWasFullyDisrupted)
            {
                // Controller detected that some Nodes are Ready. Exiting master disruption mode.
                // When exiting disruption mode update probe timestamps on all Nodes.
                var now = _kernel.Now;
                foreach (var node in allNodes())
                {
                    if (_fast is not null && _fast.Tracks.TryGetValue(node.Metadata.Name, out var track))
                    {
                        Materialize(track);
                    }

                    if (_nodeHealth.TryGetValue(node.Metadata.Name, out var v))
                    {
                        _nodeHealth[node.Metadata.Name] = v with { ProbeTimestamp = now, ReadyTransitionTimestamp = now };
                    }
                }

                if (_fast is not null)
                {
                    // Every probe moved to now: every quiet node's deadline moves with it.
                    RescheduleAllDeadlines();
                }

                // We reset all rate limiters to settings appropriate for the given state.
                foreach (var k in _zoneStates.Keys.ToList())
                {
                    var state = newZoneStates.GetValueOrDefault(k);
                    SetLimiterInZone(k, zoneToNodeConditions.GetValueOrDefault(k).Total, state);
                    _zoneStates[k] = state;
                }

                return;
            }

            // We know that there's at least one not-fully disrupted so,
            // we can use default behavior for rate limiters
            foreach (var (k, v) in _zoneStates.ToList())
            {
                var newState = newZoneStates.GetValueOrDefault(k);
                if (v == newState)
                {
                    continue;
                }

                // Controller detected that zone is now in new state.
                SetLimiterInZone(k, zoneToNodeConditions.GetValueOrDefault(k).Total, newState);
                _zoneStates[k] = newState;
            }
        }
    }

    /// <summary>node_lifecycle_controller.go setLimiterInZone.</summary>
    private void SetLimiterInZone(string zone, int zoneSize, ZoneState state)
    {
        switch (state)
        {
            case ZoneState.Normal:
                _zoneNoExecuteTainter[zone].SwapLimiter(_evictionLimiterQps);
                break;
            case ZoneState.PartialDisruption:
                _zoneNoExecuteTainter[zone].SwapLimiter(EnterPartialDisruptionFunc(zoneSize));
                break;
            case ZoneState.FullDisruption:
                _zoneNoExecuteTainter[zone].SwapLimiter(EnterFullDisruptionFunc(zoneSize));
                break;
        }
    }

    /// <summary>
    /// node_lifecycle_controller.go classifyNodes: nodes not yet known (added), known nodes gone (deleted)
    /// and known nodes whose zone has no state (newZoneRepresentatives).
    /// </summary>
    private (List<Node> Added, List<Node> Deleted, List<Node> NewZoneRepresentatives) ClassifyNodes(List<Node> allNodes)
    {
        var added = new List<Node>();
        var deleted = new List<Node>();
        var newZoneRepresentatives = new List<Node>();
        foreach (var node in allNodes)
        {
            if (!_knownNodes.ContainsKey(node.Metadata.Name))
            {
                added.Add(node);
            }
            else if (!_zoneStates.ContainsKey(NodeTopology.GetZoneKey(node)))
            {
                // Currently, we only consider new zone as updated.
                newZoneRepresentatives.Add(node);
            }
        }

        // If there's a difference between lengths of known Nodes and observed nodes
        // we must have removed some Node.
        if (_knownNodes.Count + added.Count != allNodes.Count)
        {
            var present = new HashSet<string>(allNodes.Select(n => n.Metadata.Name), StringComparer.Ordinal);
            deleted.AddRange(_knownNodes.Where(kv => !present.Contains(kv.Key)).Select(kv => kv.Value));
        }

        return (added, deleted, newZoneRepresentatives);
    }

    /// <summary>node_lifecycle_controller.go addPodEvictorForNewZone: a new zone gets state Initial and a tainting queue at NodeEvictionRate.</summary>
    private void AddPodEvictorForNewZone(Node node) => AddPodEvictorForNewZone(NodeTopology.GetZoneKey(node));

    private void AddPodEvictorForNewZone(string zone)
    {
        if (!_zoneStates.ContainsKey(zone))
        {
            _zoneStates[zone] = ZoneState.Initial;
            _zoneNoExecuteTainter[zone] = new RateLimitedTimedQueue(
                new TokenBucket(_evictionLimiterQps, RateLimitedTimedQueue.EvictionRateLimiterBurst, _clock), _clock);
        }
    }

    /// <summary>isNodeExcludedFromDisruptionChecks.</summary>
    private static bool IsNodeExcludedFromDisruptionChecks(Node node) =>
        node.Metadata.Labels.ContainsKey(LabelNodeDisruptionExclusion);
}
