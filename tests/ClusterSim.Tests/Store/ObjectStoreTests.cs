using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Store;

public class ObjectStoreTests
{
    [Fact]
    public void IsStoredAnswersAsGetByKeyDoes()
    {
        var kernel = new Kernel();
        using var trace = new Trace();
        var api = new ApiServer(kernel, trace, 1, new ControlPlaneConfig());
        api.Bootstrap("192.168.0.2");
        var lease = api.Create(new Lease { Metadata = { Name = "node-1", Namespace = "kube-node-lease" } });
        Assert.True(api.Store.IsStored(lease));
        Assert.Same(lease, api.Store.Get<Lease>("kube-node-lease", "node-1"));

        // A copy with the same key and uid is not the stored object; an update of it is refused as NotFound.
        var copy = new Lease { Metadata = { Name = "node-1", Namespace = "kube-node-lease", Uid = lease.Metadata.Uid } };
        Assert.False(api.Store.IsStored(copy));
        Assert.Throws<ApiException>(() => api.Update(copy));

        api.Delete(lease);
        Assert.False(api.Store.IsStored(lease));
        Assert.Throws<ApiException>(() => api.Update(lease));

        var again = api.Create(new Lease { Metadata = { Name = "node-1", Namespace = "kube-node-lease" } });
        Assert.True(api.Store.IsStored(again));
        Assert.False(api.Store.IsStored(lease));
    }
}
