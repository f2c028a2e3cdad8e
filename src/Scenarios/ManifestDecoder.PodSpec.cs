using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>Pod, PodSpec, containers, probes, scheduling constraints and volumes.</summary>
public static partial class ManifestDecoder
{
    /// <summary>Valid PodSpec fields the simulator does not model.</summary>
    private static readonly HashSet<string> IgnoredPodSpecFields = new(StringComparer.Ordinal)
    {
        "activeDeadlineSeconds", "dnsPolicy", "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "hostNetwork", "hostPID",
        "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "subdomain", "hostAliases", "dnsConfig", "readinessGates",
        "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates",
        "resourceClaims", "resources", "ephemeralContainers",
    };

    /// <summary>Valid Container fields the simulator does not model.</summary>
    private static readonly HashSet<string> IgnoredContainerFields = new(StringComparer.Ordinal)
    {
        "workingDir", "envFrom", "resizePolicy", "restartPolicy", "volumeDevices", "lifecycle", "terminationMessagePath",
        "terminationMessagePolicy", "securityContext", "stdin", "stdinOnce", "tty",
    };

    /// <summary>Volume sources (core/v1 VolumeSource); the simulator keeps only which one a volume uses.</summary>
    private static readonly HashSet<string> VolumeSources = new(StringComparer.Ordinal)
    {
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
        "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
        "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
        "ephemeral", "image",
    };

    private static readonly string[] ProbeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"];

    private static KubeObject DecodePod(Context c, YamlMappingNode root, string apiVersion)
    {
        var pod = new Pod();
        foreach (var f in c.R.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, pod.Metadata))
            {
                continue;
            }

            switch (f.Key)
            {
                case "spec":
                    DecodePodSpec(c, f.Value, f.Path, pod.Spec);
                    break;
                case "status":
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return pod;
    }

    private static void DecodePodSpec(Context c, YamlNode node, string path, PodSpec spec)
    {
        var r = c.R;
        foreach (var f in r.Fields(node, path))
        {
            switch (f.Key)
            {
                case "containers":
                    spec.Containers = DecodeContainers(c, f);
                    break;
                case "initContainers":
                    spec.InitContainers = DecodeContainers(c, f);
                    break;
                case "restartPolicy":
                    spec.RestartPolicy = r.OptionalString(f.Value, f.Path) ?? "Always";
                    break;
                case "terminationGracePeriodSeconds":
                    if (r.Int64(f.Value, f.Path, out long grace))
                    {
                        spec.TerminationGracePeriodSeconds = grace;
                    }

                    break;
                case "nodeSelector":
                    spec.NodeSelector = r.StringMap(f.Value, f.Path);
                    break;
                case "nodeName":
                    spec.NodeName = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "schedulerName":
                    spec.SchedulerName = r.OptionalString(f.Value, f.Path) ?? "default-scheduler";
                    break;
                case "priority":
                    if (r.Int32(f.Value, f.Path, out int priority))
                    {
                        spec.Priority = priority;
                    }

                    break;
                case "priorityClassName":
                    spec.PriorityClassName = r.OptionalString(f.Value, f.Path);
                    break;
                case "hostname":
                    spec.Hostname = r.OptionalString(f.Value, f.Path);
                    break;
                case "affinity":
                    spec.Affinity = DecodeAffinity(c, f);
                    break;
                case "tolerations":
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        spec.Tolerations.Add(DecodeToleration(c, item));
                    }

                    break;
                case "topologySpreadConstraints":
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        spec.TopologySpreadConstraints.Add(DecodeSpreadConstraint(c, item));
                    }

                    break;
                case "volumes":
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        spec.Volumes.Add(DecodeVolume(c, item));
                    }

                    break;
                default:
                    if (IgnoredPodSpecFields.Contains(f.Key))
                    {
                        c.Ignore(f);
                    }
                    else
                    {
                        c.Unknown(f);
                    }

                    break;
            }
        }
    }

    private static List<Container> DecodeContainers(Context c, YamlField field)
    {
        var result = new List<Container>();
        foreach (var item in c.R.Items(field.Value, field.Path))
        {
            result.Add(DecodeContainer(c, item));
        }

        return result;
    }

    private static Container DecodeContainer(Context c, YamlItem item)
    {
        var r = c.R;
        var container = new Container();
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "name":
                    container.Name = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "image":
                    container.Image = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "imagePullPolicy":
                    container.ImagePullPolicy = r.OptionalString(f.Value, f.Path) ?? "";
                    if (container.ImagePullPolicy is not ("" or "Always" or "IfNotPresent" or "Never"))
                    {
                        c.FieldErrors.Add(new FieldError(f.Path, $"Unsupported value: \"{container.ImagePullPolicy}\": supported values: \"Always\", \"IfNotPresent\", \"Never\""));
                    }

                    break;
                case "command":
                    container.Command = r.StringList(f.Value, f.Path);
                    break;
                case "args":
                    container.Args = r.StringList(f.Value, f.Path);
                    break;
                case "ports":
                    foreach (var p in r.Items(f.Value, f.Path))
                    {
                        container.Ports.Add(DecodeContainerPort(c, p));
                    }

                    break;
                case "env":
                    foreach (var e in r.Items(f.Value, f.Path))
                    {
                        container.Env.Add(DecodeEnvVar(c, e));
                    }

                    break;
                case "resources":
                    foreach (var rf in r.Fields(f.Value, f.Path))
                    {
                        switch (rf.Key)
                        {
                            case "requests":
                                container.Resources.Requests = DecodeResourceList(c, rf.Value, rf.Path);
                                break;
                            case "limits":
                                container.Resources.Limits = DecodeResourceList(c, rf.Value, rf.Path);
                                break;
                            case "claims":
                                c.Ignore(rf);
                                break;
                            default:
                                c.Unknown(rf);
                                break;
                        }
                    }

                    break;
                case "readinessProbe":
                    container.ReadinessProbe = DecodeProbe(c, f);
                    break;
                case "livenessProbe":
                    container.LivenessProbe = DecodeProbe(c, f);
                    break;
                case "startupProbe":
                    container.StartupProbe = DecodeProbe(c, f);
                    break;
                case "volumeMounts":
                    foreach (var m in r.Items(f.Value, f.Path))
                    {
                        container.VolumeMounts.Add(DecodeVolumeMount(c, m));
                    }

                    break;
                default:
                    if (IgnoredContainerFields.Contains(f.Key))
                    {
                        c.Ignore(f);
                    }
                    else
                    {
                        c.Unknown(f);
                    }

                    break;
            }
        }

        return container;
    }

    private static ContainerPort DecodeContainerPort(Context c, YamlItem item)
    {
        var r = c.R;
        int port = 0;
        int? hostPort = null;
        string? name = null;
        string protocol = "TCP";
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "containerPort":
                    r.Int32(f.Value, f.Path, out port);
                    break;
                case "hostPort":
                    if (r.Int32(f.Value, f.Path, out int hp))
                    {
                        hostPort = hp;
                    }

                    break;
                case "name":
                    name = r.OptionalString(f.Value, f.Path);
                    break;
                case "protocol":
                    protocol = r.OptionalString(f.Value, f.Path) ?? "TCP";
                    break;
                case "hostIP":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (port is < 1 or > 65535)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".containerPort", port == 0 ? "Required value" : $"Invalid value: {port}: must be between 1 and 65535, inclusive"));
        }

        CheckProtocol(c, protocol, item.Path + ".protocol");
        return new ContainerPort(port, name, protocol, hostPort);
    }

    private static EnvVar DecodeEnvVar(Context c, YamlItem item)
    {
        var r = c.R;
        string name = "";
        string? value = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "name":
                    name = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "value":
                    value = r.OptionalString(f.Value, f.Path);
                    break;
                case "valueFrom":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (name.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".name", "Required value"));
        }

        return new EnvVar(name, value);
    }

    private static Probe? DecodeProbe(Context c, YamlField field)
    {
        if (YamlReader.IsNull(field.Value))
        {
            return null;
        }

        var r = c.R;
        var handlers = new List<string>();
        int initialDelay = 0, period = 10, timeout = 1, success = 1, failure = 3;
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "exec" or "httpGet" or "tcpSocket" or "grpc":
                    handlers.Add(f.Key);
                    break;
                case "initialDelaySeconds":
                    r.Int32(f.Value, f.Path, out initialDelay);
                    break;
                case "periodSeconds":
                    if (!r.Int32(f.Value, f.Path, out period))
                    {
                        period = 10;
                    }

                    break;
                case "timeoutSeconds":
                    if (!r.Int32(f.Value, f.Path, out timeout))
                    {
                        timeout = 1;
                    }

                    break;
                case "successThreshold":
                    if (!r.Int32(f.Value, f.Path, out success))
                    {
                        success = 1;
                    }

                    break;
                case "failureThreshold":
                    if (!r.Int32(f.Value, f.Path, out failure))
                    {
                        failure = 3;
                    }

                    break;
                case "terminationGracePeriodSeconds":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (handlers.Count == 0)
        {
            c.FieldErrors.Add(new FieldError(field.Path, "Required value: must specify a handler type"));
        }
        else if (handlers.Count > 1)
        {
            c.FieldErrors.Add(new FieldError(field.Path + "." + handlers[1], "Forbidden: may not specify more than 1 handler type"));
        }

        foreach (var (name, value, min) in new[] { ("initialDelaySeconds", initialDelay, 0), ("periodSeconds", period, 1), ("timeoutSeconds", timeout, 1), ("successThreshold", success, 1), ("failureThreshold", failure, 1) })
        {
            if (value < min)
            {
                c.FieldErrors.Add(new FieldError(field.Path + "." + name, $"Invalid value: {value}: must be greater than or equal to {min}"));
            }
        }

        return new Probe(handlers.Count > 0 ? handlers[0] : "", initialDelay, period, timeout, success, failure);
    }

    private static VolumeMount DecodeVolumeMount(Context c, YamlItem item)
    {
        var r = c.R;
        string name = "", mountPath = "";
        bool readOnly = false;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "name":
                    name = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "mountPath":
                    mountPath = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "readOnly":
                    r.Bool(f.Value, f.Path, out readOnly);
                    break;
                case "subPath" or "subPathExpr" or "mountPropagation" or "recursiveReadOnly":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return new VolumeMount(name, mountPath, readOnly);
    }

    private static Volume DecodeVolume(Context c, YamlItem item)
    {
        var r = c.R;
        string name = "";
        var types = new List<string>();
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            if (f.Key == "name")
            {
                name = r.OptionalString(f.Value, f.Path) ?? "";
            }
            else if (VolumeSources.Contains(f.Key))
            {
                types.Add(f.Key);
                c.Ignore(f);
            }
            else
            {
                c.Unknown(f);
            }
        }

        if (name.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".name", "Required value"));
        }

        if (types.Count > 1)
        {
            c.FieldErrors.Add(new FieldError(item.Path + "." + types[1], "Forbidden: may not specify more than 1 volume type"));
        }

        // SetDefaults_Volume: a volume without a source is an emptyDir.
        return new Volume(name, types.Count > 0 ? types[0] : "emptyDir");
    }

    private static Toleration DecodeToleration(Context c, YamlItem item)
    {
        var r = c.R;
        string? key = null, value = null, effect = null;
        string op = "Equal";
        long? seconds = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "key":
                    key = r.OptionalString(f.Value, f.Path);
                    break;
                case "operator":
                    op = r.OptionalString(f.Value, f.Path) ?? "Equal";
                    break;
                case "value":
                    value = r.OptionalString(f.Value, f.Path);
                    break;
                case "effect":
                    effect = r.OptionalString(f.Value, f.Path);
                    break;
                case "tolerationSeconds":
                    if (r.Int64(f.Value, f.Path, out long s))
                    {
                        seconds = s;
                    }

                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (op is not ("Equal" or "Exists"))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".operator", $"Unsupported value: \"{op}\": supported values: \"Equal\", \"Exists\""));
        }
        else if (op == "Exists" && !string.IsNullOrEmpty(value))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".operator", $"Invalid value: \"{value}\": value must be empty when `operator` is 'Exists'"));
        }

        if (effect is not (null or "" or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".effect", $"Unsupported value: \"{effect}\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""));
        }

        return new Toleration(key, op, value, effect, seconds);
    }

    private static TopologySpreadConstraint DecodeSpreadConstraint(Context c, YamlItem item)
    {
        var r = c.R;
        int maxSkew = 0;
        string topologyKey = "", when = "";
        LabelSelector? selector = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "maxSkew":
                    r.Int32(f.Value, f.Path, out maxSkew);
                    break;
                case "topologyKey":
                    topologyKey = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "whenUnsatisfiable":
                    when = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "labelSelector":
                    selector = YamlReader.IsNull(f.Value) ? null : DecodeLabelSelector(c, f.Value, f.Path);
                    break;
                case "minDomains" or "nodeAffinityPolicy" or "nodeTaintsPolicy" or "matchLabelKeys":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (maxSkew < 1)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".maxSkew", $"Invalid value: {maxSkew}: must be greater than zero"));
        }

        if (topologyKey.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".topologyKey", "Required value: can not be empty"));
        }

        if (when is not ("DoNotSchedule" or "ScheduleAnyway"))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".whenUnsatisfiable", $"Unsupported value: \"{when}\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""));
        }

        return new TopologySpreadConstraint(maxSkew, topologyKey, when, selector);
    }

    private static Affinity? DecodeAffinity(Context c, YamlField field)
    {
        var r = c.R;
        NodeAffinity? nodeAffinity = null;
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "nodeAffinity":
                    NodeSelector? required = null;
                    var preferred = new List<PreferredSchedulingTerm>();
                    foreach (var a in r.Fields(f.Value, f.Path))
                    {
                        switch (a.Key)
                        {
                            case "requiredDuringSchedulingIgnoredDuringExecution":
                                var terms = new List<NodeSelectorTerm>();
                                foreach (var t in r.Fields(a.Value, a.Path))
                                {
                                    if (t.Key != "nodeSelectorTerms")
                                    {
                                        c.Unknown(t);
                                        continue;
                                    }

                                    foreach (var item in r.Items(t.Value, t.Path))
                                    {
                                        terms.Add(DecodeNodeSelectorTerm(c, item.Node, item.Path));
                                    }
                                }

                                required = new NodeSelector(terms);
                                break;
                            case "preferredDuringSchedulingIgnoredDuringExecution":
                                foreach (var item in r.Items(a.Value, a.Path))
                                {
                                    int weight = 0;
                                    NodeSelectorTerm preference = new([], []);
                                    foreach (var pf in r.Fields(item.Node, item.Path))
                                    {
                                        switch (pf.Key)
                                        {
                                            case "weight":
                                                r.Int32(pf.Value, pf.Path, out weight);
                                                break;
                                            case "preference":
                                                preference = DecodeNodeSelectorTerm(c, pf.Value, pf.Path);
                                                break;
                                            default:
                                                c.Unknown(pf);
                                                break;
                                        }
                                    }

                                    if (weight is < 1 or > 100)
                                    {
                                        c.FieldErrors.Add(new FieldError(item.Path + ".weight", $"Invalid value: {weight}: must be in the range 1-100"));
                                    }

                                    preferred.Add(new PreferredSchedulingTerm(weight, preference));
                                }

                                break;
                            default:
                                c.Unknown(a);
                                break;
                        }
                    }

                    nodeAffinity = new NodeAffinity(required, preferred);
                    break;
                case "podAffinity" or "podAntiAffinity":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return new Affinity(nodeAffinity);
    }

    private static NodeSelectorTerm DecodeNodeSelectorTerm(Context c, YamlNode node, string path)
    {
        var r = c.R;
        var expressions = new List<NodeSelectorRequirement>();
        var fields = new List<NodeSelectorRequirement>();
        foreach (var f in r.Fields(node, path))
        {
            switch (f.Key)
            {
                case "matchExpressions" or "matchFields":
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        var (key, op, values) = DecodeRequirement(c, item);
                        if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist" or "Gt" or "Lt"))
                        {
                            c.FieldErrors.Add(new FieldError(item.Path + ".operator", $"Invalid value: \"{op}\": not a valid selector operator"));
                        }

                        (f.Key == "matchExpressions" ? expressions : fields).Add(new NodeSelectorRequirement(key, op, values));
                    }

                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return new NodeSelectorTerm(expressions, fields);
    }
}
