using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>Small formatting rules kubectl's printers and describers share, each named after its Go original.</summary>
internal static class KubectlFormat
{
    /// <summary>node-role.kubernetes.io/ label prefix (printers.go labelNodeRolePrefix).</summary>
    public const string LabelNodeRolePrefix = "node-role.kubernetes.io/";

    /// <summary>kubernetes.io/role label (printers.go nodeLabelRole).</summary>
    public const string NodeLabelRole = "kubernetes.io/role";

    /// <summary>pkg/util/node NodeUnreachablePodReason.</summary>
    public const string NodeUnreachablePodReason = "NodeLost";

    /// <summary>translateTimestampSince: the age of a stored timestamp ("11s", "5m", "2d3h").</summary>
    public static string Age(ClusterView view, TimeSpan time) => ClusterSim.Sim.Api.HumanDuration.Format(view.Since(time));

    /// <summary>time.RFC1123Z in UTC, as describe prints timestamps: "Mon, 06 Jan 2025 10:20:45 +0000".</summary>
    public static string Rfc1123Z(ClusterView view, TimeSpan time) =>
        view.StoredInstant(time).ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

    /// <summary>metav1.Time's JSON/YAML form: RFC 3339 in UTC with second precision.</summary>
    public static string Rfc3339(ClusterView view, TimeSpan time) =>
        view.StoredInstant(time).ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>labels.FormatLabels: "k=v,k2=v2" sorted by key, or "&lt;none&gt;".</summary>
    public static string FormatLabels(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "<none>";
        }

        return string.Join(",", labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
    }

    /// <summary>metav1.FormatLabelSelector: the selector's string form, or "&lt;none&gt;" when empty or nil.</summary>
    public static string FormatLabelSelector(LabelSelector? selector)
    {
        var text = Selector.FromLabelSelector(selector).ToString();
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>findNodeRoles: roles from node-role.kubernetes.io/&lt;role&gt; and kubernetes.io/role labels, sorted and unique.</summary>
    public static List<string> NodeRoles(Node node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Metadata.Labels)
        {
            if (key.StartsWith(LabelNodeRolePrefix, StringComparison.Ordinal))
            {
                var role = key[LabelNodeRolePrefix.Length..];
                if (role.Length > 0)
                {
                    roles.Add(role);
                }
            }
            else if (key == NodeLabelRole && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return roles.ToList();
    }

    /// <summary>layoutContainerCells: container names and images, comma-joined.</summary>
    public static (string Names, string Images) ContainerCells(IEnumerable<Container> containers)
    {
        var list = containers.ToList();
        return (string.Join(",", list.Select(c => c.Name)), string.Join(",", list.Select(c => c.Image)));
    }

    /// <summary>The "kind" kubectl prints for a resource: lower-case Kind, plus ".group" outside the core group ("replicaset.apps").</summary>
    public static string KindPrefix(ApiResource resource)
    {
        int slash = resource.GroupVersion.IndexOf('/', StringComparison.Ordinal);
        var kind = resource.Kind.ToLowerInvariant();
        return slash < 0 ? kind : kind + "." + resource.GroupVersion[..slash];
    }

    /// <summary>The API server's NotFound message, as kubectl prints it (the resource qualified by its group: deployments.apps).</summary>
    public static string NotFound(ApiResource resource, string name) =>
        $"Error from server (NotFound): {QualifiedResource(resource)} \"{name}\" not found";

    /// <summary>schema.GroupResource's String: the plural resource, plus ".group" outside the core group ("deployments.apps").</summary>
    public static string QualifiedResource(ApiResource resource)
    {
        int slash = resource.GroupVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? resource.Resource : resource.Resource + "." + resource.GroupVersion[..slash];
    }

    /// <summary>strconv.Itoa for the invariant culture.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
