using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Kubelet;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>Builders for Deployment tests, end to end and of the controller's parts.</summary>
internal static class DeploymentFixture
{
    /// <summary>An apps/v1 Deployment of <paramref name="replicas"/> pods of <paramref name="image"/>, labelled app=name, defaults left unset.</summary>
    public static Deployment NewDeployment(string name, int replicas, string image = "app:v1", IntOrString? maxSurge = null, IntOrString? maxUnavailable = null, string strategy = "RollingUpdate")
    {
        var d = new Deployment
        {
            ApiVersion = "apps/v1",
            Metadata = { Name = name, Namespace = "default" },
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = { ["app"] = name } },
            Strategy = new DeploymentStrategy { Type = strategy },
        };
        if (strategy == "RollingUpdate" && (maxSurge is not null || maxUnavailable is not null))
        {
            d.Strategy.RollingUpdate = new RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable };
        }

        d.Template.Metadata.Labels["app"] = name;
        d.Template.Spec.Containers.Add(new Container { Name = "main", Image = image });
        return d;
    }

    /// <summary>A cluster of <paramref name="nodes"/> roomy nodes with these image behaviours.</summary>
    public static Sim.Cluster NewCluster(IReadOnlyDictionary<string, ImageBehavior>? images = null, int nodes = 3, long seed = 1) =>
        Cluster.SimClusterFixture.NewCluster(nodes: nodes, cpu: "8", memory: "16Gi", images: images, seed: seed);

    /// <summary>The ReplicaSets a Deployment controls, oldest first.</summary>
    public static List<ReplicaSet> ReplicaSetsOf(Sim.Cluster cluster, Deployment d)
    {
        var list = DeploymentUtil.ListReplicaSets(cluster.Store, d);
        ReplicaSetOrdering.SortInPlace(list, ReplicaSetOrdering.ByCreationTimestamp);
        return list;
    }

    /// <summary>The Deployment's pods (owned by its ReplicaSets) that are not being deleted.</summary>
    public static List<Pod> LivePods(Sim.Cluster cluster, Deployment d) =>
        DeploymentUtil.ListReplicaSets(cluster.Store, d)
            .SelectMany(rs => cluster.Store.PodsOwnedBy(rs.Metadata.Uid))
            .Where(p => p.Metadata.DeletionTimestamp is null && !PodUtil.IsTerminal(p))
            .ToList();

    /// <summary>Changes the Deployment's image as `kubectl set image` does: only the image (imagePullPolicy stays as defaulted), a spec update.</summary>
    public static void SetImage(Sim.Cluster cluster, Deployment d, string image)
    {
        d.Template.Spec.Containers[0].Image = image;
        cluster.Api.Update(d, specChanged: true);
    }

    /// <summary>Scales the Deployment (a spec update).</summary>
    public static void Scale(Sim.Cluster cluster, Deployment d, int replicas)
    {
        d.Replicas = replicas;
        cluster.Api.Update(d, specChanged: true);
    }

    public static string S(int i) => i.ToString(CultureInfo.InvariantCulture);
}
