using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>One field error, as the API server's field.Error: a path and a detail.</summary>
public sealed record FieldError(string Field, string Detail)
{
    public override string ToString() => Field + ": " + Detail;
}

/// <summary>
/// The API server's validation of the kinds we serve (pkg/apis/core/validation, pkg/apis/apps/validation,
/// pkg/apis/autoscaling/validation, pkg/apis/policy/validation, pkg/apis/scheduling/validation),
/// limited to the rules that matter to the simulation. The scenario loader calls the same functions, so
/// a manifest is rejected at load time with the API server's words.
/// </summary>
public static partial class Validation
{
    /// <summary>Validates any object; an empty list means valid.</summary>
    public static List<FieldError> Validate(KubeObject obj)
    {
        var errors = new List<FieldError>();
        if (obj is KeptObject kept)
        {
            ValidateKept(kept, errors);
            return errors;
        }

        if (obj is PodDisruptionBudget pdb)
        {
            // Its own validation has no name rule: the API server checks metadata afterwards (a path segment name).
            ValidatePodDisruptionBudget(pdb, errors);
            return errors;
        }

        ValidateMeta(obj, errors);
        switch (obj)
        {
            case Pod pod:
                ValidatePodSpec(pod.Spec, "spec", errors);
                break;
            case ReplicationController rc:
                ValidateReplicas(rc.Replicas, errors);
                if (rc.Selector.Count == 0)
                {
                    errors.Add(new("spec.selector", "Required value"));
                }
                else if (!Selector.FromMap(rc.Selector).Matches(rc.Template.Metadata.Labels))
                {
                    errors.Add(new("spec.template.metadata.labels", $"Invalid value: {GoMap(rc.Template.Metadata.Labels)}: `selector` does not match template `labels`"));
                }

                ValidatePodSpec(rc.Template.Spec, "spec.template.spec", errors);
                break;
            case ReplicaSet rs:
                ValidateReplicas(rs.Replicas, errors);
                ValidateSelectorAgainstTemplate(rs.Selector, rs.Template, errors);
                ValidatePodSpec(rs.Template.Spec, "spec.template.spec", errors);
                break;
            case Service svc:
                ValidateService(svc, errors);
                break;
            case Deployment d:
                ValidateDeploymentSpec(d, errors);
                break;
            case HorizontalPodAutoscaler hpa:
                ValidateHorizontalPodAutoscalerSpec(hpa.Spec, errors);
                break;
            case ConfigMap cm:
                ValidateConfigMap(cm, errors);
                break;
            case PriorityClass pc:
                ValidatePriorityClass(pc, errors);
                break;
        }

        return errors;
    }

    /// <summary>Selector required, non-empty, and matching the template's labels (apps validation ValidateReplicaSetSpec).</summary>
    public static void ValidateSelectorAgainstTemplate(LabelSelector? selector, PodTemplateSpec template, List<FieldError> errors)
    {
        if (selector is null)
        {
            errors.Add(new("spec.selector", "Required value"));
            return;
        }

        Selector parsed;
        try
        {
            parsed = Selector.FromLabelSelector(selector);
        }
        catch (FormatException e)
        {
            errors.Add(new("spec.selector", "Invalid value: " + e.Message));
            return;
        }

        if (parsed.Empty)
        {
            errors.Add(new("spec.selector", "Invalid value: \"\": empty selector is invalid for deployment"));
        }
        else if (!parsed.Matches(template.Metadata.Labels))
        {
            errors.Add(new("spec.template.metadata.labels", $"Invalid value: {GoMap(template.Metadata.Labels)}: `selector` does not match template `labels`"));
        }
    }

    private static void ValidateReplicas(int replicas, List<FieldError> errors)
    {
        if (replicas < 0)
        {
            errors.Add(new("spec.replicas", string.Create(CultureInfo.InvariantCulture, $"Invalid value: {replicas}: must be greater than or equal to 0")));
        }
    }

    private static void ValidateMeta(KubeObject obj, List<FieldError> errors)
    {
        var name = obj.Metadata.Name;
        if (name.Length == 0 && string.IsNullOrEmpty(obj.Metadata.GenerateName))
        {
            errors.Add(new("metadata.name", "Required value: name or generateName is required"));
        }
        else if (name.Length > 0 && LabelValidation.IsDns1123Subdomain(name).Count > 0)
        {
            errors.Add(new("metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
    }

    private static void ValidatePodSpec(PodSpec spec, string path, List<FieldError> errors)
    {
        if (spec.Containers.Count == 0)
        {
            errors.Add(new(path + ".containers", "Required value"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Containers.Count; i++)
        {
            var c = spec.Containers[i];
            var cpath = string.Create(CultureInfo.InvariantCulture, $"{path}.containers[{i}]");
            if (c.Name.Length == 0)
            {
                errors.Add(new(cpath + ".name", "Required value"));
            }
            else if (!names.Add(c.Name))
            {
                errors.Add(new(cpath + ".name", $"Duplicate value: \"{c.Name}\""));
            }

            if (c.Image.Length == 0)
            {
                errors.Add(new(cpath + ".image", "Required value"));
            }

            foreach (var (res, limit) in c.Resources.Limits)
            {
                if (c.Resources.Requests.TryGetValue(res, out var request) && request.CompareTo(limit) > 0)
                {
                    errors.Add(new($"{cpath}.resources.requests", $"Invalid value: \"{request}\": must be less than or equal to {res} limit of {limit}"));
                }
            }
        }

        ValidatePodAffinities(spec.Affinity, path + ".affinity", errors);
        if (spec.RestartPolicy is not ("Always" or "OnFailure" or "Never"))
        {
            errors.Add(new(path + ".restartPolicy", $"Unsupported value: \"{spec.RestartPolicy}\": supported values: \"Always\", \"OnFailure\", \"Never\""));
        }

        if (spec.PreemptionPolicy is { } preemptionPolicy)
        {
            ValidatePreemptionPolicy(preemptionPolicy, path + ".preemptionPolicy", errors);
        }
    }

    private static void ValidateService(Service svc, List<FieldError> errors)
    {
        if (svc.Spec.Type != "ExternalName" && svc.Spec.Ports.Count == 0)
        {
            errors.Add(new("spec.ports", "Required value"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < svc.Spec.Ports.Count; i++)
        {
            var p = svc.Spec.Ports[i];
            var ppath = string.Create(CultureInfo.InvariantCulture, $"spec.ports[{i}]");
            if (svc.Spec.Ports.Count > 1 && string.IsNullOrEmpty(p.Name))
            {
                errors.Add(new(ppath + ".name", "Required value"));
            }
            else if (!string.IsNullOrEmpty(p.Name) && !names.Add(p.Name))
            {
                errors.Add(new(ppath + ".name", $"Duplicate value: \"{p.Name}\""));
            }

            if (p.Port is < 1 or > 65535)
            {
                errors.Add(new(ppath + ".port", string.Create(CultureInfo.InvariantCulture, $"Invalid value: {p.Port}: must be between 1 and 65535, inclusive")));
            }

            if (p.NodePort != 0 && svc.Spec.Type is "ClusterIP")
            {
                errors.Add(new(ppath + ".nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'"));
            }
            else if (p.NodePort != 0 && p.NodePort is < ClusterNetwork.NodePortMin or > ClusterNetwork.NodePortMax)
            {
                errors.Add(new(ppath + ".nodePort", string.Create(CultureInfo.InvariantCulture, $"Invalid value: {p.NodePort}: provided port is not in the valid range. The range of valid ports is {ClusterNetwork.NodePortMin}-{ClusterNetwork.NodePortMax}")));
            }
        }

        if (svc.Spec.Type is not ("ClusterIP" or "NodePort" or "LoadBalancer" or "ExternalName"))
        {
            errors.Add(new("spec.type", $"Unsupported value: \"{svc.Spec.Type}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        }
    }

    /// <summary>Go's %v rendering of a map[string]string, as the API server prints it in messages.</summary>
    public static string GoMap(IReadOnlyDictionary<string, string> map) =>
        "map[string]string{" + string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}";
}
