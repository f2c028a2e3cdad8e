using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Kinds that do not affect scheduling or capacity, kept as <see cref="KeptObject"/>s: Secret, ServiceAccount,
/// PersistentVolumeClaim (v1), Role, RoleBinding, ClusterRole, ClusterRoleBinding (rbac.authorization.k8s.io/v1),
/// Ingress, IngressClass, NetworkPolicy (networking.k8s.io/v1), CustomResourceDefinition (apiextensions.k8s.io/v1),
/// and any kind of a group Kubernetes does not serve itself (a custom resource, such as monitoring.coreos.com/v1
/// ServiceMonitor). Each loads with one warning per kind and file, is stored and printed by kubectl, and is read by
/// nothing simulated. The fields kubectl's columns and the API server's validation read are typed as Kubernetes types
/// them (errors at their line and column); the rest is kept as JSON, with the API server's defaults (SetDefaults_*) and
/// server-set status. Kinds of Kubernetes' own groups that change what runs (DaemonSet, Job, LimitRange, ...) are
/// errors rather than kept.
/// </summary>
public static partial class ManifestDecoder
{
    private static readonly IReadOnlyList<KindEntry> KeptKinds =
    [
        new("Secret", ["v1"], DecodeKept),
        new("ServiceAccount", ["v1"], DecodeKept),
        new("PersistentVolumeClaim", ["v1"], DecodeKept),
        new("Role", ["rbac.authorization.k8s.io/v1"], DecodeKept),
        new("RoleBinding", ["rbac.authorization.k8s.io/v1"], DecodeKept),
        new("ClusterRole", ["rbac.authorization.k8s.io/v1"], DecodeKept),
        new("ClusterRoleBinding", ["rbac.authorization.k8s.io/v1"], DecodeKept),
        new("Ingress", ["networking.k8s.io/v1"], DecodeKept),
        new("IngressClass", ["networking.k8s.io/v1"], DecodeKept),
        new("NetworkPolicy", ["networking.k8s.io/v1"], DecodeKept),
        new("CustomResourceDefinition", ["apiextensions.k8s.io/v1"], DecodeKept),
    ];

    /// <summary>Kinds of Kubernetes' own groups that are refused rather than kept: each changes what runs or where, and why.</summary>
    private static readonly IReadOnlyDictionary<(string Group, string Kind), string> RefusedKinds = new Dictionary<(string, string), string>
    {
        [("apps", "DaemonSet")] = "it runs a pod on every eligible node",
        [("apps", "StatefulSet")] = "it creates pods",
        [("batch", "Job")] = "it creates pods that run to completion",
        [("batch", "CronJob")] = "it creates Jobs on a schedule",
        [("", "LimitRange")] = "it sets pods' default requests and limits",
        [("", "ResourceQuota")] = "it refuses pods over the quota",
        [("", "PersistentVolume")] = "no storage model: its node affinity would constrain where pods go",
        [("storage.k8s.io", "StorageClass")] = "no storage model: its binding mode would decide where pods with claims go",
        [("node.k8s.io", "RuntimeClass")] = "its overhead and scheduling constraints apply to pods",
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = "admission webhooks can change or refuse pods",
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = "admission webhooks can refuse pods",
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = "admission policies can refuse pods",
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = "admission policies can refuse pods",
    };

    /// <summary>The warning a file gets once per kept kind: what the kind would do in Kubernetes that it does not do here.</summary>
    internal static string KeptKindNotSimulated(KeptObject obj) => obj.Kind switch
    {
        "Secret" => "kind Secret is kept but not simulated (containers do not read it, and a pod naming a missing one still starts)",
        "ServiceAccount" => "kind ServiceAccount is kept but not simulated (no service accounts or API access are modelled)",
        "PersistentVolumeClaim" => "kind PersistentVolumeClaim is kept but not simulated (no storage model: it stays Pending, and pods that mount it are scheduled and started as if it were bound)",
        "Role" or "RoleBinding" or "ClusterRole" or "ClusterRoleBinding" => $"kind {obj.Kind} is kept but not simulated (no API access is modelled: RBAC authorizes nothing here)",
        "Ingress" => "kind Ingress is kept but not simulated (no ingress controller runs: load reaches the targets of the scenario's load section directly)",
        "IngressClass" => "kind IngressClass is kept but not simulated (no ingress controller runs)",
        "NetworkPolicy" => "kind NetworkPolicy is kept but not simulated (no network traffic is modelled: nothing is blocked)",
        "CustomResourceDefinition" => "kind CustomResourceDefinition is kept but not simulated (custom resources are kept as given, without its schema)",
        _ => $"kind {obj.Kind} ({obj.Resource.GroupVersion}) is kept but not simulated (a custom resource: no controller acts on it here, so whatever its operator would do in a cluster does not happen)",
    };

    /// <summary>
    /// The entry that decodes <paramref name="kind"/> in <paramref name="apiVersion"/>: a simulated kind's, a kept kind's,
    /// or for a group Kubernetes does not serve itself, a custom resource's. Null with <paramref name="refused"/> set for
    /// a kind refused rather than kept, null alone for a kind no one serves.
    /// </summary>
    private static KindEntry? FindKind(string kind, string apiVersion, out string? refused)
    {
        refused = null;
        var entry = Kinds.FirstOrDefault(k => k.Kind == kind) ?? KeptKinds.FirstOrDefault(k => k.Kind == kind);
        if (entry is not null)
        {
            return entry;
        }

        string group = ApiResources.GroupOf(apiVersion);
        if (RefusedKinds.TryGetValue((group, kind), out var why))
        {
            refused = $"kind \"{kind}\" is not simulated yet, and it is refused rather than kept because it changes what runs ({why})";
            return null;
        }

        return ApiResources.BuiltInGroups.Contains(group) || !ValidCustomApiVersion(apiVersion) || ApiResources.IsServed(kind)
            ? null
            : new KindEntry(kind, [apiVersion], DecodeCustomResource);
    }

    /// <summary>GROUP/VERSION with a DNS-subdomain group (a custom resource's group has a dot, e.g. monitoring.coreos.com).</summary>
    private static bool ValidCustomApiVersion(string apiVersion)
    {
        var parts = apiVersion.Split('/');
        return parts.Length == 2 && parts[0].Contains('.', StringComparison.Ordinal) && LabelValidation.IsDns1123Subdomain(parts[0]).Count == 0
            && parts[1].Length > 0 && parts[1].All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch));
    }

    private static KubeObject DecodeCustomResource(Context c, YamlMappingNode root, string apiVersion)
    {
        var obj = new KeptObject(ApiResources.CustomResource(apiVersion, c.Kind));
        foreach (var f in c.R.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, obj.Metadata) || f.Key == "status")
            {
                continue;
            }

            if (ToJson(c, f.Value, f.Path, Any) is { } value)
            {
                obj.Content[f.Key] = value;
            }
        }

        return obj;
    }

    private static KubeObject DecodeKept(Context c, YamlMappingNode root, string apiVersion)
    {
        var obj = new KeptObject(ApiResources.ForKind(c.Kind));
        var schema = TopLevelSchemas[c.Kind];
        foreach (var f in c.R.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, obj.Metadata) || f.Key == "status")
            {
                // status is the API server's to set (a PersistentVolumeClaim's phase, an Ingress's load balancer).
                continue;
            }

            if (!schema.TryGetValue(f.Key, out var fieldSchema))
            {
                c.Unknown(f);
                continue;
            }

            if (ToJson(c, f.Value, f.Path, fieldSchema) is { } value)
            {
                obj.Content[f.Key] = value;
            }
        }

        ApplyKeptDefaults(obj);
        return obj;
    }

    /// <summary>The served form: each kind's SetDefaults_* and what its registry strategy sets on create.</summary>
    private static void ApplyKeptDefaults(KeptObject obj)
    {
        var content = obj.Content;
        switch (obj.Kind)
        {
            case "Secret":
                // Convert_v1_Secret_To_core_Secret: stringData entries overwrite data's; the API serves data only. SetDefaults_Secret: Opaque.
                if (content["stringData"] is JsonObject stringData)
                {
                    var data = content["data"] as JsonObject ?? [];
                    foreach (var (key, value) in stringData.ToList())
                    {
                        data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
                    }

                    content["data"] = Sorted(data);
                    content.Remove("stringData");
                }

                if (obj.StringAt("type") is null or "")
                {
                    content["type"] = "Opaque";
                }

                break;
            case "Role" or "ClusterRole":
                // rules has no omitempty: a role without rules is served with rules: null.
                if (!content.ContainsKey("rules"))
                {
                    content["rules"] = null;
                }

                break;
            case "RoleBinding" or "ClusterRoleBinding":
                // SetDefaults_RoleBinding, SetDefaults_ClusterRoleBinding and SetDefaults_Subject.
                var roleRef = content["roleRef"] as JsonObject ?? [];
                content["roleRef"] = roleRef;
                if (obj.StringAt("roleRef.apiGroup") is null or "")
                {
                    roleRef["apiGroup"] = "rbac.authorization.k8s.io";
                }

                foreach (var subject in obj.ListAt("subjects").OfType<JsonObject>())
                {
                    if (subject["apiGroup"] is null && subject["kind"]?.GetValue<string>() is "User" or "Group")
                    {
                        subject["apiGroup"] = "rbac.authorization.k8s.io";
                    }
                }

                break;
            case "NetworkPolicy":
                // SetDefaults_NetworkPolicy (Ingress, and Egress with egress rules) and SetDefaults_NetworkPolicyPort (TCP).
                var spec = content["spec"] as JsonObject ?? [];
                content["spec"] = spec;
                spec["podSelector"] ??= new JsonObject();
                if (obj.ListAt("spec.policyTypes").Count == 0)
                {
                    spec["policyTypes"] = obj.ListAt("spec.egress").Count > 0 ? new JsonArray("Ingress", "Egress") : new JsonArray("Ingress");
                }

                foreach (var rule in obj.ListAt("spec.ingress").Concat(obj.ListAt("spec.egress")).OfType<JsonObject>())
                {
                    foreach (var port in (rule["ports"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        port["protocol"] ??= "TCP";
                    }
                }

                break;
            case "PersistentVolumeClaim":
                // SetDefaults_PersistentVolumeClaimSpec (Filesystem) and SetDefaults_PersistentVolumeClaim (Pending): nothing binds it here.
                var claim = content["spec"] as JsonObject ?? [];
                content["spec"] = claim;
                claim["volumeMode"] ??= "Filesystem";
                content["status"] = new JsonObject { ["phase"] = "Pending" };
                break;
            case "Ingress":
                // The ingress strategy clears status on create; no controller fills in an address.
                content["spec"] ??= new JsonObject();
                content["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
                break;
            case "IngressClass":
                content["spec"] ??= new JsonObject();
                break;
        }
    }

    private static JsonObject Sorted(JsonObject map)
    {
        var sorted = new JsonObject();
        foreach (var key in map.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList())
        {
            var value = map[key];
            map.Remove(key);
            sorted[key] = value;
        }

        return sorted;
    }

    // ---- the typed parts of the kept kinds (their Go types, for the fields columns and validation read) ----

    /// <summary>How a YAML value is read into JSON: a typed scalar, a mapping of one schema, a list, an object with some typed fields, or anything.</summary>
    private abstract record Schema;

    private sealed record Scalar(ScalarShape Shape) : Schema;

    private sealed record MapOf(Schema Value) : Schema;

    private sealed record ListOf(Schema Item) : Schema;

    /// <summary>An object whose listed fields are typed; other fields are kept as they are (the simulator has no schema for them).</summary>
    private sealed record Fields(IReadOnlyDictionary<string, Schema> Typed) : Schema;

    private sealed record AnyValue : Schema;

    private enum ScalarShape
    {
        String,
        Bool,
        Quantity,
        Base64,
    }

    private static readonly Schema Any = new AnyValue();
    private static readonly Schema Str = new Scalar(ScalarShape.String);
    private static readonly Schema Strings = new ListOf(Str);
    private static readonly Schema Named = new ListOf(new Fields(new Dictionary<string, Schema> { ["name"] = Str }));

    private static readonly Schema Subjects = new ListOf(new Fields(new Dictionary<string, Schema>
    {
        ["kind"] = Str,
        ["name"] = Str,
        ["namespace"] = Str,
        ["apiGroup"] = Str,
    }));

    private static readonly Schema RoleRef = new Fields(new Dictionary<string, Schema> { ["apiGroup"] = Str, ["kind"] = Str, ["name"] = Str });

    private static readonly Schema Rules = new ListOf(new Fields(new Dictionary<string, Schema>
    {
        ["verbs"] = Strings,
        ["apiGroups"] = Strings,
        ["resources"] = Strings,
        ["resourceNames"] = Strings,
        ["nonResourceURLs"] = Strings,
    }));

    /// <summary>The top-level fields of each kept kind (k8s.io/api types.go), with the parts typed; anything else at the top is unknown.</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, Schema>> TopLevelSchemas = new Dictionary<string, IReadOnlyDictionary<string, Schema>>(StringComparer.Ordinal)
    {
        ["Secret"] = new Dictionary<string, Schema>
        {
            ["data"] = new MapOf(new Scalar(ScalarShape.Base64)),
            ["stringData"] = new MapOf(Str),
            ["type"] = Str,
            ["immutable"] = new Scalar(ScalarShape.Bool),
        },
        ["ServiceAccount"] = new Dictionary<string, Schema>
        {
            ["secrets"] = Named,
            ["imagePullSecrets"] = Named,
            ["automountServiceAccountToken"] = new Scalar(ScalarShape.Bool),
        },
        ["PersistentVolumeClaim"] = new Dictionary<string, Schema>
        {
            ["spec"] = new Fields(new Dictionary<string, Schema>
            {
                ["accessModes"] = Strings,
                ["resources"] = new Fields(new Dictionary<string, Schema> { ["requests"] = new MapOf(new Scalar(ScalarShape.Quantity)), ["limits"] = new MapOf(new Scalar(ScalarShape.Quantity)) }),
                ["storageClassName"] = Str,
                ["volumeName"] = Str,
                ["volumeMode"] = Str,
                ["volumeAttributesClassName"] = Str,
            }),
        },
        ["Role"] = new Dictionary<string, Schema> { ["rules"] = Rules },
        ["ClusterRole"] = new Dictionary<string, Schema> { ["rules"] = Rules, ["aggregationRule"] = Any },
        ["RoleBinding"] = new Dictionary<string, Schema> { ["subjects"] = Subjects, ["roleRef"] = RoleRef },
        ["ClusterRoleBinding"] = new Dictionary<string, Schema> { ["subjects"] = Subjects, ["roleRef"] = RoleRef },
        ["Ingress"] = new Dictionary<string, Schema>
        {
            ["spec"] = new Fields(new Dictionary<string, Schema>
            {
                ["ingressClassName"] = Str,
                ["rules"] = new ListOf(new Fields(new Dictionary<string, Schema> { ["host"] = Str })),
                ["tls"] = new ListOf(new Fields(new Dictionary<string, Schema> { ["hosts"] = Strings, ["secretName"] = Str })),
            }),
        },
        ["IngressClass"] = new Dictionary<string, Schema>
        {
            ["spec"] = new Fields(new Dictionary<string, Schema>
            {
                ["controller"] = Str,
                ["parameters"] = new Fields(new Dictionary<string, Schema> { ["apiGroup"] = Str, ["kind"] = Str, ["name"] = Str, ["namespace"] = Str, ["scope"] = Str }),
            }),
        },
        ["NetworkPolicy"] = new Dictionary<string, Schema>
        {
            ["spec"] = new Fields(new Dictionary<string, Schema> { ["podSelector"] = Any, ["policyTypes"] = Strings }),
        },
        ["CustomResourceDefinition"] = new Dictionary<string, Schema> { ["spec"] = Any },
    };

    /// <summary>
    /// The JSON the API server would store for a YAML value: typed where <paramref name="schema"/> says (wrong types are
    /// errors, as decoding into the Go type fails), otherwise scalars resolved as sigs.k8s.io/yaml (go-yaml v2) reads them.
    /// Null for a YAML null, which omitempty fields drop.
    /// </summary>
    private static JsonNode? ToJson(Context c, YamlNode node, string path, Schema schema)
    {
        var r = c.R;
        if (YamlReader.IsNull(node))
        {
            return null;
        }

        switch (schema)
        {
            case Scalar { Shape: ScalarShape.String }:
                return r.String(node, path, out var s) ? JsonValue.Create(s) : null;
            case Scalar { Shape: ScalarShape.Bool }:
                return r.Bool(node, path, out var b) ? JsonValue.Create(b) : null;
            case Scalar { Shape: ScalarShape.Quantity }:
                return r.Quantity(node, path, out var q) ? JsonValue.Create(q.ToCanonicalString()) : null;
            case Scalar { Shape: ScalarShape.Base64 }:
                if (!r.String(node, path, out var encoded))
                {
                    return null;
                }

                if (!GoBase64.TryDecode(encoded, out var bytes, out var error))
                {
                    r.Error(node, $"{path}: {error}");
                    return null;
                }

                // Keys' locations for the API server's data[KEY] paths, as a ConfigMap's.
                int dot = path.IndexOf('.', StringComparison.Ordinal);
                r.FieldLocations.TryAdd(path[..dot] + "[" + path[(dot + 1)..] + "]", r.FieldLocations.GetValueOrDefault(path, r.Location(node)));
                return JsonValue.Create(Convert.ToBase64String(bytes));
            case MapOf map:
                var result = new JsonObject();
                foreach (var f in r.Fields(node, path).OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    // A null value of a string map is "" (a Secret's data key with no value holds no bytes).
                    result[f.Key] = ToJson(c, f.Value, f.Path, map.Value) ?? (map.Value is Scalar ? JsonValue.Create("") : null);
                }

                return result;
            case ListOf list:
                var array = new JsonArray();
                foreach (var item in r.Items(node, path))
                {
                    array.Add(ToJson(c, item.Node, item.Path, list.Item));
                }

                return array;
            case Fields fields:
                if (node is not YamlMappingNode)
                {
                    r.Error(node, YamlReader.Subject(path) + "expected a mapping, got " + YamlReader.Describe(node));
                    return null;
                }

                var obj = new JsonObject();
                foreach (var f in r.Fields(node, path))
                {
                    if (ToJson(c, f.Value, f.Path, fields.Typed.GetValueOrDefault(f.Key, Any)) is { } value)
                    {
                        obj[f.Key] = value;
                    }
                }

                return obj;
            default:
                return AnyJson(c, node, path);
        }
    }

    /// <summary>Untyped YAML as JSON: mappings, lists, and scalars as go-yaml v2 resolves them (null, bool, int, float, else string).</summary>
    private static JsonNode? AnyJson(Context c, YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode:
                var obj = new JsonObject();
                foreach (var f in c.R.Fields(node, path))
                {
                    obj[f.Key] = AnyJson(c, f.Value, f.Path);
                }

                return obj;
            case YamlSequenceNode:
                var array = new JsonArray();
                foreach (var item in c.R.Items(node, path))
                {
                    array.Add(AnyJson(c, item.Node, item.Path));
                }

                return array;
            case YamlScalarNode scalar:
                string text = scalar.Value ?? "";
                return ScalarType.Resolve(scalar) switch
                {
                    ScalarKind.Null => null,
                    ScalarKind.Bool => JsonValue.Create(ScalarType.BoolValue(text)),
                    ScalarKind.Int when ScalarType.TryInt(text, out long l) => JsonValue.Create(l),
                    ScalarKind.Float when double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => JsonValue.Create(d),
                    _ => JsonValue.Create(text),
                };
            default:
                c.R.Error(node, YamlReader.Subject(path) + "expected a value, got " + YamlReader.Describe(node));
                return null;
        }
    }
}
