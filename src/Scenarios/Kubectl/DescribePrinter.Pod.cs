using System.Globalization;
using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describePod, and the container, volume and topology spread sections it shares with pod templates.</summary>
public static partial class DescribePrinter
{
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

        if (pod.Status.NominatedNodeName.Length > 0)
        {
            w.Write(Level0, $"NominatedNodeName:\t{pod.Status.NominatedNodeName}\n");
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
}
