using System.Globalization;
using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using ClusterSim.Tests.Scenarios;

namespace ClusterSim.Tests.Kubectl;

/// <summary>
/// Deployments and the ReplicaSets a deployment controller would have made for them, written straight into an
/// API server (no controller runs): names `DEPLOYMENT-HASH`, the pod-template-hash label, controller owner
/// references and the revision annotations, with statuses set by hand.
/// </summary>
internal static class DeploymentObjects
{
    /// <summary>The book's tomcat-deployment.yaml, decoded, defaulted as the API server would (extensions/v1beta1) and created.</summary>
    public static Deployment CreateBook(ApiServer api)
    {
        var loaded = Assert.Single(ManifestDecoder.DecodeFile(TestFiles.Data("book", "tomcat-deployment.yaml")).Objects);
        var d = (Deployment)loaded.CreateFresh();
        DeploymentRules.Fill(d);
        return api.Create(d);
    }

    /// <summary>An apps/v1 Deployment of one container `web`, defaulted and created.</summary>
    public static Deployment Create(ApiServer api, string name, string image, int replicas = 3, string ns = "default")
    {
        var d = new Deployment
        {
            ApiVersion = "apps/v1",
            Metadata = { Name = name, Namespace = ns, Labels = { ["app"] = name } },
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = { ["app"] = name } },
            Template =
            {
                Metadata = { Labels = { ["app"] = name } },
                Spec = { Containers = [new Container { Name = "web", Image = image, Ports = [new ContainerPort(80)] }] },
            },
        };
        DeploymentRules.Fill(d);
        Defaults.ApplyPodSpec(d.Template.Spec);
        return api.Create(d);
    }

    /// <summary>A ReplicaSet of <paramref name="d"/>'s current template (or <paramref name="template"/>) at <paramref name="revision"/>.</summary>
    public static ReplicaSet AddReplicaSet(ApiServer api, Deployment d, string hash, int revision, int replicas, string? changeCause = null, PodTemplateSpec? template = null)
    {
        var t = (template ?? d.Template).Clone();
        t.Metadata.Labels["pod-template-hash"] = hash;
        var selector = new LabelSelector
        {
            MatchLabels = new SortedDictionary<string, string>(d.Selector!.MatchLabels, StringComparer.Ordinal) { ["pod-template-hash"] = hash },
            MatchExpressions = d.Selector.MatchExpressions.ToList(),
        };
        var rs = new ReplicaSet
        {
            Metadata =
            {
                Name = d.Metadata.Name + "-" + hash,
                Namespace = d.Metadata.Namespace,
                Labels = new SortedDictionary<string, string>(t.Metadata.Labels, StringComparer.Ordinal),
                Annotations =
                {
                    [Deployment.RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/desired-replicas"] = d.Replicas.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/max-replicas"] = (d.Replicas + 1).ToString(CultureInfo.InvariantCulture),
                },
                OwnerReferences = [new OwnerReference("apps/v1", "Deployment", d.Metadata.Name, d.Metadata.Uid)],
            },
            Replicas = replicas,
            Selector = selector,
            Template = t,
            Status = { Replicas = replicas, FullyLabeledReplicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas, ObservedGeneration = 1 },
        };
        if (changeCause is not null)
        {
            rs.Metadata.Annotations[Deployment.ChangeCauseAnnotation] = changeCause;
        }

        return api.Create(rs);
    }

    /// <summary>Sets the status the deployment controller reports once its generation is observed.</summary>
    public static void SetStatus(ApiServer api, Deployment d, int replicas, int updated, int ready, int available, params WorkloadCondition[] conditions)
    {
        d.Status = new DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = replicas,
            UpdatedReplicas = updated,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, d.Replicas - available),
            Conditions = conditions.ToList(),
        };
        api.Update(d);
    }

    public static WorkloadCondition Condition(string type, string status, string reason, TimeSpan at) =>
        new() { Type = type, Status = status, Reason = reason, LastUpdateTime = at, LastTransitionTime = at };
}
