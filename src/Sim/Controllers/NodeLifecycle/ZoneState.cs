namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>node_lifecycle_controller.go ZoneState: the health of one zone.</summary>
public enum ZoneState
{
    /// <summary>
    /// Go's zero value "": handleDisruption can store it for a zone that is still known but had no node in
    /// this pass (its node went away, or every node is excluded from disruption checks).
    /// </summary>
    None,

    /// <summary>stateInitial: a zone seen for the first time.</summary>
    Initial,

    /// <summary>stateNormal.</summary>
    Normal,

    /// <summary>stateFullDisruption: no Ready node in the zone.</summary>
    FullDisruption,

    /// <summary>statePartialDisruption: more than two nodes and at least the unhealthy-zone threshold of them not Ready.</summary>
    PartialDisruption,
}
