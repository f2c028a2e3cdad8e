using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Store;

/// <summary>
/// The kube-apiserver analogue: every write goes through here. Create defaults, validates and allocates
/// (uids, generated names, ClusterIPs, NodePorts) and runs the admission plugins we model
/// (DefaultTolerationSeconds, Priority); delete is graceful for pods that run on a node, as in Kubernetes.
/// Each write is traced.
/// </summary>
public sealed class ApiServer
{
    // k8s.io/apimachinery/pkg/util/rand: the alphabet generateName suffixes are drawn from (no vowels, no confusables).
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly Kernel _kernel;
    private readonly Trace _trace;
    private readonly RandomStream _names;
    private readonly RandomStream _uids;
    private readonly RandomStream _bootstrapUids;
    private readonly ControlPlaneConfig _config;

    public ApiServer(Kernel kernel, Trace trace, long seed, ControlPlaneConfig config)
    {
        _kernel = kernel;
        _trace = trace;
        _config = config;
        _names = new RandomStream(seed, "apiserver/names");
        _uids = new RandomStream(seed, "apiserver/uids");
        _bootstrapUids = new RandomStream(seed, "apiserver/system-priority-class-uids");
        Network = new ClusterNetwork(new RandomStream(seed, "apiserver/allocators"));
    }

    /// <summary>The objects, for reading.</summary>
    public ObjectStore Store { get; } = new();

    /// <summary>Address allocators.</summary>
    public ClusterNetwork Network { get; }

    /// <summary>
    /// Creates the objects a fresh cluster has: namespaces default, kube-system, kube-public, kube-node-lease, the
    /// `kubernetes` Service and the built-in PriorityClasses system-node-critical and system-cluster-critical
    /// (pkg/registry/scheduling/rest storage_scheduling.go AddSystemPriorityClasses). The classes take their uids
    /// from a stream of their own, so every other object keeps the uid it had before they existed here.
    /// </summary>
    public void Bootstrap(string apiServerEndpoint)
    {
        foreach (var ns in new[] { "default", "kube-node-lease", "kube-public", "kube-system" })
        {
            Create(new Namespace { Metadata = { Name = ns } });
        }

        foreach (var pc in PriorityClasses.SystemPriorityClasses())
        {
            Create(pc, _bootstrapUids);
        }

        var svc = new Service
        {
            Metadata = { Name = "kubernetes", Namespace = "default", Labels = { ["component"] = "apiserver", ["provider"] = "kubernetes" } },
            Spec = { ClusterIP = Network.KubernetesServiceIp, Ports = [new ServicePort { Name = "https", Port = 443, TargetPort = IntOrString.FromInt(6443) }] },
        };
        Create(svc);
        Create(new Endpoints
        {
            Metadata = { Name = "kubernetes", Namespace = "default" },
            Subsets = [new EndpointSubset { Addresses = [new EndpointAddress(apiServerEndpoint, null, null)], Ports = [new EndpointPort("https", 6443, "TCP")] }],
        });
    }

    /// <summary>
    /// Creates <paramref name="obj"/>: fills namespace, name, uid, timestamps; defaults; validates; allocates.
    /// Throws <see cref="ApiException"/> with the API server's message when it is refused.
    /// </summary>
    public T Create<T>(T obj)
        where T : KubeObject => Create(obj, _uids);

    private T Create<T>(T obj, RandomStream uids)
        where T : KubeObject
    {
        var meta = obj.Metadata;
        var resource = ApiResources.Of(obj);
        if (resource.Namespaced)
        {
            if (meta.Namespace.Length == 0)
            {
                meta.Namespace = "default";
            }

            if (Store.Get("Namespace", meta.Namespace) is null)
            {
                throw ApiException.NotFound("namespaces", meta.Namespace);
            }
        }
        else
        {
            meta.Namespace = "";
        }

        // Mutating admission runs before the registry generates a name (rest.BeforeCreate).
        if (obj is Pod admitted)
        {
            PriorityAdmission.AdmitPod(Store, admitted);
        }

        if (meta.Name.Length == 0 && !string.IsNullOrEmpty(meta.GenerateName))
        {
            meta.Name = GenerateUniqueName(obj.Kind, resource.Namespaced, meta.Namespace, meta.GenerateName);
        }

        if (obj is KeptObject kept && Store.Resource(kept.Kind) is { } served && served.GroupVersion != kept.Resource.GroupVersion)
        {
            // The store files objects by kind: two custom resources of one kind in different groups (or versions) cannot both be kept.
            throw new ApiException("BadRequest", $"{kept.Kind} is already served as {served.GroupVersion}: ClusterSim keeps one group and version per kind, not {kept.Resource.GroupVersion}");
        }

        Defaults.Apply(obj, _config);
        if (obj is Pod pod)
        {
            PodStrategy.MutatePodAffinity(pod);
        }

        var errors = Validation.Validate(obj);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(obj.Kind, meta.Name, string.Join(", ", errors));
        }

        // Validating admission runs after the object's own validation.
        if (obj is PriorityClass pc)
        {
            PriorityAdmission.ValidatePriorityClass(Store, pc, update: false);
        }

        if (Store.Get(obj.Kind, obj.Key) is not null)
        {
            throw ApiException.AlreadyExists(resource.Resource, meta.Name);
        }

        if (obj is Service svc)
        {
            AllocateServiceAddresses(svc);
        }

        meta.Uid = NewUid(uids);
        meta.CreationTimestamp = _kernel.Now;
        meta.Generation = 1;
        meta.DeletionTimestamp = null;
        Store.Add(obj);
        TraceWrite("create", obj);
        return obj;
    }

    /// <summary>
    /// Records a change made to a stored object. <paramref name="specChanged"/> bumps metadata.generation (and
    /// re-applies a Deployment's defaults, as every write is defaulted). Kubernetes also bumps a Deployment's
    /// generation when only its annotations change (they are copied to its ReplicaSets): callers changing a
    /// Deployment's annotations (kubectl annotate, a change-cause) pass <paramref name="specChanged"/> true.
    /// </summary>
    public void Update(KubeObject obj, bool specChanged = false)
    {
        // The same test as Get(kind, key) == obj, by uid: no key string is built on every write.
        if (!Store.IsStored(obj))
        {
            throw ApiException.NotFound(ApiResources.Of(obj).Resource, obj.Metadata.Name);
        }

        if (specChanged)
        {
            obj.Metadata.Generation++;
            if (obj is Deployment d)
            {
                // The API server defaults every write: e.g. a strategy switched to RollingUpdate gets its 25%/25%.
                Defaults.Apply(d, _config);
            }
        }

        Store.Modified(obj);
        TraceWrite(specChanged ? "update" : "status", obj);
    }

    /// <summary>
    /// A kubelet's renewal of its node Lease (pkg/kubelet/nodelease controller.go, renewTime = now), made
    /// observable to the Lease's watchers (the node lifecycle controller) but, unlike every other change, not
    /// recorded as a write: it takes no resourceVersion and leaves no trace record. A renewal is a fact that
    /// follows from time (one every nodeLeaseRenewInterval at the kubelet's own phase while it runs), 1,000 a
    /// second at 5,000 nodes; what depends on it (NotReady, taints, evictions) is recorded where it happens.
    /// Creating the Lease, or replacing a missing one, is an ordinary create.
    /// </summary>
    public void RenewLease(Lease lease)
    {
        if (!Store.IsStored(lease))
        {
            throw ApiException.NotFound(ApiResources.ForKind(lease.Kind).Resource, lease.Metadata.Name);
        }

        lease.RenewTime = _kernel.Now;
        Store.Touched(lease);
    }

    /// <summary>
    /// Deletes <paramref name="obj"/>. A pod bound to a node that has not finished is deleted gracefully:
    /// it gets a deletionTimestamp and stays (Terminating) until its kubelet confirms with
    /// <see cref="Remove"/>; everything else goes at once. Returns false if it was already gone.
    /// </summary>
    public bool Delete(KubeObject obj, long? gracePeriodSeconds = null)
    {
        if (Store.Get(obj.Kind, obj.Key) != obj)
        {
            return false;
        }

        if (obj is Pod pod && pod.Spec.NodeName.Length > 0 && pod.Status.Phase is not ("Succeeded" or "Failed"))
        {
            long grace = gracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds;
            if (grace > 0 || pod.Metadata.DeletionTimestamp is not null)
            {
                if (pod.Metadata.DeletionTimestamp is null || (pod.Metadata.DeletionGracePeriodSeconds ?? long.MaxValue) > grace)
                {
                    pod.Metadata.DeletionTimestamp ??= _kernel.Now;
                    pod.Metadata.DeletionGracePeriodSeconds = grace;
                    Store.Modified(pod);
                    TraceWrite("terminate", pod);
                }

                return true;
            }
        }

        if (obj is Namespace ns)
        {
            foreach (var r in ApiResources.All.Concat(Store.CustomResources.ToList()).Where(r => r.Namespaced))
            {
                foreach (var child in Store.List(r.Kind, ns.Metadata.Name).ToList())
                {
                    Remove(child);
                }
            }
        }

        Remove(obj);
        return true;
    }

    /// <summary>Removes an object at once (the end of a graceful deletion, or a force delete).</summary>
    public void Remove(KubeObject obj)
    {
        obj.Metadata.DeletionTimestamp ??= _kernel.Now;
        if (!Store.Remove(obj))
        {
            return;
        }

        if (obj is Service svc)
        {
            Network.ReleaseClusterIp(svc.Spec.ClusterIP);
            foreach (var p in svc.Spec.Ports.Where(p => p.NodePort != 0))
            {
                Network.ReleaseNodePort(p.NodePort);
            }
        }

        TraceWrite("delete", obj);
    }

    /// <summary>Traces a write as <c>obj.ToString()</c> would print it (kind/namespace/name), without building the string.</summary>
    private void TraceWrite(string category, KubeObject obj) =>
        _trace.Record(_kernel.NowTicks, category, obj.Kind, obj.Namespaced ? obj.Metadata.Namespace : null, obj.Metadata.Name);

    private void AllocateServiceAddresses(Service svc)
    {
        var spec = svc.Spec;
        if (spec.Type == "ExternalName")
        {
            return;
        }

        var reservedPorts = new List<int>();
        if (spec.ClusterIP.Length > 0 && spec.ClusterIP != "None")
        {
            if (!Network.TryReserveClusterIp(spec.ClusterIP))
            {
                throw ApiException.Invalid("Service", svc.Metadata.Name, $"spec.clusterIPs: Invalid value: []string{{\"{spec.ClusterIP}\"}}: failed to allocate IP {spec.ClusterIP}: provided IP is already allocated");
            }
        }

        if (spec.Type is "NodePort" or "LoadBalancer")
        {
            for (int i = 0; i < spec.Ports.Count; i++)
            {
                var port = spec.Ports[i];
                if (port.NodePort != 0 && !Network.TryReserveNodePort(port.NodePort))
                {
                    foreach (var r in reservedPorts)
                    {
                        Network.ReleaseNodePort(r);
                    }

                    if (spec.ClusterIP.Length > 0)
                    {
                        Network.ReleaseClusterIp(spec.ClusterIP);
                    }

                    throw ApiException.Invalid("Service", svc.Metadata.Name, string.Create(CultureInfo.InvariantCulture, $"spec.ports[{i}].nodePort: Invalid value: {port.NodePort}: provided port is already allocated"));
                }

                if (port.NodePort != 0)
                {
                    reservedPorts.Add(port.NodePort);
                }
            }

            foreach (var port in spec.Ports.Where(p => p.NodePort == 0))
            {
                port.NodePort = Network.AllocateNodePort();
            }
        }

        if (spec.ClusterIP.Length == 0)
        {
            spec.ClusterIP = Network.AllocateClusterIp();
        }
    }

    private string GenerateUniqueName(string kind, bool namespaced, string ns, string prefix)
    {
        // apiserver's names.SimpleNameGenerator: prefix (cut to 58 characters) + 5 random characters.
        if (prefix.Length > 58)
        {
            prefix = prefix[..58];
        }

        Span<char> suffix = stackalloc char[5];
        while (true)
        {
            for (int i = 0; i < suffix.Length; i++)
            {
                suffix[i] = NameAlphabet[_names.NextInt(NameAlphabet.Length)];
            }

            var name = prefix + new string(suffix);
            var key = namespaced ? ns + "/" + name : name;
            if (Store.Get(kind, key) is null)
            {
                return name;
            }
        }
    }

    private static string NewUid(RandomStream uids)
    {
        ulong a = uids.NextUInt64(), b = uids.NextUInt64();
        // A version-4 UUID layout, from the seeded stream.
        a = (a & 0xFFFFFFFFFFFF0FFFUL) | 0x0000000000004000UL;
        b = (b & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        return string.Create(CultureInfo.InvariantCulture, $"{a >> 32:x8}-{(a >> 16) & 0xFFFF:x4}-{a & 0xFFFF:x4}-{b >> 48:x4}-{b & 0xFFFFFFFFFFFFUL:x12}");
    }
}
