using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Store;

/// <summary>
/// The Priority admission plugin and PriorityClass validation, with cases ported from
/// plugin/pkg/admission/priority/admission_test.go (TestPriorityClassAdmission, TestDefaultPriority, TestPodAdmission)
/// and pkg/apis/scheduling/validation/validation_test.go.
/// </summary>
public sealed class PriorityAdmissionTests : IDisposable
{
    private readonly Trace _trace = new();
    private readonly ApiServer _api;

    public PriorityAdmissionTests()
    {
        _api = new ApiServer(new Kernel(), _trace, 1, new ControlPlaneConfig());
        _api.Bootstrap("192.168.0.1");
    }

    public void Dispose() => _trace.Dispose();

    private static PriorityClass Class(string name, int value, bool globalDefault = false, string? policy = null) =>
        new() { Metadata = { Name = name }, Value = value, GlobalDefault = globalDefault, PreemptionPolicy = policy };

    private static Pod PodOf(string name, string? className = null, int? priority = null, string? policy = null)
    {
        var pod = new Pod { Metadata = { Name = name } };
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "nginx:1.27" });
        pod.Spec.PriorityClassName = className;
        pod.Spec.Priority = priority;
        pod.Spec.PreemptionPolicy = policy;
        return pod;
    }

    [Fact]
    public void TheSystemClassesExistFromTheStart()
    {
        var node = Assert.IsType<PriorityClass>(_api.Store.Get("PriorityClass", "system-node-critical"));
        var cluster = Assert.IsType<PriorityClass>(_api.Store.Get("PriorityClass", "system-cluster-critical"));
        Assert.Equal((2000001000, 2000000000), (node.Value, cluster.Value));
        Assert.Equal(PriorityClasses.PreemptLowerPriority, cluster.PreemptionPolicy);
        Assert.False(cluster.GlobalDefault);
    }

    /// <summary>TestPodAdmission "Pod with no priority class and no default class": 0 and PreemptLowerPriority.</summary>
    [Fact]
    public void NoClassAndNoDefaultGivesZero()
    {
        var pod = _api.Create(PodOf("p"));
        Assert.Equal((0, PriorityClasses.PreemptLowerPriority, null), (pod.Spec.Priority, pod.Spec.PreemptionPolicy, pod.Spec.PriorityClassName));
    }

    /// <summary>TestPodAdmission "pod with no priority class name and a default class": the default's value and name.</summary>
    [Fact]
    public void TheGlobalDefaultApplies()
    {
        _api.Create(Class("default1", 1000, globalDefault: true, policy: PriorityClasses.PreemptNever));
        var pod = _api.Create(PodOf("p"));
        Assert.Equal((1000, PriorityClasses.PreemptNever, "default1"), (pod.Spec.Priority, pod.Spec.PreemptionPolicy, pod.Spec.PriorityClassName));
    }

    /// <summary>TestPodAdmission "Pod with system-cluster-critical priority" and a user class.</summary>
    [Fact]
    public void TheNamedClassApplies()
    {
        Assert.Equal(2000000000, _api.Create(PodOf("sys", PriorityClasses.SystemClusterCritical)).Spec.Priority);
        _api.Create(Class("high", 100000));
        var pod = _api.Create(PodOf("p", "high"));
        Assert.Equal((100000, PriorityClasses.PreemptLowerPriority), (pod.Spec.Priority, pod.Spec.PreemptionPolicy));
    }

    /// <summary>TestPodAdmission "Pod with a non-existing priority class", with the generateName of a controller's pod.</summary>
    [Fact]
    public void AnUnknownClassIsForbidden()
    {
        var e = Assert.Throws<ApiException>(() => _api.Create(PodOf("p", "nope")));
        Assert.Equal(("Forbidden", "pods \"p\" is forbidden: no PriorityClass with name nope was found"), (e.Reason, e.Message));

        var generated = PodOf("", "nope");
        generated.Metadata.GenerateName = "web-5d4fb7c5-";
        e = Assert.Throws<ApiException>(() => _api.Create(generated));
        Assert.Equal("pods \"web-5d4fb7c5-\" is forbidden: no PriorityClass with name nope was found", e.Message);
    }

    /// <summary>TestPodAdmission "pod with a priority that differs from the class" and the same for preemptionPolicy.</summary>
    [Fact]
    public void AGivenPriorityMustMatchTheClass()
    {
        _api.Create(Class("high", 1000));
        Assert.Equal(1000, _api.Create(PodOf("same", "high", priority: 1000)).Spec.Priority);
        var e = Assert.Throws<ApiException>(() => _api.Create(PodOf("p", "high", priority: 5)));
        Assert.Equal("pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name", e.Message);
        e = Assert.Throws<ApiException>(() => _api.Create(PodOf("q", "high", policy: PriorityClasses.PreemptNever)));
        Assert.Equal("pods \"q\" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name", e.Message);
    }

    /// <summary>TestPriorityClassAdmission: "one default class" passes, "multiple default classes" is refused.</summary>
    [Fact]
    public void OnlyOneGlobalDefault()
    {
        _api.Create(Class("default1", 1000, globalDefault: true));
        var e = Assert.Throws<ApiException>(() => _api.Create(Class("default2", 2000, globalDefault: true)));
        Assert.Equal(("Forbidden", "priorityclasses.scheduling.k8s.io \"default2\" is forbidden: PriorityClass default1 is already marked as default. Only one default can exist"), (e.Reason, e.Message));

        // Updating the default itself is allowed; marking another one is not.
        PriorityAdmission.ValidatePriorityClass(_api.Store, Class("default1", 1000, globalDefault: true), update: true);
        Assert.Throws<ApiException>(() => PriorityAdmission.ValidatePriorityClass(_api.Store, Class("other", 10, globalDefault: true), update: true));
    }

    /// <summary>TestDefaultPriority "multiple default classes resolves to the minimum value among them" (a race the lister can show).</summary>
    [Fact]
    public void SeveralDefaultsResolveToTheLowest()
    {
        _api.Store.Add(Class("a", 2000, globalDefault: true));
        _api.Store.Add(Class("b", 1000, globalDefault: true));
        Assert.Equal("b", PriorityAdmission.DefaultPriorityClass(_api.Store)!.Metadata.Name);
    }

    /// <summary>validation_test.go TestValidatePriorityClass / TestValidatePriorityClassUpdate.</summary>
    [Fact]
    public void PriorityClassValidation()
    {
        Assert.Empty(Validation.Validate(Class("tier1", 100)));
        Assert.Empty(Validation.Validate(Class(PriorityClasses.SystemNodeCritical, PriorityClasses.SystemCriticalPriority + 1000)));
        Assert.Equal(
            ["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"],
            Validation.Validate(Class("tier1", PriorityClasses.HighestUserDefinablePriority + 1)).Select(e => e.ToString()));
        Assert.Equal(
            ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class"],
            Validation.Validate(Class("system-foo", 100)).Select(e => e.ToString()));
        Assert.Equal(
            ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"],
            Validation.Validate(Class(PriorityClasses.SystemClusterCritical, 5)).Select(e => e.ToString()));
        Assert.Equal(
            ["preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\""],
            Validation.Validate(Class("tier1", 1, policy: "Sometimes")).Select(e => e.ToString()));
        Assert.Equal(
            ["value: Forbidden: may not be changed in an update.", "preemptionPolicy: Invalid value: \"Never\": field is immutable"],
            Validation.ValidatePriorityClassUpdate(Class("tier1", 2, policy: "Never"), Class("tier1", 1, policy: "PreemptLowerPriority")).Select(e => e.ToString()));
    }

    /// <summary>Pods of a ReplicaSet go through the admission too: an unknown class stops their creation with the API server's words.</summary>
    [Fact]
    public void ControllerPodsAreAdmittedToo()
    {
        using var cluster = new Sim.Cluster(1, new ControlPlaneConfig());
        cluster.Api.Create(new PriorityClass { Metadata = { Name = "batch" }, Value = -5 });
        var rs = new ReplicaSet { Metadata = { Name = "web", Namespace = "default" }, Replicas = 1, Selector = new LabelSelector { MatchLabels = { ["app"] = "web" } } };
        rs.Template.Metadata.Labels["app"] = "web";
        rs.Template.Spec.Containers.Add(new Container { Name = "c", Image = "nginx:1.27" });
        rs.Template.Spec.PriorityClassName = "batch";
        cluster.Api.Create(rs);
        cluster.RunUntil(TimeSpan.FromSeconds(1));
        var pod = Assert.Single(cluster.Store.List<Pod>("default"));
        Assert.Equal(-5, pod.Spec.Priority);
    }
}
