using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// The defaulting the API server applies on create (pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go,
/// per apiVersion for Deployments: see Defaults.Deployment.cs; pkg/apis/autoscaling/v2/defaults.go for
/// HorizontalPodAutoscalers: see Defaults.HorizontalPodAutoscaler.cs)
/// and the admission plugins we model, limited to fields the simulation reads.
/// </summary>
public static partial class Defaults
{
    /// <summary>The taint key the node lifecycle controller uses for a node whose Ready condition is False.</summary>
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";

    /// <summary>The taint key for a node whose Ready condition is Unknown.</summary>
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    /// <summary>Applies defaults in place.</summary>
    public static void Apply(KubeObject obj, ControlPlaneConfig config)
    {
        switch (obj)
        {
            case Pod pod:
                ApplyPodSpec(pod.Spec);
                AddDefaultTolerations(pod.Spec, config.DefaultTolerationSeconds);
                pod.Status.QosClass = QosClass(pod.Spec);
                break;
            case ReplicationController rc:
                // SetDefaults_ReplicationController: selector and labels default to the template's labels.
                if (rc.Selector.Count == 0)
                {
                    foreach (var (k, v) in rc.Template.Metadata.Labels)
                    {
                        rc.Selector[k] = v;
                    }
                }

                if (rc.Metadata.Labels.Count == 0)
                {
                    foreach (var (k, v) in rc.Template.Metadata.Labels)
                    {
                        rc.Metadata.Labels[k] = v;
                    }
                }

                ApplyPodSpec(rc.Template.Spec);
                break;
            case ReplicaSet rs:
                ApplyPodSpec(rs.Template.Spec);
                break;
            case Deployment d:
                ApplyDeployment(d);
                ApplyPodSpec(d.Template.Spec);
                break;
            case HorizontalPodAutoscaler hpa:
                ApplyHorizontalPodAutoscaler(hpa);
                break;
            case PriorityClass pc:
                // pkg/apis/scheduling/v1 defaults.go SetDefaults_PriorityClass.
                pc.PreemptionPolicy ??= PriorityClasses.PreemptLowerPriority;
                break;
            case Service svc:
                foreach (var p in svc.Spec.Ports)
                {
                    // SetDefaults_Service: targetPort defaults to port.
                    if (!p.TargetPort.IsString && p.TargetPort.IntValue == 0)
                    {
                        p.TargetPort = IntOrString.FromInt(p.Port);
                    }

                    if (string.IsNullOrEmpty(p.Protocol))
                    {
                        p.Protocol = "TCP";
                    }
                }

                break;
        }
    }

    /// <summary>Container and pod spec defaults: imagePullPolicy, requests from limits.</summary>
    public static void ApplyPodSpec(PodSpec spec)
    {
        foreach (var c in spec.Containers.Concat(spec.InitContainers))
        {
            if (string.IsNullOrEmpty(c.ImagePullPolicy))
            {
                c.ImagePullPolicy = DefaultPullPolicy(c.Image);
            }

            // SetDefaults_Pod: a container with limits and no requests gets requests equal to its limits.
            foreach (var (name, limit) in c.Resources.Limits)
            {
                c.Resources.Requests.TryAdd(name, limit);
            }
        }
    }

    /// <summary>SetDefaults_Container: Always for ":latest" or an untagged image, IfNotPresent otherwise.</summary>
    public static string DefaultPullPolicy(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        int slash = image.LastIndexOf('/');
        int colon = image.LastIndexOf(':');
        bool hasTag = colon > slash;
        if (!hasTag || image[(colon + 1)..] == "latest")
        {
            return "Always";
        }

        return "IfNotPresent";
    }

    /// <summary>plugin/pkg/admission/defaulttolerationseconds: 300s NoExecute tolerations for not-ready and unreachable unless the pod has its own.</summary>
    public static void AddDefaultTolerations(PodSpec spec, long seconds)
    {
        bool notReady = false, unreachable = false;
        foreach (var t in spec.Tolerations)
        {
            if ((t.Key == NotReadyTaint || string.IsNullOrEmpty(t.Key)) && (t.Effect is null or "" or "NoExecute"))
            {
                notReady |= t.Key == NotReadyTaint || t.Operator == "Exists";
            }

            if ((t.Key == UnreachableTaint || string.IsNullOrEmpty(t.Key)) && (t.Effect is null or "" or "NoExecute"))
            {
                unreachable |= t.Key == UnreachableTaint || t.Operator == "Exists";
            }
        }

        if (!notReady)
        {
            spec.Tolerations.Add(new Toleration(NotReadyTaint, "Exists", null, "NoExecute", seconds));
        }

        if (!unreachable)
        {
            spec.Tolerations.Add(new Toleration(UnreachableTaint, "Exists", null, "NoExecute", seconds));
        }
    }

    /// <summary>pkg/apis/core/helper/qos GetPodQOS: Guaranteed, Burstable or BestEffort.</summary>
    public static string QosClass(PodSpec spec)
    {
        bool any = false, guaranteed = true;
        foreach (var c in spec.Containers)
        {
            var req = c.Resources.Requests;
            var lim = c.Resources.Limits;
            if (req.Values.Any(q => q.MilliValue() != 0) || lim.Values.Any(q => q.MilliValue() != 0))
            {
                any = true;
            }

            foreach (var name in new[] { ResourceNames.Cpu, ResourceNames.Memory })
            {
                if (!lim.TryGetValue(name, out var l) || !req.TryGetValue(name, out var r) || l.CompareTo(r) != 0)
                {
                    guaranteed = false;
                }
            }
        }

        if (!any)
        {
            return "BestEffort";
        }

        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
