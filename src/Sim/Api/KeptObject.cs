using System.Text.Json.Nodes;

namespace ClusterSim.Sim.Api;

/// <summary>
/// An object of a kind that does not affect scheduling or capacity (Secret, ServiceAccount, RBAC roles and bindings,
/// Ingress, IngressClass, NetworkPolicy, PersistentVolumeClaim, CustomResourceDefinition, and any custom resource):
/// the API server stores it, kubectl lists and prints it, and nothing simulated reads it. Besides its metadata it keeps
/// the rest of its document as the API server would serve it (defaults applied, server-set status), as JSON.
/// </summary>
public sealed class KeptObject(ApiResource resource) : KubeObject
{
    /// <summary>The kind's resource: one of <see cref="ApiResources.All"/>, or a custom resource's (<see cref="ApiResources.CustomResource"/>).</summary>
    public ApiResource Resource { get; } = resource;

    public override string Kind => Resource.Kind;

    public override bool Namespaced => Resource.Namespaced;

    /// <summary>The document's fields but apiVersion, kind and metadata, as served: e.g. a Secret's data and type, an Ingress's spec and status.</summary>
    public JsonObject Content { get; set; } = [];

    /// <summary>The string at a dotted path of <see cref="Content"/> (<c>spec.ingressClassName</c>), or null when absent or not a string.</summary>
    public string? StringAt(string path) => NodeAt(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The node at a dotted path of <see cref="Content"/>, or null.</summary>
    public JsonNode? NodeAt(string path)
    {
        JsonNode? node = Content;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>The list at a dotted path of <see cref="Content"/>, or an empty one.</summary>
    public IReadOnlyList<JsonNode?> ListAt(string path) => NodeAt(path) is JsonArray a ? [.. a] : [];

    /// <summary>The string-valued entries of the mapping at a dotted path of <see cref="Content"/>, by key (ordinal order).</summary>
    public SortedDictionary<string, string> StringMapAt(string path)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (NodeAt(path) is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    result[key] = s;
                }
            }
        }

        return result;
    }
}
