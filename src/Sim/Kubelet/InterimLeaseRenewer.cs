using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// INTERIM, to be deleted when the kubelet renews its own node Lease: creates the Lease a kubelet keeps in
/// kube-node-lease (named after the node, holder the node, 40 s) and renews it every NodeLeaseRenewInterval,
/// so the node lifecycle controller sees every node started by <see cref="Cluster.AddNode"/> as alive.
/// It never stops: nodes that must fail are not started through AddNode until the kubelet can crash.
/// It takes an existing Lease over rather than failing, so it does no harm while both exist.
/// </summary>
internal sealed class InterimLeaseRenewer : IEventHandler
{
    private readonly ApiServer _api;
    private readonly string _nodeName;
    private readonly TimeSpan _interval;

    public InterimLeaseRenewer(Kernel kernel, ApiServer api, string nodeName, TimeSpan interval)
    {
        _api = api;
        _nodeName = nodeName;
        _interval = interval;
        Renew(kernel);
    }

    public void OnEvent(Kernel kernel, long argument) => Renew(kernel);

    private void Renew(Kernel kernel)
    {
        if (_api.Store.Get<Node>("", _nodeName) is null)
        {
            return;
        }

        if (_api.Store.Get<Lease>(NodeLifecycleController.NodeLeaseNamespace, _nodeName) is { } lease)
        {
            lease.RenewTime = kernel.Now;
            _api.Update(lease);
        }
        else
        {
            _api.Create(new Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Metadata = { Name = _nodeName, Namespace = NodeLifecycleController.NodeLeaseNamespace },
                HolderIdentity = _nodeName,
                LeaseDurationSeconds = 40,
                AcquireTime = kernel.Now,
                RenewTime = kernel.Now,
            });
        }

        kernel.ScheduleIn(_interval.Ticks, this);
    }
}
