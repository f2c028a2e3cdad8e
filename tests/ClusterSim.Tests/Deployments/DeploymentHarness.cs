using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// A kernel, an API server and the deployment controller alone (no ReplicaSet controller, no kubelets), as
/// Kubernetes' controller tests use a fake clientset: ReplicaSets are put in the store with the status a test
/// wants, and the controller's methods are called on copies, as it would call them on its cache. The clock
/// starts at <see cref="T0"/> so tests can place timestamps before "now".
/// </summary>
internal sealed class DeploymentHarness : IDisposable
{
    /// <summary>The virtual time the harness starts at.</summary>
    public static readonly TimeSpan T0 = TimeSpan.FromHours(10);

    private readonly Trace _trace = new();

    public DeploymentHarness()
    {
        Kernel = new Kernel();
        Api = new ApiServer(Kernel, _trace, 1, new ControlPlaneConfig());
        Api.Bootstrap("192.168.0.2");
        Kernel.RunUntil(T0);
        Events = new EventRecorder(Kernel, _trace);
        Controller = new DeploymentController(Kernel, Api, Events, new ControlPlaneConfig());
        _trace.Observer = (_, category, text) => AllWrites.Add(category + " " + text);
    }

    public Kernel Kernel { get; }

    public ApiServer Api { get; }

    public EventRecorder Events { get; }

    public DeploymentController Controller { get; }

    /// <summary>
    /// deployment_controller_test.go newDeployment: RollingUpdate with maxSurge and maxUnavailable 0 unless
    /// given (not valid for the API server: such test Deployments are only passed to the controller's methods),
    /// a template of one container "foo/bar" labelled with the selector.
    /// </summary>
    public static Deployment NewDeployment(string name, int replicas, int? revisionHistoryLimit = null, IntOrString? maxSurge = null, IntOrString? maxUnavailable = null, IReadOnlyDictionary<string, string>? selector = null)
    {
        var labels = selector ?? new Dictionary<string, string> { ["foo"] = "bar" };
        var d = new Deployment
        {
            ApiVersion = "apps/v1",
            Metadata = { Name = name, Namespace = "default", Uid = "uid-" + name },
            Replicas = replicas,
            Selector = new LabelSelector(),
            Strategy = new DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new RollingUpdateDeployment { MaxSurge = maxSurge ?? IntOrString.FromInt(0), MaxUnavailable = maxUnavailable ?? IntOrString.FromInt(0) },
            },
            RevisionHistoryLimit = revisionHistoryLimit,
        };
        foreach (var (k, v) in labels)
        {
            d.Selector.MatchLabels[k] = v;
            d.Template.Metadata.Labels[k] = v;
        }

        d.Template.Spec.Containers.Add(new Container { Name = "c", Image = "foo/bar" });
        return d;
    }

    /// <summary>
    /// Stores a ReplicaSet (deployment_controller_test.go rs / newRSWithStatus / newReplicaSet): created at
    /// <paramref name="created"/>, with the given status and observed by its controller. Owned by
    /// <paramref name="owner"/> when given, and then labelled with its selector and template (as newReplicaSet
    /// does); else selected by rs=NAME. Returns a copy, as the controller's cache would hand it out.
    /// </summary>
    public ReplicaSet AddReplicaSet(string name, int replicas, TimeSpan? created = null, int statusReplicas = 0, int available = 0, Deployment? owner = null, PodTemplateSpec? template = null)
    {
        var rs = new ReplicaSet { ApiVersion = "apps/v1", Metadata = { Name = name, Namespace = "default" }, Replicas = replicas, Selector = new LabelSelector() };
        if (template is not null || owner is not null)
        {
            rs.Template = (template ?? owner!.Template).Clone();
        }
        else
        {
            rs.Template.Spec.Containers.Add(new Container { Name = "c", Image = "foo/bar" });
        }

        var labels = owner?.Selector?.MatchLabels ?? new SortedDictionary<string, string>(StringComparer.Ordinal) { ["rs"] = name };
        foreach (var (k, v) in labels)
        {
            rs.Metadata.Labels[k] = v;
            rs.Template.Metadata.Labels[k] = v;
            rs.Selector.MatchLabels[k] = v;
        }

        if (owner is not null)
        {
            rs.Metadata.OwnerReferences.Add(new OwnerReference("apps/v1", "Deployment", owner.Metadata.Name, owner.Metadata.Uid));
        }

        Api.Create(rs);
        rs.Metadata.CreationTimestamp = created ?? TimeSpan.Zero;
        rs.Status.Replicas = statusReplicas;
        rs.Status.AvailableReplicas = available;
        rs.Status.ObservedGeneration = rs.Metadata.Generation;
        return ObjectCopies.Clone(rs);
    }

    /// <summary>The stored ReplicaSet.</summary>
    public ReplicaSet Live(string name) => Api.Store.Get<ReplicaSet>("default", name) ?? throw new InvalidOperationException(name + " is gone");

    /// <summary>Stores a valid Deployment and returns a copy of it, as the controller's sync starts from.</summary>
    public Deployment AddDeployment(Deployment d, Action<Deployment>? afterCreate = null)
    {
        Api.Create(d);
        afterCreate?.Invoke(d);
        return ObjectCopies.Clone(d);
    }

    /// <summary>Traced writes and events since the harness was built ("create ReplicaSet/default/x", "status Deployment/default/d", ...).</summary>
    public List<string> AllWrites { get; } = [];

    /// <summary>The API writes among <see cref="AllWrites"/> (not events).</summary>
    public List<string> Writes => AllWrites.Where(w => !w.StartsWith("event ", StringComparison.Ordinal)).ToList();

    public void Dispose() => _trace.Dispose();
}
