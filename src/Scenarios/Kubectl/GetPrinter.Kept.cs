using System.Text.Json.Nodes;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// The tables of the kept kinds (pkg/printers/internalversion/printers.go, v1.33): printSecret, printServiceAccount,
/// printPersistentVolumeClaim, printRoleBinding, printClusterRoleBinding, printIngress, printIngressClass and
/// printNetworkPolicy; Role, ClusterRole and CustomResourceDefinition have no printer and get the API server's default
/// table (rest.defaultTableConvertor: NAME, CREATED AT), and a custom resource without printer columns its CRD's
/// default (NAME, AGE).
/// </summary>
public static partial class GetPrinter
{
    /// <summary>The kept kinds' column definitions (AddHandlers), and the index of the name column; null for kinds that are not kept.</summary>
    private static (List<Column> Columns, int NameColumn)? KeptColumns(string kind) => kind switch
    {
        "Secret" => ([new("Name"), new("Type"), new("Data"), new("Age")], 0),
        "ServiceAccount" => ([new("Name"), new("Secrets"), new("Age")], 0),
        "PersistentVolumeClaim" => ([new("Name"), new("Status"), new("Volume"), new("Capacity"), new("Access Modes"), new("StorageClass"), new("VolumeAttributesClass"), new("Age"), new("VolumeMode", true)], 0),
        "Role" or "ClusterRole" or "CustomResourceDefinition" => ([new("Name"), new("Created At")], 0),
        "RoleBinding" or "ClusterRoleBinding" => ([new("Name"), new("Role"), new("Age"), new("Users", true), new("Groups", true), new("ServiceAccounts", true)], 0),
        "Ingress" => ([new("Name"), new("Class"), new("Hosts"), new("Address"), new("Ports"), new("Age")], 0),
        "IngressClass" => ([new("Name"), new("Controller"), new("Parameters"), new("Age")], 0),
        "NetworkPolicy" => ([new("Name"), new("Pod-Selector"), new("Age")], 0),
        _ when !ApiResources.IsServed(kind) => ([new("Name"), new("Age")], 0),
        _ => null,
    };

    private static List<string> KeptCells(ClusterView view, KeptObject obj)
    {
        var name = obj.Metadata.Name;
        var age = KubectlFormat.Age(view, obj.Metadata.CreationTimestamp);
        switch (obj.Kind)
        {
            case "Secret":
                return [name, obj.StringAt("type") ?? "", KubectlFormat.Int(obj.StringMapAt("data").Count), age];
            case "ServiceAccount":
                return [name, KubectlFormat.Int(obj.ListAt("secrets").Count), age];
            case "PersistentVolumeClaim":
                return PersistentVolumeClaimCells(view, obj);
            case "Role" or "ClusterRole" or "CustomResourceDefinition":
                return [name, KubectlFormat.Rfc3339(view, obj.Metadata.CreationTimestamp)];
            case "RoleBinding" or "ClusterRoleBinding":
                var (users, groups, serviceAccounts) = SubjectsStrings(obj.ListAt("subjects"));
                return
                [
                    name, $"{obj.StringAt("roleRef.kind")}/{obj.StringAt("roleRef.name")}", age,
                    string.Join(", ", users), string.Join(", ", groups), string.Join(", ", serviceAccounts),
                ];
            case "Ingress":
                return [name, obj.StringAt("spec.ingressClassName") ?? "<none>", FormatHosts(obj.ListAt("spec.rules")), "", obj.ListAt("spec.tls").Count > 0 ? "80, 443" : "80", age];
            case "IngressClass":
                var parameters = "<none>";
                if (obj.NodeAt("spec.parameters") is JsonObject)
                {
                    parameters = obj.StringAt("spec.parameters.kind") ?? "";
                    if (obj.StringAt("spec.parameters.apiGroup") is { } group)
                    {
                        parameters += "." + group;
                    }

                    parameters += "/" + obj.StringAt("spec.parameters.name");
                }

                return [name, obj.StringAt("spec.controller") ?? "", parameters, age];
            case "NetworkPolicy":
                string podSelector;
                try
                {
                    podSelector = KubectlFormat.FormatLabelSelector(LabelSelectorOf(obj.NodeAt("spec.podSelector")));
                }
                catch (SelectorParseException)
                {
                    podSelector = "<error>";
                }

                return [name, podSelector, age];
            default:
                return [name, age];
        }
    }

    /// <summary>
    /// printPersistentVolumeClaim: the phase, the bound volume, and the claim's capacity and access modes from its status
    /// only once it names a volume; the class from the beta annotation or storageClassName (GetPersistentVolumeClaimClass).
    /// </summary>
    private static List<string> PersistentVolumeClaimCells(ClusterView view, KeptObject pvc)
    {
        var volumeName = pvc.StringAt("spec.volumeName") ?? "";
        string capacity = "", accessModes = "";
        if (volumeName.Length > 0)
        {
            capacity = pvc.StringAt("status.capacity.storage") ?? "0";
            accessModes = AccessModesAsString(pvc.ListAt("status.accessModes"));
        }

        var storageClass = pvc.Metadata.Annotations.TryGetValue("volume.beta.kubernetes.io/storage-class", out var beta) ? beta : pvc.StringAt("spec.storageClassName") ?? "";
        return
        [
            pvc.Metadata.Name, pvc.StringAt("status.phase") ?? "", volumeName, capacity, accessModes, storageClass,
            pvc.StringAt("spec.volumeAttributesClassName") ?? "<unset>", KubectlFormat.Age(view, pvc.Metadata.CreationTimestamp),
            pvc.StringAt("spec.volumeMode") ?? "<unset>",
        ];
    }

    /// <summary>helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once, comma-joined.</summary>
    private static string AccessModesAsString(IReadOnlyList<JsonNode?> modes)
    {
        var given = modes.Select(m => m?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var (mode, abbreviation) in new[] { ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP") })
        {
            if (given.Contains(mode))
            {
                result.Add(abbreviation);
            }
        }

        return string.Join(",", result);
    }

    /// <summary>rbac.SubjectsStrings: users and groups by name, service accounts as namespace/name.</summary>
    private static (List<string> Users, List<string> Groups, List<string> ServiceAccounts) SubjectsStrings(IReadOnlyList<JsonNode?> subjects)
    {
        var (users, groups, serviceAccounts) = (new List<string>(), new List<string>(), new List<string>());
        foreach (var subject in subjects.OfType<JsonObject>())
        {
            string Str(string key) => subject[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            switch (Str("kind"))
            {
                case "ServiceAccount":
                    serviceAccounts.Add(Str("namespace") + "/" + Str("name"));
                    break;
                case "User":
                    users.Add(Str("name"));
                    break;
                case "Group":
                    groups.Add(Str("name"));
                    break;
            }
        }

        return (users, groups, serviceAccounts);
    }

    /// <summary>formatHosts: the first three rules' hosts (rules without a host skipped), "+ N more..." for the rest, "*" for none.</summary>
    private static string FormatHosts(IReadOnlyList<JsonNode?> rules)
    {
        const int max = 3;
        var list = new List<string>();
        bool more = false;
        foreach (var rule in rules)
        {
            if (list.Count == max)
            {
                more = true;
            }

            var host = rule is JsonObject o && o["host"] is JsonValue v && v.TryGetValue<string>(out var h) ? h : "";
            if (!more && host.Length > 0)
            {
                list.Add(host);
            }
        }

        if (list.Count == 0)
        {
            return "*";
        }

        var joined = string.Join(",", list);
        return more ? $"{joined} + {KubectlFormat.Int(rules.Count - max)} more..." : joined;
    }

    /// <summary>A metav1.LabelSelector read from its JSON form (matchLabels and matchExpressions).</summary>
    private static LabelSelector? LabelSelectorOf(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            return null;
        }

        var selector = new LabelSelector();
        if (o["matchLabels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                selector.MatchLabels[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            }
        }

        foreach (var e in (o["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var values = (e["values"] as JsonArray ?? []).Select(v => v?.ToString() ?? "").ToList();
            selector.MatchExpressions.Add(new LabelSelectorRequirement(e["key"]?.ToString() ?? "", e["operator"]?.ToString() ?? "", values));
        }

        return selector;
    }
}
