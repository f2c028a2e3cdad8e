using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// The controller's API writes, as the Go clientset calls: each applies what the controller changed on its
/// copy to the stored object, after the API server's optimistic-concurrency check of the resourceVersion
/// the copy was read at.
/// </summary>
public sealed partial class DeploymentController
{
    /// <summary>ReplicaSets().Update(rsCopy): replicas, minReadySeconds and annotations; returns the stored result.</summary>
    private ReplicaSet UpdateReplicaSet(ReplicaSet copy)
    {
        var live = Store.Get<ReplicaSet>(copy.Metadata.Namespace, copy.Metadata.Name)
            ?? throw ApiException.NotFound("replicasets.apps", copy.Metadata.Name);
        if (live.Metadata.ResourceVersion != copy.Metadata.ResourceVersion)
        {
            throw ApiException.Conflict("replicasets.apps", copy.Metadata.Name);
        }

        // The registry bumps metadata.generation when the spec changes.
        bool specChanged = live.Replicas != copy.Replicas || live.MinReadySeconds != copy.MinReadySeconds;
        live.Replicas = copy.Replicas;
        live.MinReadySeconds = copy.MinReadySeconds;
        live.Metadata.Annotations = new SortedDictionary<string, string>(copy.Metadata.Annotations, StringComparer.Ordinal);
        _api.Update(live, specChanged);
        return ObjectCopies.CloneSharingTemplate(live);
    }

    /// <summary>ReplicaSets().Create(rs): returns the created object as the server does.</summary>
    private ReplicaSet CreateReplicaSet(ReplicaSet rs) => ObjectCopies.CloneSharingTemplate(_api.Create(rs));

    /// <summary>ReplicaSets().Delete(name): a set already gone is not an error.</summary>
    private void DeleteReplicaSetObject(ReplicaSet rs)
    {
        if (Store.Get<ReplicaSet>(rs.Metadata.Namespace, rs.Metadata.Name) is { } live)
        {
            _api.Delete(live);
        }
    }

    /// <summary>
    /// Deployments().UpdateStatus(d): status and annotations (the status strategy keeps the stored spec and
    /// labels, not annotations; that is how the revision annotation is written). The copy keeps its old
    /// resourceVersion, as the Go controller discards the response: a later write from it conflicts.
    /// </summary>
    private void UpdateDeploymentStatus(Deployment d)
    {
        var live = LiveForWrite(d);
        live.Status = ObjectCopies.Clone(d.Status);
        live.Metadata.Annotations = new SortedDictionary<string, string>(d.Metadata.Annotations, StringComparer.Ordinal);
        _api.Update(live);
    }

    /// <summary>Deployments().Update(d) after a rollback: template and annotations; the generation is bumped.</summary>
    private void UpdateDeployment(Deployment d)
    {
        var live = LiveForWrite(d);
        live.Template = d.Template.Clone();
        live.Metadata.Annotations = new SortedDictionary<string, string>(d.Metadata.Annotations, StringComparer.Ordinal);
        _api.Update(live, specChanged: true);
    }

    private Deployment LiveForWrite(Deployment d)
    {
        var live = Store.Get<Deployment>(d.Metadata.Namespace, d.Metadata.Name)
            ?? throw ApiException.NotFound("deployments.apps", d.Metadata.Name);
        if (live.Metadata.ResourceVersion != d.Metadata.ResourceVersion)
        {
            throw ApiException.Conflict("deployments.apps", d.Metadata.Name);
        }

        return live;
    }
}
