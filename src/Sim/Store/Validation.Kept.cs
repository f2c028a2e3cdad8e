using System.Text.Json.Nodes;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// The API server's validation of the kept kinds (<see cref="KeptObject"/>), with its messages: each kind's name rule
/// (ValidateObjectMeta with the kind's name function) and the checks of pkg/apis/core/validation ValidateSecret and
/// ValidatePersistentVolumeClaimSpec and pkg/apis/rbac/validation ValidateRoleBinding and ValidatePolicyRule (v1.32).
/// Other fields of these kinds are kept as given.
/// </summary>
public static partial class Validation
{
    /// <summary>The RBAC group, the only apiGroup a roleRef or a User or Group subject may name.</summary>
    private const string RbacGroup = "rbac.authorization.k8s.io";

    /// <summary>ValidateObjectMeta's name check with the kind's name function, then the kind's own checks.</summary>
    private static void ValidateKept(KeptObject obj, List<FieldError> errors)
    {
        switch (obj.Kind)
        {
            case "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding":
                // ValidateRBACName is path.IsValidPathSegmentName: "system:controller:x" is a valid name.
                ValidatePathSegmentMeta(obj.Metadata, errors);
                break;
            default:
                // ValidateSecretName, ValidateServiceAccountName, ValidateIngressName, ValidateIngressClassName,
                // ValidateNetworkPolicyName, ValidatePersistentVolumeName and custom resources: NameIsDNSSubdomain.
                ValidateMeta(obj, errors);
                break;
        }

        switch (obj.Kind)
        {
            case "Secret":
                ValidateSecret(obj, errors);
                break;
            case "RoleBinding" or "ClusterRoleBinding":
                ValidateRoleBinding(obj, errors);
                break;
            case "Role" or "ClusterRole":
                var rules = obj.ListAt("rules");
                for (int i = 0; i < rules.Count; i++)
                {
                    ValidatePolicyRule(rules[i] as JsonObject ?? [], obj.Kind == "Role", Inv($"rules[{i}]"), errors);
                }

                break;
            case "PersistentVolumeClaim":
                ValidatePersistentVolumeClaimSpec(obj, errors);
                break;
        }
    }

    private static void ValidatePathSegmentMeta(ObjectMeta meta, List<FieldError> errors)
    {
        if (meta.Name.Length == 0 && string.IsNullOrEmpty(meta.GenerateName))
        {
            errors.Add(new("metadata.name", "Required value: name or generateName is required"));
            return;
        }

        foreach (var message in PathSegmentNameErrors(meta.Name))
        {
            errors.Add(new("metadata.name", $"Invalid value: {GoFormat.Quote(meta.Name)}: {message}"));
        }
    }

    /// <summary>
    /// ValidateSecret: each data key is a config key (in key order, where Go ranges over the map), the decoded values
    /// together at most core.MaxSecretSize, and the keys or annotation the secret's type requires.
    /// </summary>
    private static void ValidateSecret(KeptObject secret, List<FieldError> errors)
    {
        var data = secret.StringMapAt("data");
        long total = 0;
        foreach (var (key, value) in data)
        {
            foreach (var message in IsConfigMapKey(key))
            {
                errors.Add(new("data[" + key + "]", $"Invalid value: {GoFormat.Quote(key)}: {message}"));
            }

            total += ConfigMap.DecodedLength(value);
        }

        if (total > MaxConfigMapSize)
        {
            errors.Add(new("data", Inv($"Too long: may not be more than {MaxConfigMapSize} bytes")));
        }

        void Require(string key)
        {
            if (!data.ContainsKey(key))
            {
                errors.Add(new("data[" + key + "]", "Required value"));
            }
        }

        switch (secret.StringAt("type"))
        {
            case "kubernetes.io/service-account-token":
                if (secret.Metadata.Annotations.GetValueOrDefault("kubernetes.io/service-account.name", "").Length == 0)
                {
                    errors.Add(new("metadata.annotations[kubernetes.io/service-account.name]", "Required value"));
                }

                break;
            case "kubernetes.io/dockercfg":
                Require(".dockercfg");
                break;
            case "kubernetes.io/dockerconfigjson":
                Require(".dockerconfigjson");
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    Require("username");
                    Require("password");
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (!data.TryGetValue("ssh-privatekey", out var key) || key.Length == 0)
                {
                    errors.Add(new("data[ssh-privatekey]", "Required value"));
                }

                break;
            case "kubernetes.io/tls":
                Require("tls.crt");
                Require("tls.key");
                break;
        }
    }

    /// <summary>ValidateRoleBinding (and ValidateClusterRoleBinding): the roleRef, then each subject (ValidateRoleBindingSubject).</summary>
    private static void ValidateRoleBinding(KeptObject binding, List<FieldError> errors)
    {
        bool namespaced = binding.Kind == "RoleBinding";
        if (binding.StringAt("roleRef.apiGroup") is var group && group != RbacGroup)
        {
            errors.Add(new("roleRef.apiGroup", $"Unsupported value: {GoFormat.Quote(group ?? "")}: supported values: {GoFormat.Quote(RbacGroup)}"));
        }

        var kind = binding.StringAt("roleRef.kind") ?? "";
        if (namespaced ? kind is not ("Role" or "ClusterRole") : kind != "ClusterRole")
        {
            var supported = namespaced ? "\"Role\", \"ClusterRole\"" : "\"ClusterRole\"";
            errors.Add(new("roleRef.kind", $"Unsupported value: {GoFormat.Quote(kind)}: supported values: {supported}"));
        }

        var name = binding.StringAt("roleRef.name") ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("roleRef.name", "Required value"));
        }
        else
        {
            foreach (var message in PathSegmentNameErrors(name))
            {
                errors.Add(new("roleRef.name", $"Invalid value: {GoFormat.Quote(name)}: {message}"));
            }
        }

        var subjects = binding.ListAt("subjects");
        for (int i = 0; i < subjects.Count; i++)
        {
            ValidateRoleBindingSubject(subjects[i] as JsonObject ?? [], namespaced, Inv($"subjects[{i}]"), errors);
        }
    }

    private static void ValidateRoleBindingSubject(JsonObject subject, bool namespaced, string path, List<FieldError> errors)
    {
        string Str(string key) => subject[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        string name = Str("name"), kind = Str("kind"), apiGroup = Str("apiGroup");
        if (name.Length == 0)
        {
            errors.Add(new(path + ".name", "Required value"));
        }

        switch (kind)
        {
            case "ServiceAccount":
                if (name.Length > 0)
                {
                    foreach (var message in LabelValidation.IsDns1123Subdomain(name))
                    {
                        errors.Add(new(path + ".name", $"Invalid value: {GoFormat.Quote(name)}: {message}"));
                    }
                }

                if (apiGroup.Length > 0)
                {
                    errors.Add(new(path + ".apiGroup", $"Unsupported value: {GoFormat.Quote(apiGroup)}: supported values: \"\""));
                }

                if (!namespaced && Str("namespace").Length == 0)
                {
                    errors.Add(new(path + ".namespace", "Required value"));
                }

                break;
            case "User" or "Group":
                if (apiGroup != RbacGroup)
                {
                    errors.Add(new(path + ".apiGroup", $"Unsupported value: {GoFormat.Quote(apiGroup)}: supported values: {GoFormat.Quote(RbacGroup)}"));
                }

                break;
            default:
                errors.Add(new(path + ".kind", $"Unsupported value: {GoFormat.Quote(kind)}: supported values: \"ServiceAccount\", \"User\", \"Group\""));
                break;
        }
    }

    /// <summary>ValidatePolicyRule: verbs always; non-resource URLs only in cluster roles and alone; else api groups and resources.</summary>
    private static void ValidatePolicyRule(JsonObject rule, bool namespaced, string path, List<FieldError> errors)
    {
        List<string> Strings(string key) => rule[key] is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToList() : [];
        if (Strings("verbs").Count == 0)
        {
            errors.Add(new(path + ".verbs", "Required value: verbs must contain at least one value"));
        }

        var urls = Strings("nonResourceURLs");
        if (urls.Count > 0)
        {
            if (namespaced)
            {
                errors.Add(new(path + ".nonResourceURLs", $"Invalid value: {GoFormat.StringSlice(urls)}: namespaced rules cannot apply to non-resource URLs"));
            }

            if (Strings("apiGroups").Count > 0 || Strings("resources").Count > 0 || Strings("resourceNames").Count > 0)
            {
                errors.Add(new(path + ".nonResourceURLs", $"Invalid value: {GoFormat.StringSlice(urls)}: rules cannot apply to both regular resources and non-resource URLs"));
            }

            return;
        }

        if (Strings("apiGroups").Count == 0)
        {
            errors.Add(new(path + ".apiGroups", "Required value: resource rules must supply at least one api group"));
        }

        if (Strings("resources").Count == 0)
        {
            errors.Add(new(path + ".resources", "Required value: resource rules must supply at least one resource"));
        }
    }

    /// <summary>ValidatePersistentVolumeClaimSpec: at least one access mode, each a supported one, and a storage request.</summary>
    private static void ValidatePersistentVolumeClaimSpec(KeptObject pvc, List<FieldError> errors)
    {
        string[] supported = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
        var modes = pvc.ListAt("spec.accessModes");
        if (modes.Count == 0)
        {
            errors.Add(new("spec.accessModes", "Required value: at least 1 access mode is required"));
        }

        foreach (var mode in modes)
        {
            var text = mode is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            if (!supported.Contains(text, StringComparer.Ordinal))
            {
                errors.Add(new("spec.accessModes", $"Unsupported value: {GoFormat.Quote(text)}: supported values: {string.Join(", ", supported.Select(GoFormat.Quote))}"));
            }
        }

        if (pvc.StringAt("spec.resources.requests.storage") is null)
        {
            errors.Add(new("spec.resources[storage]", "Required value"));
        }
    }
}
