using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>Pod and PodSpec; containers, scheduling fields and volumes are in their own parts.</summary>
public static partial class ManifestDecoder
{
    /// <summary>Valid PodSpec fields the simulator does not model.</summary>
    private static readonly HashSet<string> IgnoredPodSpecFields = new(StringComparer.Ordinal)
    {
        "activeDeadlineSeconds", "dnsPolicy", "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "hostNetwork", "hostPID",
        "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "subdomain", "hostAliases", "dnsConfig", "readinessGates",
        "runtimeClassName", "enableServiceLinks", "overhead", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates",
        "resourceClaims", "resources", "ephemeralContainers",
    };

    private static KubeObject DecodePod(Context c, YamlMappingNode root, string apiVersion)
    {
        var pod = new Pod();
        DecodeTopLevel(c, root, pod.Metadata, f =>
        {
            DecodePodSpec(c, f.Value, f.Path, pod.Spec);
        });

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
                case "preemptionPolicy":
                    spec.PreemptionPolicy = YamlReader.IsNull(f.Value) ? null : r.OptionalString(f.Value, f.Path);
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

        NoteUnsimulatedPodSpec(c, path, spec);
    }
}
