using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>The pure arithmetic of node_lifecycle_controller.go's zone handling, split out for table tests.</summary>
public static class ZoneStates
{
    /// <summary>
    /// node_lifecycle_controller.go ComputeZoneState: the number of nodes that are not Ready (a missing Ready
    /// condition counts as not Ready) and the zone's state: FullDisruption when none is Ready,
    /// PartialDisruption when more than two are not Ready and they are at least
    /// <paramref name="unhealthyZoneThreshold"/> of the zone (float32 arithmetic, as in Go), Normal otherwise.
    /// </summary>
    public static (int NotReady, ZoneState State) Compute(IReadOnlyList<NodeCondition?> nodeReadyConditions, float unhealthyZoneThreshold)
    {
        int readyNodes = 0;
        int notReadyNodes = 0;
        foreach (var c in nodeReadyConditions)
        {
            if (c is not null && c.Status == "True")
            {
                readyNodes++;
            }
            else
            {
                notReadyNodes++;
            }
        }

        return Compute(readyNodes, notReadyNodes, unhealthyZoneThreshold);
    }

    /// <summary>ComputeZoneState on the counts it takes from the conditions: Ready nodes and the others.</summary>
    public static (int NotReady, ZoneState State) Compute(int readyNodes, int notReadyNodes, float unhealthyZoneThreshold)
    {
        if (readyNodes == 0 && notReadyNodes > 0)
        {
            return (notReadyNodes, ZoneState.FullDisruption);
        }

        if (notReadyNodes > 2 && (float)notReadyNodes / (float)(notReadyNodes + readyNodes) >= unhealthyZoneThreshold)
        {
            return (notReadyNodes, ZoneState.PartialDisruption);
        }

        return (notReadyNodes, ZoneState.Normal);
    }

    /// <summary>
    /// node_lifecycle_controller.go ReducedQPSFunc (used for PartialDisruption): the secondary eviction rate
    /// in a zone larger than the large-cluster threshold, zero (no evictions) otherwise.
    /// </summary>
    public static float ReducedQps(int nodeNum, int largeClusterThreshold, float secondaryEvictionLimiterQps) =>
        nodeNum > largeClusterThreshold ? secondaryEvictionLimiterQps : 0;

    /// <summary>node_lifecycle_controller.go HealthyQPSFunc (used for FullDisruption of some, not all, zones): the normal eviction rate.</summary>
    public static float HealthyQps(int nodeNum, float evictionLimiterQps) => evictionLimiterQps;
}
