namespace ClusterSim.Sim.Api;

/// <summary>
/// A coordination.k8s.io/v1 Lease. Each kubelet renews the Lease named after its node in the
/// kube-node-lease namespace every 10s; the node lifecycle controller treats a renewal as a heartbeat.
/// </summary>
public sealed class Lease : KubeObject
{
    private TimeSpan? _renewTime;

    public override string Kind => "Lease";

    /// <summary>The holder (the node's name for node leases).</summary>
    public string HolderIdentity { get; set; } = "";

    /// <summary>kubelet's nodeLeaseDurationSeconds, 40 by default.</summary>
    public int LeaseDurationSeconds { get; set; } = 40;

    public TimeSpan? AcquireTime { get; set; }

    /// <summary>
    /// Virtual time of the last renewal: the one set, or the last of <see cref="Renewals"/> at or before now if later.
    /// </summary>
    public TimeSpan? RenewTime
    {
        get
        {
            var renewed = Renewals?.Latest();
            return renewed is { } r && (_renewTime is not { } set || r > set) ? r : _renewTime;
        }

        set => _renewTime = value;
    }

    /// <summary>The renewals that follow from time (fast paths), or null: only set ones count.</summary>
    public LeaseRenewals? Renewals { get; set; }
}
