using System.Globalization;
using System.Text;
using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// kubectl describe, after staging/src/k8s.io/kubectl/pkg/describe/describe.go: describePod, describeNode
/// (with the Non-terminated Pods and Allocated resources tables), describeReplicationController,
/// describeReplicaSet, describeService, describeEndpoints and describeNamespace, each ending with the
/// Events table built from <see cref="Sim.Store.EventRecorder.For"/>.
/// <para>
/// With a name, the object of that name is described, or else every object whose name starts with it
/// (kubectl's DescribeMatchingResources). Without a name, every object of the kind in the namespace is
/// described, separated by two blank lines.
/// </para>
/// </summary>
public static class DescribePrinter
{
    /// <summary>The kinds this printer serves.</summary>
    public static readonly IReadOnlyList<string> SupportedKinds =
        ["Pod", "Node", "ReplicationController", "ReplicaSet", "Service", "Endpoints", "Namespace"];

    private const int MaxAnnotationLen = 140;

    /// <summary>Runs `kubectl describe` against <paramref name="view"/>.</summary>
    /// <param name="kind">A canonical kind name.</param>
    /// <param name="name">An object name or name prefix, or null for all.</param>
    /// <param name="ns">The namespace; null is "default". Ignored for cluster-scoped kinds.</param>
    public static string Describe(ClusterView view, string kind, string? name, string? ns)
    {
        if (!SupportedKinds.Contains(kind, StringComparer.Ordinal))
        {
            throw new ArgumentException($"kubectl describe is not implemented for kind \"{kind}\"", nameof(kind));
        }

        var resource = ApiResources.ForKind(kind);
        var namespaceName = ns ?? "default";
        var objects = view.Store.List(kind, resource.Namespaced ? namespaceName : null).ToList();
        if (name is null)
        {
            if (objects.Count == 0)
            {
                return $"No resources found in {namespaceName} namespace.\n";
            }

            return string.Join("\n\n", objects.Select(o => DescribeObject(view, o)));
        }

        var exact = objects.Find(o => o.Metadata.Name == name);
        if (exact is not null)
        {
            return DescribeObject(view, exact);
        }

        var matching = objects.Where(o => o.Metadata.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
        if (matching.Count == 0)
        {
            return KubectlFormat.NotFound(resource, name) + "\n";
        }

        var sb = new StringBuilder();
        foreach (var o in matching)
        {
            sb.Append(DescribeObject(view, o)).Append('\n');
        }

        return sb.ToString();
    }

    private static string DescribeObject(ClusterView view, KubeObject obj)
    {
        var w = new PrefixWriter();
        switch (obj)
        {
            case Pod pod:
                DescribePod(view, pod, w);
                break;
            case Node node:
                DescribeNode(view, node, w);
                break;
            case ReplicationController rc:
                DescribeReplicationController(view, rc, w);
                break;
            case ReplicaSet rs:
                DescribeReplicaSet(view, rs, w);
                break;
            case Service svc:
                DescribeService(view, svc, w);
                break;
            case Endpoints ep:
                DescribeEndpoints(view, ep, w);
                break;
            case Namespace ns:
                DescribeNamespace(ns, w);
                break;
        }

        return w.ToString();
    }

    private static void DescribePod(ClusterView view, Pod pod, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{pod.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{pod.Metadata.Namespace}\n");
        if (pod.Spec.Priority is { } priority)
        {
            w.Write(Level0, $"Priority:\t{KubectlFormat.Int(priority)}\n");
        }

        if (!string.IsNullOrEmpty(pod.Spec.PriorityClassName))
        {
            w.Write(Level0, $"Priority Class Name:\t{pod.Spec.PriorityClassName}\n");
        }

        w.Write(Level0, pod.Spec.NodeName.Length == 0 ? "Node:\t<none>\n" : $"Node:\t{pod.Spec.NodeName}/{pod.Status.HostIP}\n");
        if (pod.Status.StartTime is { } started)
        {
            w.Write(Level0, $"Start Time:\t{KubectlFormat.Rfc1123Z(view, started)}\n");
        }

        PrintLabelsMultiline(w, "Labels", pod.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", pod.Metadata.Annotations);
        if (pod.Metadata.DeletionTimestamp is { } deleting && pod.Status.Phase is not ("Failed" or "Succeeded"))
        {
            w.Write(Level0, $"Status:\tTerminating (lasts {KubectlFormat.Age(view, deleting)})\n");
            w.Write(Level0, $"Termination Grace Period:\t{KubectlFormat.Int(pod.Metadata.DeletionGracePeriodSeconds ?? 0)}s\n");
        }
        else
        {
            w.Write(Level0, $"Status:\t{pod.Status.Phase}\n");
        }

        if (!string.IsNullOrEmpty(pod.Status.Reason))
        {
            w.Write(Level0, $"Reason:\t{pod.Status.Reason}\n");
        }

        if (!string.IsNullOrEmpty(pod.Status.Message))
        {
            w.Write(Level0, $"Message:\t{pod.Status.Message}\n");
        }

        w.Write(Level0, $"IP:\t{pod.Status.PodIP}\n");
        if (pod.Status.PodIP.Length == 0)
        {
            w.Write(Level0, "IPs:\t<none>\n");
        }
        else
        {
            w.Write(Level0, "IPs:\n");
            w.Write(Level1, $"IP:\t{pod.Status.PodIP}\n");
        }

        if (pod.Metadata.ControllerRef is { } owner)
        {
            w.Write(Level0, $"Controlled By:\t{owner.Kind}/{owner.Name}\n");
        }

        if (pod.Spec.InitContainers.Count > 0)
        {
            // PodStatus has no initContainerStatuses yet.
            DescribeContainers(view, "Init Containers", pod.Spec.InitContainers, [], w, "");
        }

        DescribeContainers(view, "Containers", pod.Spec.Containers, pod.Status.ContainerStatuses, w, "");
        if (pod.Status.Conditions.Count > 0)
        {
            w.Write(Level0, "Conditions:\n  Type\tStatus\n");
            foreach (var c in pod.Status.Conditions)
            {
                w.Write(Level1, $"{c.Type} \t{c.Status} \n");
            }
        }

        DescribeVolumes(pod.Spec.Volumes, w, "");
        w.Write(Level0, $"QoS Class:\t{pod.Status.QosClass}\n");
        PrintLabelsMultiline(w, "Node-Selectors", pod.Spec.NodeSelector);
        PrintTolerationsMultiline(w, "Tolerations", pod.Spec.Tolerations);
        DescribeTopologySpreadConstraints(pod.Spec.TopologySpreadConstraints, w, "");
        DescribeEvents(view, view.Events.For(pod.Metadata.Uid), w);
    }

    private static void DescribeContainers(ClusterView view, string label, List<Container> containers, List<ContainerStatus> statuses, PrefixWriter w, string space)
    {
        var byName = new Dictionary<string, ContainerStatus>(StringComparer.Ordinal);
        foreach (var s in statuses)
        {
            byName[s.Name] = s;
        }

        w.Write(Level0, $"{space}{label}:{(containers.Count == 0 ? " <none>" : "")}\n");
        foreach (var container in containers)
        {
            bool ok = byName.TryGetValue(container.Name, out var status);
            w.Write(Level1, $"{(space.Length > 0 ? " " : "")}{container.Name}:\n");
            if (ok)
            {
                w.Write(Level2, $"Container ID:\t{status!.ContainerId}\n");
            }

            w.Write(Level2, $"Image:\t{container.Image}\n");
            if (ok)
            {
                w.Write(Level2, $"Image ID:\t{status!.ImageId}\n");
            }

            var ports = string.Join(", ", container.Ports.Select(p => $"{KubectlFormat.Int(p.Port)}/{p.Protocol}"));
            w.Write(Level2, ports.Contains(',', StringComparison.Ordinal) ? $"Ports:\t{ports}\n" : $"Port:\t{OrNone(ports)}\n");
            var hostPorts = string.Join(", ", container.Ports.Select(p => $"{KubectlFormat.Int(p.HostPort ?? 0)}/{p.Protocol}"));
            w.Write(Level2, hostPorts.Contains(',', StringComparison.Ordinal) ? $"Host Ports:\t{hostPorts}\n" : $"Host Port:\t{OrNone(hostPorts)}\n");

            if (container.Command.Count > 0)
            {
                w.Write(Level2, "Command:\n");
                foreach (var line in container.Command.SelectMany(c => c.Split('\n')))
                {
                    w.Write(Level3, line + "\n");
                }
            }

            if (container.Args.Count > 0)
            {
                w.Write(Level2, "Args:\n");
                foreach (var line in container.Args.SelectMany(c => c.Split('\n')))
                {
                    w.Write(Level3, line + "\n");
                }
            }

            if (ok)
            {
                DescribeStatus(view, "State", status!.State, w);
                if (status.LastTerminationState is { IsTerminated: true } last)
                {
                    DescribeStatus(view, "Last State", last, w);
                }

                w.Write(Level2, $"Ready:\t{(status.Ready ? "True" : "False")}\n");
                w.Write(Level2, $"Restart Count:\t{KubectlFormat.Int(status.RestartCount)}\n");
            }

            DescribeResources(container.Resources, w, Level2);
            if (container.LivenessProbe is { } liveness)
            {
                w.Write(Level2, $"Liveness:\t{DescribeProbe(liveness)}\n");
            }

            if (container.ReadinessProbe is { } readiness)
            {
                w.Write(Level2, $"Readiness:\t{DescribeProbe(readiness)}\n");
            }

            if (container.StartupProbe is { } startup)
            {
                w.Write(Level2, $"Startup:\t{DescribeProbe(startup)}\n");
            }

            w.Write(Level2, $"Environment:{(container.Env.Count == 0 ? "\t<none>" : "")}\n");
            foreach (var env in container.Env)
            {
                var lines = (env.Value ?? "").Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    w.Write(Level3, i == 0 ? $"{env.Name}:\t{lines[i]}\n" : $"\t{lines[i]}\n");
                }
            }

            w.Write(Level2, $"Mounts:{(container.VolumeMounts.Count == 0 ? "\t<none>" : "")}\n");
            foreach (var mount in container.VolumeMounts.OrderBy(m => m.MountPath, StringComparer.Ordinal))
            {
                w.Write(Level3, $"{mount.MountPath} from {mount.Name} ({(mount.ReadOnly ? "ro" : "rw")})\n");
            }
        }
    }

    private static void DescribeStatus(ClusterView view, string stateName, ContainerState state, PrefixWriter w)
    {
        switch (state.Kind)
        {
            case ContainerState.RunningKind:
                w.Write(Level2, $"{stateName}:\tRunning\n");
                w.Write(Level3, $"Started:\t{Timestamp(view, state.StartedAt)}\n");
                break;
            case ContainerState.TerminatedKind:
                w.Write(Level2, $"{stateName}:\tTerminated\n");
                if (!string.IsNullOrEmpty(state.Reason))
                {
                    w.Write(Level3, $"Reason:\t{state.Reason}\n");
                }

                if (!string.IsNullOrEmpty(state.Message))
                {
                    w.Write(Level3, $"Message:\t{state.Message}\n");
                }

                w.Write(Level3, $"Exit Code:\t{KubectlFormat.Int(state.ExitCode)}\n");
                w.Write(Level3, $"Started:\t{Timestamp(view, state.StartedAt)}\n");
                w.Write(Level3, $"Finished:\t{Timestamp(view, state.FinishedAt)}\n");
                break;
            default:
                w.Write(Level2, $"{stateName}:\tWaiting\n");
                if (!string.IsNullOrEmpty(state.Reason))
                {
                    w.Write(Level3, $"Reason:\t{state.Reason}\n");
                }

                break;
        }
    }

    /// <summary>An unset metav1.Time formats as Go's zero time.</summary>
    private static string Timestamp(ClusterView view, TimeSpan? time) =>
        time is { } t ? KubectlFormat.Rfc1123Z(view, t) : "Mon, 01 Jan 0001 00:00:00 +0000";

    private static void DescribeResources(ResourceRequirements resources, PrefixWriter w, int level)
    {
        if (resources.Limits.Count > 0)
        {
            w.Write(level, "Limits:\n");
        }

        foreach (var (name, q) in resources.Limits)
        {
            w.Write(level + 1, $"{name}:\t{ResourceMath.Format(q)}\n");
        }

        if (resources.Requests.Count > 0)
        {
            w.Write(level, "Requests:\n");
        }

        foreach (var (name, q) in resources.Requests)
        {
            w.Write(level + 1, $"{name}:\t{ResourceMath.Format(q)}\n");
        }
    }

    /// <summary>DescribeProbe; <see cref="Probe.Handler"/> is taken to be the handler as describe prints it ("http-get http://:8080/").</summary>
    private static string DescribeProbe(Probe probe)
    {
        var attrs = string.Create(CultureInfo.InvariantCulture, $"delay={probe.InitialDelaySeconds}s timeout={probe.TimeoutSeconds}s period={probe.PeriodSeconds}s #success={probe.SuccessThreshold} #failure={probe.FailureThreshold}");
        return (string.IsNullOrWhiteSpace(probe.Handler) ? "unknown" : probe.Handler.Trim()) + " " + attrs;
    }

    /// <summary>describeVolumes. Volume only records a source type, so only EmptyDir gets its full description.</summary>
    private static void DescribeVolumes(List<Volume> volumes, PrefixWriter w, string space)
    {
        if (volumes.Count == 0)
        {
            w.Write(Level0, $"{space}Volumes:\t<none>\n");
            return;
        }

        w.Write(Level0, $"{space}Volumes:\n");
        foreach (var volume in volumes)
        {
            w.Write(Level1, $"{(space.Length > 0 ? " " : "")}{volume.Name}:\n");
            if (volume.Type is "EmptyDir" or "emptyDir" or "")
            {
                w.Write(Level2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t\n    SizeLimit:\t<unset>\n");
            }
            else
            {
                w.Write(Level2, $"Type:\t{volume.Type}\n");
            }
        }
    }

    private static void DescribeTopologySpreadConstraints(List<TopologySpreadConstraint> constraints, PrefixWriter w, string space)
    {
        if (constraints.Count == 0)
        {
            return;
        }

        w.Write(Level0, $"{space}Topology Spread Constraints:\t");
        int i = 0;
        foreach (var c in constraints.OrderBy(c => c.TopologyKey, StringComparer.Ordinal))
        {
            if (i++ != 0)
            {
                w.Write(Level0, space);
                w.Write(Level0, "\t");
            }

            w.Write(Level0, $"{c.TopologyKey}:{c.WhenUnsatisfiable} when max skew {KubectlFormat.Int(c.MaxSkew)} is exceeded");
            if (c.LabelSelector is not null)
            {
                w.Write(Level0, $" for selector {KubectlFormat.FormatLabelSelector(c.LabelSelector)}");
            }

            w.Write(Level0, "\n");
        }
    }

    private static void DescribeNode(ClusterView view, Node node, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{node.Metadata.Name}\n");
        var roles = KubectlFormat.NodeRoles(node);
        w.Write(Level0, $"Roles:\t{(roles.Count > 0 ? string.Join(",", roles) : "<none>")}\n");
        PrintLabelsMultiline(w, "Labels", node.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", node.Metadata.Annotations);
        w.Write(Level0, $"CreationTimestamp:\t{KubectlFormat.Rfc1123Z(view, node.Metadata.CreationTimestamp)}\n");
        PrintTaintsMultiline(w, "Taints", node.Spec.Taints);
        w.Write(Level0, $"Unschedulable:\t{(node.Spec.Unschedulable ? "true" : "false")}\n");

        // Node Leases are not stored objects: the kubelet renews its lease with its heartbeat, so the
        // Ready condition's heartbeat stands in for the lease's renew time.
        if (node.Status.GetCondition("Ready") is { } ready)
        {
            w.Write(Level0, "Lease:\n");
            w.Write(Level1, $"HolderIdentity:\t{node.Metadata.Name}\n");
            w.Write(Level1, "AcquireTime:\t<unset>\n");
            w.Write(Level1, $"RenewTime:\t{KubectlFormat.Rfc1123Z(view, ready.LastHeartbeatTime)}\n");
        }
        else
        {
            w.Write(Level0, $"Lease:\tFailed to get lease: leases.coordination.k8s.io \"{node.Metadata.Name}\" not found\n");
        }

        if (node.Status.Conditions.Count > 0)
        {
            w.Write(Level0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
            w.Write(Level1, "----\t------\t-----------------\t------------------\t------\t-------\n");
            foreach (var c in node.Status.Conditions)
            {
                w.Write(Level1, $"{c.Type} \t{c.Status} \t{KubectlFormat.Rfc1123Z(view, c.LastHeartbeatTime)} \t{KubectlFormat.Rfc1123Z(view, c.LastTransitionTime)} \t{c.Reason} \t{c.Message}\n");
            }
        }

        w.Write(Level0, "Addresses:\n");
        foreach (var address in node.Status.Addresses)
        {
            w.Write(Level1, $"{address.Type}:\t{address.Address}\n");
        }

        if (node.Status.Capacity.Count > 0)
        {
            w.Write(Level0, "Capacity:\n");
            foreach (var (name, q) in node.Status.Capacity)
            {
                w.Write(Level0, $"  {name}:\t{ResourceMath.Format(q)}\n");
            }
        }

        if (node.Status.Allocatable.Count > 0)
        {
            w.Write(Level0, "Allocatable:\n");
            foreach (var (name, q) in node.Status.Allocatable)
            {
                w.Write(Level0, $"  {name}:\t{ResourceMath.Format(q)}\n");
            }
        }

        var info = node.Status.NodeInfo;
        w.Write(Level0, "System Info:\n");
        w.Write(Level0, $"  Machine ID:\t{info.MachineId}\n");
        w.Write(Level0, $"  System UUID:\t{info.SystemUuid}\n");
        w.Write(Level0, $"  Boot ID:\t{info.BootId}\n");
        w.Write(Level0, $"  Kernel Version:\t{info.KernelVersion}\n");
        w.Write(Level0, $"  OS Image:\t{info.OsImage}\n");
        w.Write(Level0, $"  Operating System:\t{info.OperatingSystem}\n");
        w.Write(Level0, $"  Architecture:\t{info.Architecture}\n");
        w.Write(Level0, $"  Container Runtime Version:\t{info.ContainerRuntimeVersion}\n");
        w.Write(Level0, $"  Kubelet Version:\t{info.KubeletVersion}\n");
        w.Write(Level0, $"  Kube-Proxy Version:\t{info.KubeProxyVersion}\n");
        if (node.Spec.PodCidr.Length > 0)
        {
            w.Write(Level0, $"PodCIDR:\t{node.Spec.PodCidr}\n");
            w.Write(Level0, $"PodCIDRs:\t{node.Spec.PodCidr}\n");
        }

        if (!string.IsNullOrEmpty(node.Spec.ProviderId))
        {
            w.Write(Level0, $"ProviderID:\t{node.Spec.ProviderId}\n");
        }

        DescribeNodeResource(view, node, w);
        var events = view.Events.For(node.Metadata.Uid);
        if (node.Metadata.Name != node.Metadata.Uid)
        {
            // The kubelet's events carry the node name as uid; describe merges both queries.
            events = events.Concat(view.Events.For(node.Metadata.Name)).ToList();
        }

        DescribeEvents(view, events, w);
    }

    private static void DescribeNodeResource(ClusterView view, Node node, PrefixWriter w)
    {
        var pods = view.Store.PodsOnNode(node.Metadata.Name).Where(p => p.Status.Phase is not ("Succeeded" or "Failed")).ToList();
        w.Write(Level0, $"Non-terminated Pods:\t({KubectlFormat.Int(pods.Count)} in total)\n");
        w.Write(Level1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
        w.Write(Level1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
        var allocatable = node.Status.Allocatable.Count > 0 ? node.Status.Allocatable : node.Status.Capacity;
        long allocCpu = allocatable.Get(ResourceNames.Cpu).MilliValue();
        long allocMemory = allocatable.Get(ResourceNames.Memory).Value();
        foreach (var pod in pods)
        {
            var (req, limit) = ResourceMath.PodRequestsAndLimits(pod);
            var cpuReq = req.Get(ResourceNames.Cpu);
            var cpuLimit = limit.Get(ResourceNames.Cpu);
            var memReq = req.Get(ResourceNames.Memory);
            var memLimit = limit.Get(ResourceNames.Memory);
            w.Write(Level1, $"{pod.Metadata.Namespace}\t{pod.Metadata.Name}\t\t"
                + $"{ResourceMath.Format(cpuReq)} ({Pct(cpuReq.MilliValue(), allocCpu)}%)\t{ResourceMath.Format(cpuLimit)} ({Pct(cpuLimit.MilliValue(), allocCpu)}%)\t"
                + $"{ResourceMath.Format(memReq)} ({Pct(memReq.Value(), allocMemory)}%)\t{ResourceMath.Format(memLimit)} ({Pct(memLimit.Value(), allocMemory)}%)\t"
                + $"{KubectlFormat.Age(view, pod.Metadata.CreationTimestamp)}\n");
        }

        w.Write(Level0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
        w.Write(Level1, "Resource\tRequests\tLimits\n");
        w.Write(Level1, "--------\t--------\t------\n");
        var requests = ResourceNames.NewList();
        var limits = ResourceNames.NewList();
        foreach (var pod in pods)
        {
            var (req, limit) = ResourceMath.PodRequestsAndLimits(pod);
            ResourceMath.AddInto(requests, req);
            ResourceMath.AddInto(limits, limit);
        }

        // Unlike the per-pod rows, the totals guard against a zero allocatable.
        string Total(string resource, bool milli)
        {
            var r = requests.Get(resource);
            var l = limits.Get(resource);
            long whole = milli ? allocatable.Get(resource).MilliValue() : allocatable.Get(resource).Value();
            long rp = whole == 0 ? 0 : ResourceMath.Percent(milli ? r.MilliValue() : r.Value(), whole);
            long lp = whole == 0 ? 0 : ResourceMath.Percent(milli ? l.MilliValue() : l.Value(), whole);
            return $"{resource}\t{ResourceMath.Format(r)} ({KubectlFormat.Int(rp)}%)\t{ResourceMath.Format(l)} ({KubectlFormat.Int(lp)}%)\n";
        }

        w.Write(Level1, Total(ResourceNames.Cpu, milli: true));
        w.Write(Level1, Total(ResourceNames.Memory, milli: false));
        w.Write(Level1, Total(ResourceNames.EphemeralStorage, milli: false));
        foreach (var name in allocatable.Keys.Where(k => k.StartsWith("hugepages-", StringComparison.Ordinal)))
        {
            w.Write(Level1, Total(name, milli: false));
        }

        foreach (var name in allocatable.Keys.Where(k => k is not (ResourceNames.Cpu or ResourceNames.Memory or ResourceNames.EphemeralStorage or ResourceNames.Pods)
                     && !k.StartsWith("hugepages-", StringComparison.Ordinal)))
        {
            w.Write(Level1, $"{name}\t{ResourceMath.Format(requests.Get(name))}\t{ResourceMath.Format(limits.Get(name))}\n");
        }

        static string Pct(long part, long whole) => KubectlFormat.Int(ResourceMath.Percent(part, whole));
    }

    private static void DescribeReplicationController(ClusterView view, ReplicationController rc, PrefixWriter w)
    {
        var (running, waiting, succeeded, failed) = PodStatusCounts(view, rc);
        w.Write(Level0, $"Name:\t{rc.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{rc.Metadata.Namespace}\n");
        w.Write(Level0, $"Selector:\t{KubectlFormat.FormatLabels(rc.Selector)}\n");
        PrintLabelsMultiline(w, "Labels", rc.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", rc.Metadata.Annotations);
        w.Write(Level0, $"Replicas:\t{KubectlFormat.Int(rc.Status.Replicas)} current / {KubectlFormat.Int(rc.Replicas)} desired\n");
        w.Write(Level0, $"Pods Status:\t{KubectlFormat.Int(running)} Running / {KubectlFormat.Int(waiting)} Waiting / {KubectlFormat.Int(succeeded)} Succeeded / {KubectlFormat.Int(failed)} Failed\n");
        DescribePodTemplate(view, rc.Template, w);
        DescribeWorkloadConditions(rc.Status.Conditions, w);
        DescribeEvents(view, view.Events.For(rc.Metadata.Uid), w);
    }

    private static void DescribeReplicaSet(ClusterView view, ReplicaSet rs, PrefixWriter w)
    {
        var (running, waiting, succeeded, failed) = PodStatusCounts(view, rs);
        w.Write(Level0, $"Name:\t{rs.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{rs.Metadata.Namespace}\n");
        w.Write(Level0, $"Selector:\t{KubectlFormat.FormatLabelSelector(rs.Selector)}\n");
        PrintLabelsMultiline(w, "Labels", rs.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", rs.Metadata.Annotations);
        if (rs.Metadata.ControllerRef is { } owner)
        {
            w.Write(Level0, $"Controlled By:\t{owner.Kind}/{owner.Name}\n");
        }

        w.Write(Level0, $"Replicas:\t{KubectlFormat.Int(rs.Status.Replicas)} current / {KubectlFormat.Int(rs.Replicas)} desired\n");
        w.Write(Level0, "Pods Status:\t");
        w.Write(Level0, $"{KubectlFormat.Int(running)} Running / {KubectlFormat.Int(waiting)} Waiting / {KubectlFormat.Int(succeeded)} Succeeded / {KubectlFormat.Int(failed)} Failed\n");
        DescribePodTemplate(view, rs.Template, w);
        DescribeWorkloadConditions(rs.Status.Conditions, w);
        DescribeEvents(view, view.Events.For(rs.Metadata.Uid), w);
    }

    /// <summary>getPodStatusForController: pods the selector matches and the controller owns, by phase.</summary>
    private static (int Running, int Waiting, int Succeeded, int Failed) PodStatusCounts(ClusterView view, ReplicatedSet set)
    {
        var selector = set.GetSelector();
        int running = 0, waiting = 0, succeeded = 0, failed = 0;
        foreach (var pod in view.Store.List<Pod>(set.Metadata.Namespace))
        {
            if (!selector.Matches(pod.Metadata.Labels) || pod.Metadata.ControllerRef?.Uid != set.Metadata.Uid)
            {
                continue;
            }

            switch (pod.Status.Phase)
            {
                case "Running":
                    running++;
                    break;
                case "Pending":
                    waiting++;
                    break;
                case "Succeeded":
                    succeeded++;
                    break;
                case "Failed":
                    failed++;
                    break;
            }
        }

        return (running, waiting, succeeded, failed);
    }

    private static void DescribePodTemplate(ClusterView view, PodTemplateSpec template, PrefixWriter w)
    {
        w.Write(Level0, "Pod Template:\n");
        PrintLabelsMultiline(w, "  Labels", template.Metadata.Labels);
        if (template.Metadata.Annotations.Count > 0)
        {
            PrintAnnotationsMultiline(w, "  Annotations", template.Metadata.Annotations);
        }

        if (template.Spec.InitContainers.Count > 0)
        {
            DescribeContainers(view, "Init Containers", template.Spec.InitContainers, [], w, "  ");
        }

        DescribeContainers(view, "Containers", template.Spec.Containers, [], w, "  ");
        DescribeVolumes(template.Spec.Volumes, w, "  ");
        DescribeTopologySpreadConstraints(template.Spec.TopologySpreadConstraints, w, "  ");
        if (!string.IsNullOrEmpty(template.Spec.PriorityClassName))
        {
            w.Write(Level1, $"Priority Class Name:\t{template.Spec.PriorityClassName}\n");
        }

        PrintLabelsMultiline(w, "  Node-Selectors", template.Spec.NodeSelector);
        PrintTolerationsMultiline(w, "  Tolerations", template.Spec.Tolerations);
    }

    private static void DescribeWorkloadConditions(List<WorkloadCondition> conditions, PrefixWriter w)
    {
        if (conditions.Count == 0)
        {
            return;
        }

        w.Write(Level0, "Conditions:\n  Type\tStatus\tReason\n");
        w.Write(Level1, "----\t------\t------\n");
        foreach (var c in conditions)
        {
            w.Write(Level1, $"{c.Type} \t{c.Status}\t{c.Reason}\n");
        }
    }

    private static void DescribeService(ClusterView view, Service svc, PrefixWriter w)
    {
        var spec = svc.Spec;
        bool externalName = spec.Type == "ExternalName";
        w.Write(Level0, $"Name:\t{svc.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{svc.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", svc.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", svc.Metadata.Annotations);
        w.Write(Level0, $"Selector:\t{KubectlFormat.FormatLabels(spec.Selector)}\n");
        w.Write(Level0, $"Type:\t{spec.Type}\n");

        // The API server defaults single-stack IPv4 and the Cluster traffic policies; they are not stored.
        if (!externalName)
        {
            w.Write(Level0, "IP Family Policy:\tSingleStack\n");
            w.Write(Level0, "IP Families:\tIPv4\n");
        }
        else
        {
            w.Write(Level0, "IP Families:\t<none>\n");
        }

        w.Write(Level0, $"IP:\t{spec.ClusterIP}\n");
        w.Write(Level0, spec.ClusterIP.Length > 0 ? $"IPs:\t{spec.ClusterIP}\n" : "IPs:\t<none>\n");
        if (spec.ExternalIPs.Count > 0)
        {
            w.Write(Level0, $"External IPs:\t{string.Join(",", spec.ExternalIPs)}\n");
        }

        if (!string.IsNullOrEmpty(spec.ExternalName))
        {
            w.Write(Level0, $"External Name:\t{spec.ExternalName}\n");
        }

        var slices = EndpointSlices(view.Store.Get<Endpoints>(svc.Metadata.Namespace, svc.Metadata.Name));
        foreach (var port in spec.Ports)
        {
            var name = string.IsNullOrEmpty(port.Name) ? "<unset>" : port.Name;
            w.Write(Level0, $"Port:\t{name}\t{KubectlFormat.Int(port.Port)}/{port.Protocol}\n");
            w.Write(Level0, port.TargetPort.IsString
                ? $"TargetPort:\t{port.TargetPort.StringValue}/{port.Protocol}\n"
                : $"TargetPort:\t{KubectlFormat.Int(port.TargetPort.IntValue)}/{port.Protocol}\n");
            if (port.NodePort != 0)
            {
                w.Write(Level0, $"NodePort:\t{name}\t{KubectlFormat.Int(port.NodePort)}/{port.Protocol}\n");
            }

            w.Write(Level0, $"Endpoints:\t{FormatEndpointSlices(slices, port.Name ?? "")}\n");
        }

        w.Write(Level0, $"Session Affinity:\t{spec.SessionAffinity}\n");
        if (spec.Type is "NodePort" or "LoadBalancer")
        {
            w.Write(Level0, "External Traffic Policy:\tCluster\n");
        }

        if (!externalName)
        {
            w.Write(Level0, "Internal Traffic Policy:\tCluster\n");
        }

        DescribeEvents(view, view.Events.For(svc.Metadata.Uid), w);
    }

    private sealed record EndpointSlice(List<(string Name, int Port)> Ports, List<(string Address, bool Ready)> Endpoints);

    /// <summary>
    /// The EndpointSlices kube-controller-manager would derive from a service's Endpoints: one per subset
    /// (ready and not-ready addresses), a single empty one when there are no subsets, none without Endpoints.
    /// </summary>
    private static List<EndpointSlice> EndpointSlices(Endpoints? endpoints)
    {
        if (endpoints is null)
        {
            return [];
        }

        if (endpoints.Subsets.Count == 0)
        {
            return [new EndpointSlice([], [])];
        }

        return endpoints.Subsets.Select(s => new EndpointSlice(
            s.Ports.Select(p => (p.Name ?? "", p.Port)).ToList(),
            s.Addresses.Select(a => (a.Ip, true)).Concat(s.NotReadyAddresses.Select(a => (a.Ip, false))).ToList())).ToList();
    }

    /// <summary>formatEndpointSlices, quirks included (an unready endpoint past the third can still add "+ 0 more...").</summary>
    private static string FormatEndpointSlices(List<EndpointSlice> slices, string portName)
    {
        if (slices.Count == 0)
        {
            return "<none>";
        }

        const int max = 3;
        var list = new List<string>();
        bool more = false;
        int count = 0;
        foreach (var slice in slices)
        {
            if (slice.Ports.Count == 0)
            {
                foreach (var (address, ready) in slice.Endpoints)
                {
                    if (list.Count == max)
                    {
                        more = true;
                    }

                    if (!ready)
                    {
                        continue;
                    }

                    if (!more)
                    {
                        list.Add(address);
                    }

                    count++;
                }

                continue;
            }

            foreach (var (name, port) in slice.Ports)
            {
                if (name != portName)
                {
                    continue;
                }

                foreach (var (address, ready) in slice.Endpoints)
                {
                    if (list.Count == max)
                    {
                        more = true;
                    }

                    if (!ready)
                    {
                        continue;
                    }

                    if (!more)
                    {
                        list.Add(GetPrinter.JoinHostPort(address, port));
                    }

                    count++;
                }
            }
        }

        var joined = string.Join(",", list);
        return more ? $"{joined} + {KubectlFormat.Int(count - max)} more..." : joined;
    }

    private static void DescribeEndpoints(ClusterView view, Endpoints ep, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{ep.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{ep.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", ep.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", ep.Metadata.Annotations);
        w.Write(Level0, "Subsets:\n");
        foreach (var subset in ep.Subsets)
        {
            var addresses = string.Join(",", subset.Addresses.Select(a => a.Ip));
            w.Write(Level1, $"Addresses:\t{OrNone(addresses)}\n");
            var notReady = string.Join(",", subset.NotReadyAddresses.Select(a => a.Ip));
            w.Write(Level1, $"NotReadyAddresses:\t{OrNone(notReady)}\n");
            if (subset.Ports.Count > 0)
            {
                w.Write(Level1, "Ports:\n");
                w.Write(Level2, "Name\tPort\tProtocol\n");
                w.Write(Level2, "----\t----\t--------\n");
                foreach (var port in subset.Ports)
                {
                    w.Write(Level2, $"{(string.IsNullOrEmpty(port.Name) ? "<unset>" : port.Name)}\t{KubectlFormat.Int(port.Port)}\t{port.Protocol}\n");
                }
            }

            w.Write(Level0, "\n");
        }

        DescribeEvents(view, view.Events.For(ep.Metadata.Uid), w);
    }

    /// <summary>describeNamespace; ResourceQuota and LimitRange are not modelled, so both lists are empty.</summary>
    private static void DescribeNamespace(Namespace ns, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{ns.Metadata.Name}\n");
        PrintLabelsMultiline(w, "Labels", ns.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", ns.Metadata.Annotations);
        w.Write(Level0, $"Status:\t{ns.Phase}\n");
        w.Write(Level0, "\n");
        w.Write(Level0, "No resource quota.\n");
        w.Write(Level0, "\n");
        w.Write(Level0, "No LimitRange resource.\n");
    }

    /// <summary>DescribeEvents: oldest last-seen first; Age is "last (xN over first)" for repeated events.</summary>
    private static void DescribeEvents(ClusterView view, IReadOnlyList<KubeEvent> events, PrefixWriter w)
    {
        if (events.Count == 0)
        {
            w.Write(Level0, "Events:\t<none>\n");
            return;
        }

        w.Flush();
        w.Write(Level0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        w.Write(Level1, "----\t------\t----\t----\t-------\n");
        foreach (var e in events.OrderBy(e => view.StoredInstant(e.LastTimestamp)))
        {
            var first = KubectlFormat.Age(view, e.FirstTimestamp);
            var interval = e.Count > 1
                ? $"{KubectlFormat.Age(view, e.LastTimestamp)} (x{KubectlFormat.Int(e.Count)} over {first})"
                : first;
            w.Write(Level1, $"{e.Type}\t{e.Reason}\t{interval}\t{e.Source}\t{e.Message.Trim()}\n");
        }
    }

    private static void PrintLabelsMultiline(PrefixWriter w, string title, IReadOnlyDictionary<string, string> labels)
    {
        w.Write(Level0, $"{title}:\t");
        if (labels.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        int i = 0;
        foreach (var (key, value) in labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (i++ != 0)
            {
                w.Write(Level0, "\t");
            }

            w.Write(Level0, $"{key}={value}\n");
        }
    }

    private static void PrintAnnotationsMultiline(PrefixWriter w, string title, IReadOnlyDictionary<string, string> annotations)
    {
        w.Write(Level0, $"{title}:\t");
        var keys = annotations.Keys
            .Where(k => k != "kubectl.kubernetes.io/last-applied-configuration")
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToList();
        if (keys.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        for (int i = 0; i < keys.Count; i++)
        {
            if (i != 0)
            {
                w.Write(Level0, "\t");
            }

            var key = keys[i];
            var value = annotations[key];
            if (value.EndsWith('\n'))
            {
                value = value[..^1];
            }

            if (value.Length + key.Length + 2 > MaxAnnotationLen || value.Contains('\n', StringComparison.Ordinal))
            {
                w.Write(Level0, $"{key}:\n");
                foreach (var line in value.Split('\n'))
                {
                    var shortened = line.Length > MaxAnnotationLen - 2 ? line[..(MaxAnnotationLen - 2)] + "..." : line;
                    w.Write(Level0, $"\t  {shortened}\n");
                }
            }
            else
            {
                w.Write(Level0, $"{key}: {value}\n");
            }
        }
    }

    private static void PrintTaintsMultiline(PrefixWriter w, string title, List<Taint> taints)
    {
        w.Write(Level0, $"{title}:\t");
        if (taints.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        int i = 0;
        foreach (var taint in taints.OrderBy(t => t.Effect + "," + t.Key, StringComparer.Ordinal))
        {
            if (i++ != 0)
            {
                w.Write(Level0, "\t");
            }

            w.Write(Level0, taint + "\n");
        }
    }

    private static void PrintTolerationsMultiline(PrefixWriter w, string title, List<Toleration> tolerations)
    {
        w.Write(Level0, $"{title}:\t");
        if (tolerations.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        int i = 0;
        foreach (var t in tolerations.OrderBy(t => t.Key ?? "", StringComparer.Ordinal))
        {
            if (i++ != 0)
            {
                w.Write(Level0, "\t");
            }

            var text = new StringBuilder(t.Key ?? "");
            if (!string.IsNullOrEmpty(t.Value))
            {
                text.Append('=').Append(t.Value);
            }

            if (!string.IsNullOrEmpty(t.Effect))
            {
                text.Append(':').Append(t.Effect);
            }

            if (t.Operator == "Exists" && string.IsNullOrEmpty(t.Value))
            {
                text.Append(!string.IsNullOrEmpty(t.Key) || !string.IsNullOrEmpty(t.Effect) ? " op=Exists" : "op=Exists");
            }

            if (t.TolerationSeconds is { } seconds)
            {
                text.Append(" for ").Append(KubectlFormat.Int(seconds)).Append('s');
            }

            w.Write(Level0, text.Append('\n').ToString());
        }
    }

    private static string OrNone(string value) => value.Length == 0 ? "<none>" : value;
}
