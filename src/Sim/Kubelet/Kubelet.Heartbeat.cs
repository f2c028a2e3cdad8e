using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// The kubelet's heartbeats (pkg/kubelet/nodelease and kubelet_node_status.go): it renews its node Lease
/// every 10s and computes its node status every nodeStatusUpdateFrequency, posting it when it changed or
/// when nodeStatusReportFrequency (5m) has passed since the last post, as a kubelet with node leases does.
/// Each kubelet's loops start at a phase drawn from its own stream, so nodes do not beat in lock-step.
/// </summary>
public sealed partial class Kubelet : IEventHandler
{
    /// <summary>kubelet's nodeStatusReportFrequency default: a status post at least this often even when nothing changed.</summary>
    public static readonly TimeSpan NodeStatusReportFrequency = TimeSpan.FromMinutes(5);

    /// <summary>kubelet's nodeLeaseDurationSeconds default.</summary>
    public const int NodeLeaseDurationSeconds = 40;

    private const long LeaseTimer = 1;
    private const long StatusTimer = 2;
    private TimeSpan _lastStatusPost = TimeSpan.MinValue;
    private string _lastPostedReady = "";

    /// <summary>Whether the kubelet is running, cut off, or its node is down.</summary>
    public KubeletState State { get; private set; } = KubeletState.Running;

    /// <summary>Number of lease renewals and status posts (for tests and the trace).</summary>
    public long Heartbeats { get; private set; }

    /// <summary>Starts the lease and node status loops; called once the Node is registered.</summary>
    public void StartHeartbeats()
    {
        RenewLease();
        _lastStatusPost = _kernel.Now;
        _lastPostedReady = "True";
        // Phase offsets in [0, period): one draw per loop from this kubelet's own stream.
        _kernel.ScheduleIn((long)(_random.NextDouble() * _config.NodeLeaseRenewInterval.Ticks), this, LeaseTimer);
        _kernel.ScheduleIn((long)(_random.NextDouble() * _config.NodeStatusUpdateFrequency.Ticks), this, StatusTimer);
    }

    /// <summary>A heartbeat timer fired: renew or post when running, then schedule the next one.</summary>
    public void OnEvent(Kernel kernel, long argument)
    {
        if (argument == LeaseTimer)
        {
            if (State == KubeletState.Running)
            {
                RenewLease();
            }

            kernel.ScheduleIn(_config.NodeLeaseRenewInterval.Ticks, this, LeaseTimer);
        }
        else
        {
            if (State == KubeletState.Running)
            {
                SyncNodeStatus(force: false);
            }

            kernel.ScheduleIn(_config.NodeStatusUpdateFrequency.Ticks, this, StatusTimer);
        }
    }

    /// <summary>nodelease controller: create the Lease on first use, then renew it.</summary>
    private void RenewLease()
    {
        var lease = _api.Store.Get<Lease>("kube-node-lease", NodeName);
        if (lease is null)
        {
            var node = _api.Store.Get<Node>("", NodeName);
            lease = new Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Metadata = { Name = NodeName, Namespace = "kube-node-lease" },
                HolderIdentity = NodeName,
                LeaseDurationSeconds = NodeLeaseDurationSeconds,
                AcquireTime = _kernel.Now,
                RenewTime = _kernel.Now,
            };
            if (node is not null)
            {
                lease.Metadata.OwnerReferences.Add(new OwnerReference("v1", "Node", NodeName, node.Metadata.Uid, Controller: false, BlockOwnerDeletion: false));
            }

            _api.Create(lease);
        }
        else
        {
            lease.RenewTime = _kernel.Now;
            _api.Update(lease);
        }

        Heartbeats++;
    }

    /// <summary>
    /// kubelet_node_status.go tryUpdateNodeStatus: the kubelet reports Ready=True (it has no failures to
    /// report in the simulation) and refreshes every condition's heartbeat; posted when Ready differs from
    /// what is stored (e.g. the node controller set Unknown) or the report frequency has passed.
    /// </summary>
    private void SyncNodeStatus(bool force)
    {
        if (_api.Store.Get<Node>("", NodeName) is not Node node)
        {
            return;
        }

        var now = _kernel.Now;
        var ready = node.Status.GetCondition("Ready");
        bool changed = ready is null || ready.Status != "True" || _lastPostedReady != "True";
        if (!force && !changed && now - _lastStatusPost < NodeStatusReportFrequency)
        {
            return;
        }

        foreach (var c in node.Status.Conditions)
        {
            var (status, reason, message) = c.Type switch
            {
                "Ready" => ("True", "KubeletReady", "kubelet is posting ready status"),
                "MemoryPressure" => ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                "DiskPressure" => ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                "PIDPressure" => ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                _ => (c.Status, c.Reason, c.Message),
            };
            if (c.Status != status)
            {
                c.LastTransitionTime = now;
                if (c.Type == "Ready")
                {
                    _events.Normal(node, "NodeReady", $"Node {NodeName} status is now: NodeReady", "kubelet", NodeName);
                }
            }

            c.Status = status;
            c.Reason = reason;
            c.Message = message;
            c.LastHeartbeatTime = now;
        }

        _lastStatusPost = now;
        _lastPostedReady = "True";
        _api.Update(node);
        Heartbeats++;
    }
}
