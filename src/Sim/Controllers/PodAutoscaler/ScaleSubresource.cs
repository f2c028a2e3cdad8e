using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// The autoscaling/v1 Scale subresource of a Deployment, ReplicaSet or ReplicationController: what the HPA
/// reads (spec.replicas, status.replicas, status.selector) and writes (spec.replicas).
/// </summary>
public sealed class ScaleSubresource
{
    private ScaleSubresource(KubeObject target, string groupResource)
    {
        Target = target;
        GroupResource = groupResource;
    }

    public KubeObject Target { get; }

    /// <summary>e.g. "deployments.apps", "replicationcontrollers".</summary>
    public string GroupResource { get; }

    public int SpecReplicas => Target switch
    {
        Api.Deployment d => d.Replicas,
        ReplicatedSet s => s.Replicas,
        _ => 0,
    };

    public int StatusReplicas => Target switch
    {
        Api.Deployment d => d.Status.Replicas,
        ReplicatedSet s => s.Status.Replicas,
        _ => 0,
    };

    /// <summary>status.selector as a parsed selector; null when the target has none (the HPA's "selector is required").</summary>
    public Selector? Selector => Target switch
    {
        Api.Deployment d => d.Selector is null ? null : Api.Selector.FromLabelSelector(d.Selector),
        ReplicationController rc => rc.Selector.Count == 0 ? null : rc.GetSelector(),
        ReplicaSet rs => rs.Selector is null ? null : rs.GetSelector(),
        _ => null,
    };

    /// <summary>Writes spec.replicas through the API server, as a scale update does.</summary>
    public void SetReplicas(ApiServer api, int replicas)
    {
        switch (Target)
        {
            case Api.Deployment d:
                d.Replicas = replicas;
                break;
            case ReplicatedSet s:
                s.Replicas = replicas;
                break;
        }

        api.Update(Target, specChanged: true);
    }

    /// <summary>
    /// Resolves scaleTargetRef as the HPA controller does (schema.ParseGroupVersion, RESTMappings for the group
    /// and kind, then a Scales().Get), returning Kubernetes' error text on failure.
    /// </summary>
    public static ScaleSubresource? Get(ObjectStore store, string ns, CrossVersionObjectReference reference, out string? error)
    {
        // k8s.io/apimachinery/pkg/runtime/schema ParseGroupVersion
        string apiVersion = reference.ApiVersion;
        string group;
        if (apiVersion.Length == 0 || apiVersion == "/")
        {
            group = "";
        }
        else
        {
            var parts = apiVersion.Split('/');
            if (parts.Length == 1)
            {
                group = "";
            }
            else if (parts.Length == 2)
            {
                group = parts[0];
            }
            else
            {
                error = $"unexpected GroupVersion string: {apiVersion}";
                return null;
            }
        }

        string? resource = (reference.Kind, group) switch
        {
            ("Deployment", "apps" or "extensions") => "deployments",
            ("ReplicaSet", "apps" or "extensions") => "replicasets",
            ("ReplicationController", "") => "replicationcontrollers",
            _ => null,
        };
        if (resource is null)
        {
            error = $"no matches for kind \"{reference.Kind}\" in group \"{group}\"";
            return null;
        }

        string groupResource = group.Length == 0 ? resource : resource + "." + group;
        var target = store.Get(reference.Kind, ns + "/" + reference.Name);
        if (target is null)
        {
            // The scale subresource's own NotFound (pkg/registry/.../storage ScaleREST.Get): the resource is
            // "<resource>/scale" in the group the registry names, autoscaling for replicationcontrollers.
            string scaleResource = reference.Kind == "ReplicationController" ? "replicationcontrollers/scale.autoscaling" : resource + "/scale.apps";
            error = $"{scaleResource} \"{reference.Name}\" not found";
            return null;
        }

        error = null;
        return new ScaleSubresource(target, groupResource);
    }
}
