namespace ClusterSim.Scenarios.Faults;

/// <summary>The faults a timeline can inject (contract section 6).</summary>
public enum FaultType
{
    /// <summary>`node-crash NODE`: the node and its pods stop; no more heartbeats.</summary>
    NodeCrash,

    /// <summary>`node-recover NODE`: the kubelet starts again; the node comes back empty.</summary>
    NodeRecover,

    /// <summary>`kubelet-stop NODE`: heartbeats stop, pods keep running (a partition).</summary>
    KubeletStop,

    /// <summary>`kubelet-start NODE`.</summary>
    KubeletStart,

    /// <summary>`zone-outage ZONE`: every node of the zone crashes.</summary>
    ZoneOutage,

    /// <summary>`zone-recover ZONE`.</summary>
    ZoneRecover,

    /// <summary>`pod-kill [NS/]POD`.</summary>
    PodKill,

    /// <summary>`random-node-crash {mtbf: D, mttr: D}`: exponential failures and repairs, seeded.</summary>
    RandomNodeCrash,

    /// <summary>`provision-failure POOL [for D]`: the cloud has no capacity for the node group (for D, else to the end): nodes asked for never register.</summary>
    ProvisionFailure,

    /// <summary>`provision-slow POOL D`: the node group's new nodes take D from the cloud's create to registration.</summary>
    ProvisionSlow,
}
