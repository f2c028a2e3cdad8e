using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// Checks a Deployment's pods after every kernel event (Kernel.AfterEvent): the fewest available and the most
/// live (not terminating, not finished) pods seen, with the first time a bound was broken.
/// </summary>
internal sealed class RolloutMonitor
{
    private readonly Sim.Cluster _cluster;
    private readonly Deployment _d;

    public RolloutMonitor(Sim.Cluster cluster, Deployment d)
    {
        _cluster = cluster;
        _d = d;
        cluster.Kernel.AfterEvent += Check;
    }

    public bool Enabled { get; set; }

    public int MinAvailable { get; private set; } = int.MaxValue;

    public int MaxLive { get; private set; }

    /// <summary>Called after each check; may record more.</summary>
    public Action<List<Pod>>? OnCheck { get; set; }

    private void Check()
    {
        if (!Enabled)
        {
            return;
        }

        var pods = DeploymentFixture.LivePods(_cluster, _d);
        MaxLive = Math.Max(MaxLive, pods.Count);
        MinAvailable = Math.Min(MinAvailable, pods.Count(p => PodUtil.IsAvailable(p, _d.MinReadySeconds, _cluster.Now)));
        OnCheck?.Invoke(pods);
    }

    /// <summary>The pods of every ReplicaSet of the Deployment, terminating ones included.</summary>
    public List<(ReplicaSet Rs, Pod Pod)> AllPods() =>
        DeploymentUtil.ListReplicaSets(_cluster.Store, _d).SelectMany(rs => _cluster.Store.PodsOwnedBy(rs.Metadata.Uid).Select(p => (rs, p))).ToList();
}
