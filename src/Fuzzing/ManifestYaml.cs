using ClusterSim.Sim.Api;
using static ClusterSim.Fuzzing.YamlTree;

namespace ClusterSim.Fuzzing;

/// <summary>
/// Writes a decoded manifest back as a manifest the scenario loader accepts (apply-ready: no status, uid or
/// timestamps), for the kinds scenarios create: Namespace, Pod, ReplicationController, ReplicaSet, Deployment,
/// Service and HorizontalPodAutoscaler. The simulator's kubectl -o yaml printer (ObjectYaml) is not reused: it
/// prints served objects (status, uids, creation times, server defaults) that a manifest must not carry.
/// Every modelled field is written; fields the decoder kept as unknown are lost, and a modelled field this
/// writer cannot express (volumes, affinity, spread constraints, init containers) throws rather than being
/// dropped silently, because a scenario that loses them would not replay the same run.
/// </summary>
public static class ManifestYaml
{
    /// <summary>The manifest of <paramref name="obj"/>.</summary>
    /// <exception cref="NotSupportedException">A kind or field this writer cannot express.</exception>
    public static YamlMap Of(KubeObject obj)
    {
        var root = new YamlMap().Add("apiVersion", Str(obj.ApiVersion)).Add("kind", Str(obj.Kind)).Add("metadata", Metadata(obj.Metadata));
        switch (obj)
        {
            case Namespace:
                break;
            case Pod pod:
                root.Add("spec", PodSpec(pod.Spec));
                break;
            case ReplicationController rc:
                root.Add("spec", ReplicatedSpec(rc, rc.Selector.Count > 0 ? StringMap(rc.Selector) : null));
                break;
            case ReplicaSet rs:
                root.Add("spec", ReplicatedSpec(rs, rs.Selector is null ? null : LabelSelector(rs.Selector)));
                break;
            case Deployment d:
                root.Add("spec", DeploymentSpec(d));
                break;
            case Service svc:
                root.Add("spec", ServiceSpec(svc.Spec));
                break;
            case HorizontalPodAutoscaler hpa:
                return HorizontalPodAutoscalerYaml.Of(hpa, Metadata(hpa.Metadata));
            case PriorityClass pc:
                // scheduling.k8s.io/v1 has no spec: its fields are at the top level.
                root.Add("value", Int(pc.Value));
                if (pc.GlobalDefault)
                {
                    root.Add("globalDefault", Bool(true));
                }

                if (pc.PreemptionPolicy is { Length: > 0 } policy)
                {
                    root.Add("preemptionPolicy", Str(policy));
                }

                if (pc.Description.Length > 0)
                {
                    root.Add("description", Str(pc.Description));
                }

                break;
            default:
                throw new NotSupportedException($"cannot write a {obj.Kind} manifest ({obj})");
        }

        return root;
    }

    /// <summary>name, namespace (when set), labels, annotations.</summary>
    internal static YamlMap Metadata(ObjectMeta meta)
    {
        var m = new YamlMap();
        if (meta.Name.Length > 0)
        {
            m.Add("name", Str(meta.Name));
        }

        if (meta.GenerateName is { Length: > 0 } generate)
        {
            m.Add("generateName", Str(generate));
        }

        if (meta.Namespace.Length > 0)
        {
            m.Add("namespace", Str(meta.Namespace));
        }

        return m.AddStrings("labels", meta.Labels).AddStrings("annotations", meta.Annotations);
    }

    private static YamlMap StringMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        var m = new YamlMap();
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            m.Add(k, Str(v));
        }

        return m;
    }

    private static YamlMap ReplicatedSpec(ReplicatedSet set, YamlMap? selector)
    {
        var spec = new YamlMap().Add("replicas", Int(set.Replicas));
        if (set.MinReadySeconds != 0)
        {
            spec.Add("minReadySeconds", Int(set.MinReadySeconds));
        }

        return spec.AddIf("selector", selector).Add("template", Template(set.Template));
    }

    private static YamlMap DeploymentSpec(Deployment d)
    {
        var strategy = new YamlMap().Add("type", Str(d.Strategy.Type));
        if (d.Strategy.RollingUpdate is { } ru)
        {
            var rolling = new YamlMap();
            if (ru.MaxSurge is { } surge)
            {
                rolling.Add("maxSurge", IntOrStr(surge));
            }

            if (ru.MaxUnavailable is { } unavailable)
            {
                rolling.Add("maxUnavailable", IntOrStr(unavailable));
            }

            strategy.Add("rollingUpdate", rolling);
        }

        var spec = new YamlMap().Add("replicas", Int(d.Replicas));
        if (d.Selector is not null)
        {
            spec.Add("selector", LabelSelector(d.Selector));
        }

        spec.Add("strategy", strategy);
        if (d.MinReadySeconds != 0)
        {
            spec.Add("minReadySeconds", Int(d.MinReadySeconds));
        }

        if (d.RevisionHistoryLimit is { } limit)
        {
            spec.Add("revisionHistoryLimit", Int(limit));
        }

        if (d.Paused)
        {
            spec.Add("paused", Bool(true));
        }

        if (d.ProgressDeadlineSeconds is { } deadline)
        {
            spec.Add("progressDeadlineSeconds", Int(deadline));
        }

        return spec.Add("template", Template(d.Template));
    }

    internal static YamlTree IntOrStr(IntOrString value) => value.IsString ? Str(value.StringValue!) : Int(value.IntValue);

    private static YamlMap LabelSelector(LabelSelector selector) => new YamlMap()
        .AddStrings("matchLabels", selector.MatchLabels)
        .AddSeq("matchExpressions", selector.MatchExpressions.Select(r => (YamlTree)new YamlMap()
            .Add("key", Str(r.Key))
            .Add("operator", Str(r.Operator))
            .AddSeq("values", r.Values.Select(v => (YamlTree)Str(v)))));

    private static YamlMap Template(PodTemplateSpec template)
    {
        var m = new YamlMap();
        var meta = Metadata(template.Metadata);
        if (meta.Count > 0)
        {
            m.Add("metadata", meta);
        }

        return m.Add("spec", PodSpec(template.Spec));
    }

    private static YamlMap PodSpec(PodSpec spec)
    {
        if (spec.InitContainers.Count > 0 || spec.Volumes.Count > 0 || spec.Affinity is not null || spec.TopologySpreadConstraints.Count > 0)
        {
            throw new NotSupportedException("cannot write a pod spec with initContainers, volumes, affinity or topologySpreadConstraints");
        }

        var m = new YamlMap().AddSeq("containers", spec.Containers.Select(Container));
        if (spec.RestartPolicy != "Always")
        {
            m.Add("restartPolicy", Str(spec.RestartPolicy));
        }

        if (spec.TerminationGracePeriodSeconds != 30)
        {
            m.Add("terminationGracePeriodSeconds", Int(spec.TerminationGracePeriodSeconds));
        }

        if (spec.NodeName.Length > 0)
        {
            m.Add("nodeName", Str(spec.NodeName));
        }

        m.AddStrings("nodeSelector", spec.NodeSelector);
        if (spec.SchedulerName != "default-scheduler")
        {
            m.Add("schedulerName", Str(spec.SchedulerName));
        }

        if (spec.Priority is { } priority)
        {
            m.Add("priority", Int(priority));
        }

        if (spec.PriorityClassName is { Length: > 0 } priorityClass)
        {
            m.Add("priorityClassName", Str(priorityClass));
        }

        if (spec.PreemptionPolicy is { Length: > 0 } preemptionPolicy)
        {
            m.Add("preemptionPolicy", Str(preemptionPolicy));
        }

        if (spec.Hostname is { Length: > 0 } hostname)
        {
            m.Add("hostname", Str(hostname));
        }

        return m.AddSeq("tolerations", spec.Tolerations.Select(Toleration));
    }

    private static YamlTree Toleration(Toleration t)
    {
        var m = new YamlMap();
        if (t.Key is { Length: > 0 } key)
        {
            m.Add("key", Str(key));
        }

        if (t.Operator.Length > 0)
        {
            m.Add("operator", Str(t.Operator));
        }

        if (t.Value is { Length: > 0 } value)
        {
            m.Add("value", Str(value));
        }

        if (t.Effect is { Length: > 0 } effect)
        {
            m.Add("effect", Str(effect));
        }

        if (t.TolerationSeconds is { } seconds)
        {
            m.Add("tolerationSeconds", Int(seconds));
        }

        return m;
    }

    private static YamlTree Container(Container c)
    {
        if (c.VolumeMounts.Count > 0)
        {
            throw new NotSupportedException($"cannot write container \"{c.Name}\": volumeMounts");
        }

        var m = new YamlMap().Add("name", Str(c.Name)).Add("image", Str(c.Image));
        if (c.ImagePullPolicy.Length > 0)
        {
            m.Add("imagePullPolicy", Str(c.ImagePullPolicy));
        }

        m.AddSeq("command", c.Command.Select(s => (YamlTree)Str(s)))
            .AddSeq("args", c.Args.Select(s => (YamlTree)Str(s)))
            .AddSeq("ports", c.Ports.Select(p =>
            {
                var port = new YamlMap().Add("containerPort", Int(p.Port));
                if (p.Name is { Length: > 0 } name)
                {
                    port.Add("name", Str(name));
                }

                if (p.Protocol != "TCP")
                {
                    port.Add("protocol", Str(p.Protocol));
                }

                return (YamlTree)(p.HostPort is { } host ? port.Add("hostPort", Int(host)) : port);
            }))
            .AddSeq("env", c.Env.Select(e =>
            {
                var env = new YamlMap().Add("name", Str(e.Name));
                return (YamlTree)(e.Value is null ? env : env.Add("value", Str(e.Value)));
            }));
        var resources = new YamlMap().AddIf("requests", Resources(c.Resources.Requests)).AddIf("limits", Resources(c.Resources.Limits));
        if (resources.Count > 0)
        {
            m.Add("resources", resources);
        }

        return m.AddIf("readinessProbe", Probe(c.ReadinessProbe))
            .AddIf("livenessProbe", Probe(c.LivenessProbe))
            .AddIf("startupProbe", Probe(c.StartupProbe));
    }

    /// <summary>A resource list with each quantity as written (or canonical), quoted.</summary>
    internal static YamlMap? Resources(IReadOnlyDictionary<string, Quantity> list)
    {
        if (list.Count == 0)
        {
            return null;
        }

        var m = new YamlMap();
        foreach (var (name, q) in list.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            m.Add(name, Str(q.ToString()));
        }

        return m;
    }

    /// <summary>
    /// The decoder keeps a probe's handler type only (its check always succeeds once the container runs), so
    /// a fixed handler of that type is written with the timing fields.
    /// </summary>
    private static YamlMap? Probe(Probe? probe)
    {
        if (probe is null)
        {
            return null;
        }

        var handler = probe.Handler switch
        {
            "exec" => new YamlMap().Add("command", new YamlSeq([Str("true")])),
            "tcpSocket" => new YamlMap().Add("port", Int(80)),
            "grpc" => new YamlMap().Add("port", Int(80)),
            _ => new YamlMap().Add("path", Str("/")).Add("port", Int(80)),
        };
        string key = probe.Handler is "exec" or "tcpSocket" or "grpc" ? probe.Handler : "httpGet";
        return new YamlMap().Add(key, handler)
            .Add("initialDelaySeconds", Int(probe.InitialDelaySeconds))
            .Add("periodSeconds", Int(probe.PeriodSeconds))
            .Add("timeoutSeconds", Int(probe.TimeoutSeconds))
            .Add("successThreshold", Int(probe.SuccessThreshold))
            .Add("failureThreshold", Int(probe.FailureThreshold));
    }

    private static YamlMap ServiceSpec(ServiceSpec spec)
    {
        var m = new YamlMap();
        if (spec.Type != "ClusterIP")
        {
            m.Add("type", Str(spec.Type));
        }

        if (spec.ClusterIP.Length > 0)
        {
            m.Add("clusterIP", Str(spec.ClusterIP));
        }

        m.AddSeq("ports", spec.Ports.Select(p =>
        {
            var port = new YamlMap();
            if (p.Name is { Length: > 0 } name)
            {
                port.Add("name", Str(name));
            }

            port.Add("port", Int(p.Port));
            if (p.Protocol != "TCP")
            {
                port.Add("protocol", Str(p.Protocol));
            }

            // Unset (the API server defaults it to the port) is the zero value; writing 0 would be invalid.
            if (p.TargetPort.IsString || p.TargetPort.IntValue != 0)
            {
                port.Add("targetPort", IntOrStr(p.TargetPort));
            }

            return (YamlTree)(p.NodePort != 0 ? port.Add("nodePort", Int(p.NodePort)) : port);
        }));
        if (spec.Selector is not null)
        {
            m.Add("selector", StringMap(spec.Selector));
        }

        if (spec.SessionAffinity != "None")
        {
            m.Add("sessionAffinity", Str(spec.SessionAffinity));
        }

        if (spec.ExternalName is { Length: > 0 } external)
        {
            m.Add("externalName", Str(external));
        }

        return m.AddSeq("externalIPs", spec.ExternalIPs.Select(ip => (YamlTree)Str(ip)));
    }
}
