namespace ClusterSim.Sim.Kubelet;

/// <summary>What a kubelet can do at the moment.</summary>
public enum KubeletState
{
    /// <summary>Heartbeating, watching its pods and writing their status.</summary>
    Running,

    /// <summary>Cut off from the API server (fault `kubelet-stop`): containers keep running and serving, nothing reaches the control plane.</summary>
    Disconnected,

    /// <summary>The node is down (fault `node-crash`): no containers, no heartbeats.</summary>
    Crashed,
}
