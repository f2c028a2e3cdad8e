using System.Text.RegularExpressions;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios;

/// <summary>
/// The rule for every field a manifest may carry: it is simulated, or it is kept (stored, printed by kubectl) with a
/// warning that says it is not simulated and what that changes. The warning comes once per field path per file, list
/// indexes aside (ten containers' `lifecycle` warn once), and not for a field inside one already warned about, unless
/// it could change something its parent's warning does not say (where pods go, under a field about how they run). A field that could change where pods go or whether they run says so. Fields the API server sets
/// (uid, resourceVersion, creationTimestamp, managedFields, ...) and a manifest's `status` are dropped without a
/// warning, as the API server replaces them; labels, annotations and the rest of metadata are simulated.
/// </summary>
public static partial class ManifestDecoder
{
    /// <summary>What an unsimulated field could change, compared with Kubernetes.</summary>
    internal enum Impact
    {
        /// <summary>Nothing that the simulation measures (e.g. DNS, security, files in containers).</summary>
        None,

        /// <summary>Where pods are placed (scheduling constraints the scheduler does not read).</summary>
        Placement,

        /// <summary>Whether or how pods run (restarts, readiness, admission, deletion).</summary>
        Running,
    }

    /// <summary>Why a field is not simulated and what that changes.</summary>
    internal sealed record Unsimulated(Impact Impact, string Reason);

    private const string NoDns = "no DNS is modelled";
    private const string NotRun = "containers are not run: what a container does comes from the scenario's images";
    private const string NoSecurity = "no security policy is modelled";
    private const string NoLoadBalancer = "no load balancer is modelled";
    private const string EvenSplit = "load is split evenly over the ready endpoints whatever the policy";
    private const string NoStorage = "no storage model: volume zones, attach limits and binding do not constrain where the pod goes, and nothing is mounted";
    private const string NotMounted = "nothing is mounted: containers are not run";
    private const string MissingSource = "nothing is mounted: the pod starts even if it does not exist, where Kubernetes would keep it ContainerCreating";
    private const string OtherProbes = "probes other than readiness are not simulated yet: a failing container is never restarted by a probe";

    /// <summary>
    /// The reasons, by the end of a field's path with list indexes written `[]` (init containers' fields are
    /// containers' fields): the longest entry that ends the path at a `.` applies.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, Unsimulated> UnsimulatedFields = new Dictionary<string, Unsimulated>(StringComparer.Ordinal)
    {
        // metadata (any kind, and pod templates)
        ["metadata.ownerReferences"] = new(Impact.Running, "owner references are the simulator's own: these are dropped, so the garbage collector never deletes the object for owners that do not exist, as Kubernetes' would"),
        ["metadata.finalizers"] = new(Impact.None, "deletion never waits for finalizers"),

        // PodSpec (IgnoredPodSpecFields and the decoded fields nothing reads)
        ["spec.activeDeadlineSeconds"] = new(Impact.Running, "the kubelet never fails the pod with DeadlineExceeded"),
        ["spec.dnsPolicy"] = new(Impact.None, NoDns),
        ["spec.dnsConfig"] = new(Impact.None, NoDns),
        ["spec.subdomain"] = new(Impact.None, NoDns),
        ["spec.setHostnameAsFQDN"] = new(Impact.None, NoDns),
        ["spec.hostname"] = new(Impact.None, NoDns),
        ["spec.hostAliases"] = new(Impact.None, NotRun),
        ["spec.serviceAccountName"] = new(Impact.None, "no service accounts or API access are modelled"),
        ["spec.serviceAccount"] = new(Impact.None, "no service accounts or API access are modelled"),
        ["spec.automountServiceAccountToken"] = new(Impact.None, "no service accounts or API access are modelled"),
        ["spec.hostNetwork"] = new(Impact.Placement, "the pod gets an address from the pod network and its container ports take no host ports, so nothing keeps two such pods off one node"),
        ["spec.hostPID"] = new(Impact.None, NotRun),
        ["spec.hostIPC"] = new(Impact.None, NotRun),
        ["spec.shareProcessNamespace"] = new(Impact.None, NotRun),
        ["spec.hostUsers"] = new(Impact.None, NotRun),
        ["spec.securityContext"] = new(Impact.None, NoSecurity),
        ["spec.imagePullSecrets"] = new(Impact.None, "image pulls always succeed: registry credentials are not checked"),
        ["spec.readinessGates"] = new(Impact.Running, "a pod becomes Ready without its readiness gates, where Kubernetes waits for their conditions"),
        ["spec.runtimeClassName"] = new(Impact.Placement, "no RuntimeClass is modelled: its overhead and scheduling constraints are not applied"),
        ["spec.enableServiceLinks"] = new(Impact.None, NotRun),
        ["spec.overhead"] = new(Impact.Placement, "pod overhead is not added to the pod's requests"),
        ["spec.os"] = new(Impact.Running, "nodes do not check a pod's operating system"),
        ["spec.schedulingGates"] = new(Impact.Placement, "scheduling gates are not simulated: the pod is scheduled at once, where Kubernetes holds it until its gates are removed"),
        ["spec.resourceClaims"] = new(Impact.Placement, "dynamic resource allocation is not modelled"),
        ["spec.resources"] = new(Impact.Placement, "pod-level resources are not simulated: only the containers' requests count"),
        ["spec.ephemeralContainers"] = new(Impact.None, "ephemeral containers are for debugging and are never run"),
        ["spec.initContainers"] = new(Impact.Running, "init containers are not run: they count in the pod's requests, but its containers start without waiting for them"),
        ["topologySpreadConstraints[].minDomains"] = new(Impact.Placement, "skew is computed over the domains that exist, as without minDomains"),
        ["topologySpreadConstraints[].nodeAffinityPolicy"] = new(Impact.Placement, "the default, Honor, always applies"),
        ["topologySpreadConstraints[].nodeTaintsPolicy"] = new(Impact.Placement, "the default, Ignore, always applies"),
        ["topologySpreadConstraints[].matchLabelKeys"] = new(Impact.Placement, "only labelSelector selects the pods counted"),

        // Container (IgnoredContainerFields and the decoded fields nothing reads)
        ["containers[].command"] = new(Impact.None, NotRun),
        ["containers[].args"] = new(Impact.None, NotRun),
        ["containers[].workingDir"] = new(Impact.None, NotRun),
        ["containers[].stdin"] = new(Impact.None, NotRun),
        ["containers[].stdinOnce"] = new(Impact.None, NotRun),
        ["containers[].tty"] = new(Impact.None, NotRun),
        ["containers[].terminationMessagePath"] = new(Impact.None, NotRun),
        ["containers[].terminationMessagePolicy"] = new(Impact.None, NotRun),
        ["containers[].env"] = new(Impact.None, "environment variables do not change how a container runs here"),
        ["containers[].envFrom"] = new(Impact.None, "environment variables do not change how a container runs here, and a missing ConfigMap or Secret does not keep it from starting"),
        ["env[].valueFrom"] = new(Impact.None, "environment variables do not change how a container runs here, and a missing ConfigMap or Secret does not keep it from starting"),
        ["containers[].volumeMounts"] = new(Impact.None, NotMounted),
        ["volumeMounts[].subPath"] = new(Impact.None, NotMounted),
        ["volumeMounts[].subPathExpr"] = new(Impact.None, NotMounted),
        ["volumeMounts[].mountPropagation"] = new(Impact.None, NotMounted),
        ["volumeMounts[].recursiveReadOnly"] = new(Impact.None, NotMounted),
        ["containers[].volumeDevices"] = new(Impact.Placement, NoStorage),
        ["containers[].lifecycle"] = new(Impact.None, "hooks never run: a preStop hook does not delay a container's termination"),
        ["containers[].securityContext"] = new(Impact.None, NoSecurity),
        ["containers[].resizePolicy"] = new(Impact.None, "in-place resizing is not modelled"),
        ["containers[].restartPolicy"] = new(Impact.Running, "sidecar containers are not simulated: init containers are not run"),
        ["containers[].livenessProbe"] = new(Impact.Running, OtherProbes),
        ["containers[].startupProbe"] = new(Impact.Running, OtherProbes + ", and readiness does not wait for a startup probe"),
        ["readinessProbe.exec"] = new(Impact.None, "the check always passes: readiness follows the probe's initialDelaySeconds, periodSeconds and successThreshold"),
        ["readinessProbe.httpGet"] = new(Impact.None, "the check always passes: readiness follows the probe's initialDelaySeconds, periodSeconds and successThreshold"),
        ["readinessProbe.tcpSocket"] = new(Impact.None, "the check always passes: readiness follows the probe's initialDelaySeconds, periodSeconds and successThreshold"),
        ["readinessProbe.grpc"] = new(Impact.None, "the check always passes: readiness follows the probe's initialDelaySeconds, periodSeconds and successThreshold"),
        ["readinessProbe.terminationGracePeriodSeconds"] = new(Impact.None, "probes never kill containers here"),
        ["livenessProbe.terminationGracePeriodSeconds"] = new(Impact.Running, OtherProbes),
        ["startupProbe.terminationGracePeriodSeconds"] = new(Impact.Running, OtherProbes),
        ["containers[].ports[].hostPort"] = new(Impact.Placement, "the NodePorts filter is not simulated: pods asking for the same host port may share a node"),
        ["containers[].ports[].hostIP"] = new(Impact.Placement, "the NodePorts filter is not simulated: pods asking for the same host port may share a node"),
        ["containers[].resources.requests.*"] = new(Impact.Placement, "only cpu, memory and ephemeral-storage requests are counted: nodes are not checked for other resources"),
        ["containers[].resources.limits.*"] = new(Impact.Placement, "only cpu, memory and ephemeral-storage are counted: nodes are not checked for other resources"),
        ["containers[].resources.limits.ephemeral-storage"] = new(Impact.Running, "no disk usage is modelled: a container is never evicted for exceeding it"),
        ["containers[].resources.claims"] = new(Impact.Placement, "dynamic resource allocation is not modelled"),

        // Volume sources: the simulator keeps only which one a volume uses.
        ["volumes[].emptyDir"] = new(Impact.None, "nothing is stored: the volume only marks the pod as having local storage, for kubectl drain and the Cluster Autoscaler"),
        ["volumes[].hostPath"] = new(Impact.None, "nothing is mounted: the volume only marks the pod as having local storage, for kubectl drain and the Cluster Autoscaler"),
        ["volumes[].configMap"] = new(Impact.Running, MissingSource),
        ["volumes[].secret"] = new(Impact.Running, MissingSource),
        ["volumes[].projected"] = new(Impact.Running, MissingSource),
        ["volumes[].downwardAPI"] = new(Impact.None, NotMounted),
        ["volumes[].gitRepo"] = new(Impact.None, "nothing is cloned or mounted: containers are not run"),
        ["volumes[].image"] = new(Impact.None, "nothing is pulled or mounted: containers are not run"),
        ["volumes[].persistentVolumeClaim"] = new(Impact.Placement, "no storage model: the pod is scheduled and started as if the claim were bound, without volume zones, attach limits or binding"),
        ["volumes[].ephemeral"] = new(Impact.Placement, "no storage model: the pod is scheduled and started as if the claim were bound, without volume zones, attach limits or binding"),
        ["volumes[].*"] = new(Impact.Placement, NoStorage),

        // Deployment
        ["spec.rollbackTo"] = new(Impact.None, "a rollback requested in the manifest is not performed; use kubectl rollout undo"),

        // Service and Endpoints
        ["spec.clusterIPs"] = new(Impact.None, "only clusterIP is read: one IPv4 address per Service"),
        ["spec.ipFamilies"] = new(Impact.None, "only IPv4 single-stack is modelled"),
        ["spec.ipFamilyPolicy"] = new(Impact.None, "only IPv4 single-stack is modelled"),
        ["spec.loadBalancerIP"] = new(Impact.None, NoLoadBalancer),
        ["spec.loadBalancerSourceRanges"] = new(Impact.None, NoLoadBalancer),
        ["spec.loadBalancerClass"] = new(Impact.None, NoLoadBalancer),
        ["spec.allocateLoadBalancerNodePorts"] = new(Impact.None, NoLoadBalancer + ": node ports are always allocated"),
        ["spec.healthCheckNodePort"] = new(Impact.None, NoLoadBalancer),
        ["spec.externalTrafficPolicy"] = new(Impact.None, EvenSplit),
        ["spec.internalTrafficPolicy"] = new(Impact.None, EvenSplit),
        ["spec.trafficDistribution"] = new(Impact.None, EvenSplit),
        ["spec.sessionAffinityConfig"] = new(Impact.None, EvenSplit),
        ["service.spec.sessionAffinity"] = new(Impact.None, "load is split evenly over the ready endpoints whatever the affinity"),
        ["spec.publishNotReadyAddresses"] = new(Impact.None, "not-ready pods are published as not ready all the same: load goes to ready pods only"),
        ["service.spec.externalIPs"] = new(Impact.None, "no traffic is modelled: kubectl prints them, nothing routes to them"),
        ["service.spec.type"] = new(Impact.None, NoLoadBalancer + ": EXTERNAL-IP stays <pending>; node ports are allocated"),
        ["service.spec.externalName"] = new(Impact.None, NoDns + ": kubectl prints the name, nothing resolves it"),
        ["ports[].appProtocol"] = new(Impact.None, "no traffic is modelled"),
        ["addresses[].hostname"] = new(Impact.None, NoDns),
        ["notReadyAddresses[].hostname"] = new(Impact.None, NoDns),

        // Node and Namespace
        ["node.spec.providerID"] = new(Impact.None, "no cloud provider reads it: only node groups' nodes belong to the simulated cloud"),
        ["spec.podCIDRs"] = new(Impact.None, "only podCIDR is read: pods get IPv4 addresses"),
        ["spec.externalID"] = new(Impact.None, "deprecated, and read by nothing"),
        ["spec.configSource"] = new(Impact.None, "dynamic kubelet configuration is not modelled"),
        ["spec.finalizers"] = new(Impact.None, "deletion never waits for finalizers"),
    };

    /// <summary>The resource names whose requests the scheduler counts (NodeResourcesFit) and limits the kubelet enforces.</summary>
    private static readonly HashSet<string> SimulatedResources = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage" };

    /// <summary>
    /// The warning for an unsimulated field: `PATH is kept but not simulated (REASON)`, and for a field that could change
    /// where pods go or whether they run, what may differ from Kubernetes.
    /// </summary>
    internal static string UnsimulatedMessage(string path, Unsimulated field) => field.Impact switch
    {
        Impact.Placement => $"{path} is kept but not simulated, so where pods go may differ from Kubernetes ({field.Reason})",
        Impact.Running => $"{path} is kept but not simulated, so whether and how pods run may differ from Kubernetes ({field.Reason})",
        _ => $"{path} is kept but not simulated ({field.Reason})",
    };

    /// <summary>A path with its list indexes written `[]`: the key a warning is given once per file for.</summary>
    internal static string NormalizePath(string path) => ListIndex().Replace(path, "[]");

    /// <summary>The reason for the field at <paramref name="path"/> (looked up by the end of its normalized path); throws when none is recorded, a decoder bug.</summary>
    internal static Unsimulated UnsimulatedField(string path)
    {
        string normalized = NormalizePath(path).Replace("initContainers[]", "containers[]", StringComparison.Ordinal);
        for (int start = 0; start >= 0 && start < normalized.Length; start = normalized.IndexOf('.', start) is int dot and >= 0 ? dot + 1 : -1)
        {
            if (UnsimulatedFields.TryGetValue(normalized[start..], out var field))
            {
                return field;
            }
        }

        int last = normalized.LastIndexOf('.');
        if (last > 0 && normalized[..last].EndsWith("volumes[]", StringComparison.Ordinal))
        {
            return UnsimulatedFields["volumes[].*"];
        }

        throw new InvalidOperationException($"no reason is recorded for the unsimulated field {path}");
    }

    /// <summary>
    /// Warns about the fields of one decoded document that are kept but not simulated, in document order: once per
    /// normalized path and file, and not under a field already warned about in the file with the same impact (or any,
    /// for a field of no impact).
    /// </summary>
    private static void WarnUnsimulated(IEnumerable<UnsimulatedNote> notes, string file, DiagnosticBag diagnostics)
    {
        foreach (var note in notes.OrderBy(n => n.Location.Line).ThenBy(n => n.Location.Column))
        {
            var field = note.Key is null ? UnsimulatedField(note.Path) : UnsimulatedFields[note.Key];

            // A readiness probe's handlers share one warning: what it says does not depend on the handler.
            string normalized = ReadinessHandler().Replace(NormalizePath(note.Path), ".readinessProbe.(handler)");
            bool covered = false;
            for (int cut = LastCut(normalized); cut > 0 && !covered; cut = LastCut(normalized[..cut]))
            {
                int parent = diagnostics.Seen(file, "field:" + normalized[..cut]);
                covered = parent >= 0 && (field.Impact == Impact.None || parent == (int)field.Impact);
            }

            if (!covered && diagnostics.Seen(file, "field:" + normalized) < 0)
            {
                diagnostics.Remember(file, "field:" + normalized, (int)field.Impact);
                diagnostics.Warning(note.Location, UnsimulatedMessage(note.Path, field));
            }
        }
    }

    private static int LastCut(string path) => Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));

    /// <summary>The PodSpec fields the decoder reads that nothing in the simulation acts on.</summary>
    private static void NoteUnsimulatedPodSpec(Context c, string path, PodSpec spec)
    {
        c.Unsimulated(path + ".initContainers", "spec.initContainers");
        c.Unsimulated(path + ".hostname", "spec.hostname");
    }

    /// <summary>The Container fields the decoder reads that nothing in the simulation acts on.</summary>
    private static void NoteUnsimulatedContainer(Context c, string path, Container container)
    {
        foreach (var key in new[] { "command", "args", "env", "volumeMounts", "livenessProbe", "startupProbe" })
        {
            c.Unsimulated(path + "." + key, "containers[]." + key);
        }

        foreach (var handler in ProbeHandlers)
        {
            c.Unsimulated(path + ".readinessProbe." + handler, "readinessProbe." + handler);
        }

        for (int i = 0; i < container.Ports.Count; i++)
        {
            c.Unsimulated(FormattableString.Invariant($"{path}.ports[{i}].hostPort"), "containers[].ports[].hostPort");
        }

        foreach (var (list, names) in new[] { ("requests", container.Resources.Requests.Keys), ("limits", container.Resources.Limits.Keys) })
        {
            foreach (var name in names)
            {
                if (list == "limits" && name == "ephemeral-storage")
                {
                    c.Unsimulated($"{path}.resources.limits.{name}", "containers[].resources.limits.ephemeral-storage");
                }
                else if (!SimulatedResources.Contains(name))
                {
                    c.Unsimulated($"{path}.resources.{list}.{name}", $"containers[].resources.{list}.*");
                }
            }
        }
    }

    /// <summary>The Service fields the decoder reads that nothing in the simulation acts on.</summary>
    private static void NoteUnsimulatedService(Context c, string path, ServiceSpec spec)
    {
        c.Unsimulated(path + ".externalIPs", "service.spec.externalIPs");
        c.Unsimulated(path + ".externalName", "service.spec.externalName");
        if (spec.Type == "LoadBalancer")
        {
            c.Unsimulated(path + ".type", "service.spec.type");
        }

        if (spec.SessionAffinity == "ClientIP")
        {
            c.Unsimulated(path + ".sessionAffinity", "service.spec.sessionAffinity");
        }
    }

    /// <summary>A field kept but not simulated: its path, where its key is, and the entry of <see cref="UnsimulatedFields"/> (null: looked up by path).</summary>
    private sealed record UnsimulatedNote(string Path, SourceLocation Location, string? Key);

    [GeneratedRegex(@"\[[0-9]+\]", RegexOptions.CultureInvariant)]
    private static partial Regex ListIndex();

    [GeneratedRegex(@"\.readinessProbe\.(exec|httpGet|tcpSocket|grpc)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReadinessHandler();
}
