using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.YamlNode;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// The -o yaml form of the objects the simulator stores: the fields it models, under their Kubernetes
/// JSON names, with the API server's defaults for fields it does not store (Service IP families and
/// traffic policies, the Namespace finalizer). Go's omitempty is followed: unset optional fields are left out.
/// </summary>
internal static partial class ObjectYaml
{
    public static Map Of(ClusterView view, KubeObject obj)
    {
        var root = new Map()
            .Set("apiVersion", Str(ApiResources.Of(obj).GroupVersion))
            .Set("kind", Str(obj.Kind))
            .Set("metadata", Metadata(view, obj.Metadata, obj.Namespaced));
        switch (obj)
        {
            case Pod pod:
                root.Set("spec", PodSpec(pod.Spec)).Set("status", PodStatus(view, pod.Status));
                break;
            case Node node:
                root.Set("spec", NodeSpec(view, node.Spec)).Set("status", NodeStatus(view, node.Status));
                break;
            case ReplicationController rc:
                {
                    root.Set("metadata", Metadata(view, rc.Metadata, true).Set("generation", Int(rc.Metadata.Generation)));
                    var spec = ReplicatedSpec(rc);
                    spec.SetStrings("selector", rc.Selector);
                    root.Set("spec", spec).Set("status", ReplicatedStatus(view, rc.Status));
                    break;
                }

            case ReplicaSet rs:
                {
                    root.Set("metadata", Metadata(view, rs.Metadata, true).Set("generation", Int(rs.Metadata.Generation)));
                    var spec = ReplicatedSpec(rs);
                    if (rs.Selector is not null)
                    {
                        spec.Set("selector", LabelSelector(rs.Selector));
                    }

                    root.Set("spec", spec).Set("status", ReplicatedStatus(view, rs.Status));
                    break;
                }

            case Deployment d:
                root.Set("metadata", Metadata(view, d.Metadata, true).Set("generation", Int(d.Metadata.Generation)))
                    .Set("spec", DeploymentSpec(d))
                    .Set("status", DeploymentStatus(view, d.Status));
                break;
            case Service svc:
                root.Set("spec", ServiceSpec(svc.Spec)).Set("status", new Map().Set("loadBalancer", new Map()));
                break;
            case Endpoints ep:
                root.SetSeq("subsets", ep.Subsets.Select(s => EndpointSubset(ep.Metadata.Namespace, s)));
                break;
            case Namespace ns:
                root.Set("spec", new Map().Set("finalizers", new Seq([Str("kubernetes")])))
                    .Set("status", new Map().Set("phase", Str(ns.Phase)));
                break;
            case HorizontalPodAutoscaler hpa:
                SetHorizontalPodAutoscaler(view, root, hpa);
                break;
            case PodDisruptionBudget pdb:
                SetPodDisruptionBudget(view, root, pdb);
                break;
            case ConfigMap cm:
                SetConfigMap(root, cm);
                break;
            case PriorityClass pc:
                SetPriorityClass(root, pc);
                break;
            case KeptObject kept:
                SetKept(view, root, kept);
                break;
        }

        return root;
    }

    /// <summary>A core/v1 Event as the API server would serve it.</summary>
    public static Map Of(ClusterView view, KubeEvent e, string name, string ns)
    {
        var involved = new Map()
            .Set("apiVersion", Str(ApiResources.Find(e.InvolvedKind)?.GroupVersion ?? "v1"))
            .Set("kind", Str(e.InvolvedKind))
            .Set("name", Str(e.InvolvedName))
            .SetString("namespace", e.InvolvedNamespace)
            .SetString("uid", e.InvolvedUid);
        var source = new Map().SetString("component", e.Source).SetString("host", e.Host);
        return new Map()
            .Set("apiVersion", Str("v1"))
            .Set("count", Int(e.Count))
            .Set("eventTime", Null())
            .Set("firstTimestamp", Str(KubectlFormat.Rfc3339(view, e.FirstTimestamp)))
            .Set("involvedObject", involved)
            .Set("kind", Str("Event"))
            .Set("lastTimestamp", Str(KubectlFormat.Rfc3339(view, e.LastTimestamp)))
            .Set("message", Str(e.Message))
            .Set("metadata", new Map()
                .Set("creationTimestamp", Str(KubectlFormat.Rfc3339(view, e.FirstTimestamp)))
                .Set("name", Str(name))
                .Set("namespace", Str(ns)))
            .Set("reason", Str(e.Reason))
            .Set("reportingComponent", Str(""))
            .Set("reportingInstance", Str(""))
            .Set("source", source)
            .Set("type", Str(e.Type));
    }

    private static Map Metadata(ClusterView view, ObjectMeta meta, bool namespaced)
    {
        var m = new Map()
            .SetStrings("annotations", meta.Annotations)
            .Set("creationTimestamp", Str(KubectlFormat.Rfc3339(view, meta.CreationTimestamp)))
            .SetString("generateName", meta.GenerateName)
            .SetStrings("labels", meta.Labels)
            .Set("name", Str(meta.Name))
            .SetSeq("ownerReferences", meta.OwnerReferences.Select(o => new Map()
                .Set("apiVersion", Str(o.ApiVersion))
                .Set("blockOwnerDeletion", Bool(o.BlockOwnerDeletion))
                .Set("controller", Bool(o.Controller))
                .Set("kind", Str(o.Kind))
                .Set("name", Str(o.Name))
                .Set("uid", Str(o.Uid))))
            .Set("resourceVersion", Str(KubectlFormat.Int(meta.ResourceVersion)))
            .Set("uid", Str(meta.Uid));
        if (namespaced)
        {
            m.Set("namespace", Str(meta.Namespace));
        }

        if (meta.DeletionTimestamp is { } deleted)
        {
            m.Set("deletionTimestamp", Str(KubectlFormat.Rfc3339(view, deleted)));
        }

        if (meta.DeletionGracePeriodSeconds is { } grace)
        {
            m.Set("deletionGracePeriodSeconds", Int(grace));
        }

        return m;
    }

    private static Map ReplicatedSpec(ReplicatedSet set)
    {
        var spec = new Map().Set("replicas", Int(set.Replicas)).Set("template", new Map()
            .Set("metadata", TemplateMetadata(set.Template.Metadata))
            .Set("spec", PodSpec(set.Template.Spec)));
        if (set.MinReadySeconds != 0)
        {
            spec.Set("minReadySeconds", Int(set.MinReadySeconds));
        }

        return spec;
    }

    /// <summary>A pod template as served (metadata and spec).</summary>
    public static Map Template(PodTemplateSpec template) => new Map()
        .Set("metadata", TemplateMetadata(template.Metadata))
        .Set("spec", PodSpec(template.Spec));

    /// <summary>The apps/v1 form: fields still unset (not defaulted yet) are left out.</summary>
    private static Map DeploymentSpec(Deployment d)
    {
        var strategy = new Map().Set("type", Str(d.Strategy.Type));
        if (d.Strategy.RollingUpdate is { } ru)
        {
            var rolling = new Map();
            if (ru.MaxSurge is { } surge)
            {
                rolling.Set("maxSurge", IntOrStr(surge));
            }

            if (ru.MaxUnavailable is { } unavailable)
            {
                rolling.Set("maxUnavailable", IntOrStr(unavailable));
            }

            strategy.Set("rollingUpdate", rolling);
        }

        var spec = new Map()
            .Set("replicas", Int(d.Replicas))
            .Set("strategy", strategy)
            .Set("template", Template(d.Template));
        if (d.Selector is not null)
        {
            spec.Set("selector", LabelSelector(d.Selector));
        }

        if (d.MinReadySeconds != 0)
        {
            spec.Set("minReadySeconds", Int(d.MinReadySeconds));
        }

        if (d.Paused)
        {
            spec.Set("paused", Bool(true));
        }

        if (d.ProgressDeadlineSeconds is { } deadline)
        {
            spec.Set("progressDeadlineSeconds", Int(deadline));
        }

        if (d.RevisionHistoryLimit is { } limit)
        {
            spec.Set("revisionHistoryLimit", Int(limit));
        }

        return spec;
    }

    private static YamlNode IntOrStr(IntOrString value) => value.IsString ? Str(value.StringValue!) : Int(value.IntValue);

    private static Map DeploymentStatus(ClusterView view, DeploymentStatus status)
    {
        var m = new Map();
        SetNonZero(m, "availableReplicas", status.AvailableReplicas);
        SetNonZero(m, "observedGeneration", status.ObservedGeneration);
        SetNonZero(m, "readyReplicas", status.ReadyReplicas);
        SetNonZero(m, "replicas", status.Replicas);
        SetNonZero(m, "unavailableReplicas", status.UnavailableReplicas);
        SetNonZero(m, "updatedReplicas", status.UpdatedReplicas);
        if (status.CollisionCount is { } collisions)
        {
            m.Set("collisionCount", Int(collisions));
        }

        m.SetSeq("conditions", status.Conditions.Select(c => new Map()
            .Set("lastTransitionTime", Str(KubectlFormat.Rfc3339(view, c.LastTransitionTime)))
            .Set("lastUpdateTime", Str(KubectlFormat.Rfc3339(view, c.LastUpdateTime)))
            .SetString("message", c.Message)
            .SetString("reason", c.Reason)
            .Set("status", Str(c.Status))
            .Set("type", Str(c.Type))));
        return m;
    }

    private static Map TemplateMetadata(ObjectMeta meta) => new Map()
        .SetStrings("annotations", meta.Annotations)
        .Set("creationTimestamp", Null())
        .SetStrings("labels", meta.Labels)
        .SetString("name", meta.Name);

    private static Map ReplicatedStatus(ClusterView view, ReplicaSetStatus status)
    {
        var m = new Map().Set("replicas", Int(status.Replicas));
        SetNonZero(m, "availableReplicas", status.AvailableReplicas);
        SetNonZero(m, "fullyLabeledReplicas", status.FullyLabeledReplicas);
        SetNonZero(m, "observedGeneration", status.ObservedGeneration);
        SetNonZero(m, "readyReplicas", status.ReadyReplicas);
        m.SetSeq("conditions", status.Conditions.Select(c => new Map()
            .Set("lastTransitionTime", Str(KubectlFormat.Rfc3339(view, c.LastTransitionTime)))
            .SetString("message", c.Message)
            .SetString("reason", c.Reason)
            .Set("status", Str(c.Status))
            .Set("type", Str(c.Type))));
        return m;
    }

    private static Map LabelSelector(LabelSelector selector) => new Map()
        .SetStrings("matchLabels", selector.MatchLabels)
        .SetSeq("matchExpressions", selector.MatchExpressions.Select(r => new Map()
            .Set("key", Str(r.Key))
            .Set("operator", Str(r.Operator))
            .SetSeq("values", r.Values.Select(Str))));

    private static Map PodSpec(PodSpec spec)
    {
        var m = new Map()
            .SetSeq("containers", spec.Containers.Select(Container))
            .SetSeq("initContainers", spec.InitContainers.Select(Container))
            .SetString("nodeName", spec.NodeName)
            .SetStrings("nodeSelector", spec.NodeSelector)
            .SetString("hostname", spec.Hostname)
            .SetString("preemptionPolicy", spec.PreemptionPolicy)
            .SetString("priorityClassName", spec.PriorityClassName)
            .Set("restartPolicy", Str(spec.RestartPolicy))
            .Set("schedulerName", Str(spec.SchedulerName))
            .Set("terminationGracePeriodSeconds", Int(spec.TerminationGracePeriodSeconds))
            .SetSeq("tolerations", spec.Tolerations.Select(Toleration))
            .SetSeq("topologySpreadConstraints", spec.TopologySpreadConstraints.Select(t =>
            {
                var c = new Map()
                    .Set("maxSkew", Int(t.MaxSkew))
                    .Set("topologyKey", Str(t.TopologyKey))
                    .Set("whenUnsatisfiable", Str(t.WhenUnsatisfiable));
                return t.LabelSelector is null ? c : c.Set("labelSelector", LabelSelector(t.LabelSelector));
            }))
            .SetSeq("volumes", spec.Volumes.Select(v => new Map()
                .Set("name", Str(v.Name))
                .Set(VolumeSourceKey(v.Type), new Map())));
        if (spec.Priority is { } priority)
        {
            m.Set("priority", Int(priority));
        }

        if (spec.Affinity is { } affinity)
        {
            var a = new Map();
            if (affinity.NodeAffinity is { } na)
            {
                a.Set("nodeAffinity", NodeAffinity(na));
            }

            if (affinity.PodAffinity is { } pa)
            {
                a.Set("podAffinity", PodAffinityTerms(pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution));
            }

            if (affinity.PodAntiAffinity is { } anti)
            {
                a.Set("podAntiAffinity", PodAffinityTerms(anti.RequiredDuringSchedulingIgnoredDuringExecution, anti.PreferredDuringSchedulingIgnoredDuringExecution));
            }

            m.Set("affinity", a);
        }

        return m;
    }

    /// <summary>A podAffinity or podAntiAffinity (core/v1 PodAffinity, PodAntiAffinity): its required and weighted terms.</summary>
    private static Map PodAffinityTerms(IReadOnlyList<PodAffinityTerm> required, IReadOnlyList<WeightedPodAffinityTerm> preferred) => new Map()
        .SetSeq("preferredDuringSchedulingIgnoredDuringExecution", preferred.Select(p => new Map().Set("podAffinityTerm", PodAffinityTerm(p.PodAffinityTerm)).Set("weight", Int(p.Weight))))
        .SetSeq("requiredDuringSchedulingIgnoredDuringExecution", required.Select(PodAffinityTerm));

    /// <summary>A core/v1 PodAffinityTerm; an empty namespace selector prints as {} (it selects every namespace).</summary>
    private static Map PodAffinityTerm(PodAffinityTerm term)
    {
        var m = new Map()
            .SetSeq("matchLabelKeys", term.MatchLabelKeys.Select(Str))
            .SetSeq("mismatchLabelKeys", term.MismatchLabelKeys.Select(Str))
            .SetSeq("namespaces", term.Namespaces.Select(Str))
            .SetString("topologyKey", term.TopologyKey);
        if (term.LabelSelector is { } selector)
        {
            m.Set("labelSelector", LabelSelector(selector));
        }

        if (term.NamespaceSelector is { } namespaces)
        {
            m.Set("namespaceSelector", LabelSelector(namespaces));
        }

        return m;
    }

    private static Map NodeAffinity(NodeAffinity na)
    {
        var m = new Map().SetSeq("preferredDuringSchedulingIgnoredDuringExecution", na.PreferredDuringSchedulingIgnoredDuringExecution
            .Select(p => new Map().Set("preference", NodeSelectorTerm(p.Preference)).Set("weight", Int(p.Weight))));
        if (na.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
        {
            m.Set("requiredDuringSchedulingIgnoredDuringExecution", new Map()
                .Set("nodeSelectorTerms", new Seq(required.NodeSelectorTerms.Select(NodeSelectorTerm))));
        }

        return m;
    }

    private static Map NodeSelectorTerm(NodeSelectorTerm term)
    {
        static Map Requirement(NodeSelectorRequirement r) => new Map()
            .Set("key", Str(r.Key))
            .Set("operator", Str(r.Operator))
            .SetSeq("values", r.Values.Select(Str));
        return new Map()
            .SetSeq("matchExpressions", term.MatchExpressions.Select(Requirement))
            .SetSeq("matchFields", term.MatchFields.Select(Requirement));
    }

    /// <summary>"EmptyDir" or "emptyDir" to the volume source field name "emptyDir".</summary>
    private static string VolumeSourceKey(string type) =>
        type.Length == 0 ? "emptyDir" : char.ToLowerInvariant(type[0]) + type[1..];

    private static Map Toleration(Toleration t)
    {
        var m = new Map()
            .SetString("effect", t.Effect)
            .SetString("key", t.Key)
            .SetString("operator", t.Operator)
            .SetString("value", t.Value);
        if (t.TolerationSeconds is { } seconds)
        {
            m.Set("tolerationSeconds", Int(seconds));
        }

        return m;
    }

    private static Map Container(Container c)
    {
        var m = new Map()
            .SetSeq("args", c.Args.Select(Str))
            .SetSeq("command", c.Command.Select(Str))
            .SetSeq("env", c.Env.Select(e => new Map().Set("name", Str(e.Name)).SetString("value", e.Value)))
            .Set("image", Str(c.Image))
            .SetString("imagePullPolicy", c.ImagePullPolicy)
            .Set("name", Str(c.Name))
            .SetSeq("ports", c.Ports.Select(p =>
            {
                var port = new Map().Set("containerPort", Int(p.Port)).SetString("name", p.Name).Set("protocol", Str(p.Protocol));
                return p.HostPort is { } host ? port.Set("hostPort", Int(host)) : port;
            }))
            .Set("resources", ContainerResources(c.Resources))
            .SetSeq("volumeMounts", c.VolumeMounts.Select(v =>
            {
                var mount = new Map().Set("mountPath", Str(v.MountPath)).Set("name", Str(v.Name));
                return v.ReadOnly ? mount.Set("readOnly", Bool(true)) : mount;
            }));
        SetProbe(m, "livenessProbe", c.LivenessProbe);
        SetProbe(m, "readinessProbe", c.ReadinessProbe);
        SetProbe(m, "startupProbe", c.StartupProbe);
        return m;
    }

    private static Map ContainerResources(ResourceRequirements resources)
    {
        var m = new Map();
        if (resources.Limits.Count > 0)
        {
            m.Set("limits", Resources(resources.Limits));
        }

        if (resources.Requests.Count > 0)
        {
            m.Set("requests", Resources(resources.Requests));
        }

        return m;
    }

    private static YamlNode Resources(IReadOnlyDictionary<string, Quantity> list)
    {
        var m = new Map();
        foreach (var (name, q) in list)
        {
            m.Set(name, Str(ResourceMath.Format(q)));
        }

        return m;
    }

    /// <summary>
    /// A probe's timing fields, and its handler when <see cref="Probe.Handler"/> is written as describe
    /// prints it ("http-get http://:8080/healthz", "tcp-socket :3306", "exec [cat /tmp/ready]").
    /// </summary>
    private static void SetProbe(Map container, string key, Probe? probe)
    {
        if (probe is null)
        {
            return;
        }

        var m = new Map()
            .Set("failureThreshold", Int(probe.FailureThreshold))
            .Set("periodSeconds", Int(probe.PeriodSeconds))
            .Set("successThreshold", Int(probe.SuccessThreshold))
            .Set("timeoutSeconds", Int(probe.TimeoutSeconds));
        if (probe.InitialDelaySeconds != 0)
        {
            m.Set("initialDelaySeconds", Int(probe.InitialDelaySeconds));
        }

        var handler = probe.Handler.Trim();
        if (handler.StartsWith("http-get ", StringComparison.Ordinal) && Uri.TryCreate(handler[9..].Trim(), UriKind.Absolute, out var uri))
        {
            m.Set("httpGet", new Map()
                .Set("path", Str(uri.AbsolutePath))
                .Set("port", Int(uri.Port))
                .Set("scheme", Str(uri.Scheme.ToUpperInvariant())));
        }
        else if (handler.StartsWith("tcp-socket ", StringComparison.Ordinal))
        {
            var target = handler[11..].Trim();
            var port = target[(target.LastIndexOf(':') + 1)..];
            m.Set("tcpSocket", new Map().Set("port", int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? Int(n) : Str(port)));
        }
        else if (handler.StartsWith("exec [", StringComparison.Ordinal) && handler.EndsWith(']'))
        {
            var words = handler[6..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            m.Set("exec", new Map().Set("command", new Seq(words.Select(Str))));
        }

        container.Set(key, m);
    }

    private static Map PodStatus(ClusterView view, PodStatus status)
    {
        var m = new Map()
            .SetSeq("conditions", status.Conditions.Select(c => new Map()
                .Set("lastProbeTime", c.LastProbeTime is { } probed ? Str(KubectlFormat.Rfc3339(view, probed)) : Null())
                .Set("lastTransitionTime", Str(KubectlFormat.Rfc3339(view, c.LastTransitionTime)))
                .SetString("message", c.Message)
                .SetString("reason", c.Reason)
                .Set("status", Str(c.Status))
                .Set("type", Str(c.Type))))
            .SetSeq("containerStatuses", status.ContainerStatuses.Select(cs => new Map()
                .SetString("containerID", cs.ContainerId)
                .Set("image", Str(cs.Image))
                .Set("imageID", Str(cs.ImageId))
                .Set("lastState", cs.LastTerminationState is { } last ? ContainerState(view, last) : new Map())
                .Set("name", Str(cs.Name))
                .Set("ready", Bool(cs.Ready))
                .Set("restartCount", Int(cs.RestartCount))
                .Set("started", Bool(cs.Started))
                .Set("state", ContainerState(view, cs.State))))
            .SetString("hostIP", status.HostIP)
            .SetString("message", status.Message)
            .SetString("nominatedNodeName", status.NominatedNodeName)
            .Set("phase", Str(status.Phase))
            .SetString("podIP", status.PodIP)
            .Set("qosClass", Str(status.QosClass))
            .SetString("reason", status.Reason);
        if (status.HostIP.Length > 0)
        {
            m.Set("hostIPs", new Seq([new Map().Set("ip", Str(status.HostIP))]));
        }

        if (status.PodIP.Length > 0)
        {
            m.Set("podIPs", new Seq([new Map().Set("ip", Str(status.PodIP))]));
        }

        if (status.StartTime is { } started)
        {
            m.Set("startTime", Str(KubectlFormat.Rfc3339(view, started)));
        }

        return m;
    }

    private static Map ContainerState(ClusterView view, ContainerState state)
    {
        var detail = new Map();
        switch (state.Kind)
        {
            case Sim.Api.ContainerState.RunningKind:
                detail.Set("startedAt", state.StartedAt is { } s ? Str(KubectlFormat.Rfc3339(view, s)) : Null());
                return new Map().Set("running", detail);
            case Sim.Api.ContainerState.TerminatedKind:
                detail.Set("exitCode", Int(state.ExitCode))
                    .Set("finishedAt", state.FinishedAt is { } f ? Str(KubectlFormat.Rfc3339(view, f)) : Null())
                    .SetString("message", state.Message)
                    .SetString("reason", state.Reason)
                    .Set("startedAt", state.StartedAt is { } st ? Str(KubectlFormat.Rfc3339(view, st)) : Null());
                return new Map().Set("terminated", detail);
            default:
                detail.SetString("message", state.Message).SetString("reason", state.Reason);
                return new Map().Set("waiting", detail);
        }
    }

    private static Map NodeSpec(ClusterView view, NodeSpec spec)
    {
        var m = new Map()
            .SetString("podCIDR", spec.PodCidr)
            .SetString("providerID", spec.ProviderId)
            .SetSeq("taints", spec.Taints.Select(t =>
            {
                var taint = new Map().Set("effect", Str(t.Effect)).Set("key", Str(t.Key)).SetString("value", t.Value);
                return t.TimeAdded is { } added ? taint.Set("timeAdded", Str(KubectlFormat.Rfc3339(view, added))) : taint;
            }));
        if (spec.PodCidr.Length > 0)
        {
            m.Set("podCIDRs", new Seq([Str(spec.PodCidr)]));
        }

        if (spec.Unschedulable)
        {
            m.Set("unschedulable", Bool(true));
        }

        return m;
    }

    private static Map NodeStatus(ClusterView view, NodeStatus status)
    {
        var info = status.NodeInfo;
        return new Map()
            .SetSeq("addresses", status.Addresses.Select(a => new Map().Set("address", Str(a.Address)).Set("type", Str(a.Type))))
            .Set("allocatable", Resources(status.Allocatable))
            .Set("capacity", Resources(status.Capacity))
            .SetSeq("conditions", status.Conditions.Select(c => new Map()
                .Set("lastHeartbeatTime", Str(KubectlFormat.Rfc3339(view, c.LastHeartbeatTime)))
                .Set("lastTransitionTime", Str(KubectlFormat.Rfc3339(view, c.LastTransitionTime)))
                .SetString("message", c.Message)
                .SetString("reason", c.Reason)
                .Set("status", Str(c.Status))
                .Set("type", Str(c.Type))))
            .SetSeq("images", status.Images.Select(i => new Map()
                .Set("names", new Seq(i.Names.Select(Str)))
                .Set("sizeBytes", Int(i.SizeBytes))))
            .Set("nodeInfo", new Map()
                .Set("architecture", Str(info.Architecture))
                .Set("bootID", Str(info.BootId))
                .Set("containerRuntimeVersion", Str(info.ContainerRuntimeVersion))
                .Set("kernelVersion", Str(info.KernelVersion))
                .Set("kubeProxyVersion", Str(info.KubeProxyVersion))
                .Set("kubeletVersion", Str(info.KubeletVersion))
                .Set("machineID", Str(info.MachineId))
                .Set("operatingSystem", Str(info.OperatingSystem))
                .Set("osImage", Str(info.OsImage))
                .Set("systemUUID", Str(info.SystemUuid)));
    }

    private static Map ServiceSpec(ServiceSpec spec)
    {
        var m = new Map()
            .SetSeq("externalIPs", spec.ExternalIPs.Select(Str))
            .SetString("externalName", spec.ExternalName)
            .SetSeq("ports", spec.Ports.Select(p =>
            {
                var port = new Map()
                    .SetString("name", p.Name)
                    .Set("port", Int(p.Port))
                    .Set("protocol", Str(p.Protocol))
                    .Set("targetPort", p.TargetPort.IsString ? Str(p.TargetPort.StringValue!) : Int(p.TargetPort.IntValue));
                return p.NodePort != 0 ? port.Set("nodePort", Int(p.NodePort)) : port;
            }))
            .SetStrings("selector", spec.Selector)
            .Set("sessionAffinity", Str(spec.SessionAffinity))
            .Set("type", Str(spec.Type));
        if (spec.Type != "ExternalName")
        {
            m.Set("internalTrafficPolicy", Str("Cluster"))
                .Set("ipFamilies", new Seq([Str("IPv4")]))
                .Set("ipFamilyPolicy", Str("SingleStack"));
            if (spec.ClusterIP.Length > 0)
            {
                m.Set("clusterIP", Str(spec.ClusterIP)).Set("clusterIPs", new Seq([Str(spec.ClusterIP)]));
            }
        }

        if (spec.Type is "NodePort" or "LoadBalancer")
        {
            m.Set("externalTrafficPolicy", Str("Cluster"));
        }

        return m;
    }

    private static Map EndpointSubset(string ns, EndpointSubset subset)
    {
        Map Address(EndpointAddress a)
        {
            var m = new Map().Set("ip", Str(a.Ip)).SetString("nodeName", a.NodeName);
            return a.TargetPodName is { } pod
                ? m.Set("targetRef", new Map().Set("kind", Str("Pod")).Set("name", Str(pod)).Set("namespace", Str(ns)))
                : m;
        }

        return new Map()
            .SetSeq("addresses", subset.Addresses.Select(Address))
            .SetSeq("notReadyAddresses", subset.NotReadyAddresses.Select(Address))
            .SetSeq("ports", subset.Ports.Select(p => new Map()
                .SetString("name", p.Name)
                .Set("port", Int(p.Port))
                .Set("protocol", Str(p.Protocol))));
    }

    private static void SetNonZero(Map m, string key, long value)
    {
        if (value != 0)
        {
            m.Set(key, Int(value));
        }
    }
}
