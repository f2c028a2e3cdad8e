using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Disruption;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Controllers.Disruption;

/// <summary>
/// The disruption controller and the eviction subresource on a bare API server (no scheduler, kubelets or
/// workload controllers), as disruption_test.go's newFakeDisruptionController: objects are written to the store by
/// hand and the controller is synced directly.
/// </summary>
internal sealed class DisruptionHarness : IDisposable
{
    private readonly Trace _trace = new();

    public DisruptionHarness()
    {
        Api = new ApiServer(Kernel, _trace, 1, new ControlPlaneConfig());
        Api.Bootstrap("192.168.0.2");
        Events = new EventRecorder(Kernel, _trace);
        Controller = new DisruptionController(Kernel, Api, Events);
        Eviction = new Eviction(Kernel, Api, Controller);

        // Start away from zero so that times before "now" exist (disruptedPods entries minutes ago).
        Kernel.RunUntil(TimeSpan.FromMinutes(10));
    }

    public Kernel Kernel { get; } = new();

    public ApiServer Api { get; }

    public EventRecorder Events { get; }

    public DisruptionController Controller { get; }

    public Eviction Eviction { get; }

    public static SortedDictionary<string, string> FooBar => new(StringComparer.Ordinal) { ["foo"] = "bar" };

    /// <summary>newMinAvailablePodDisruptionBudget / newMaxUnavailablePodDisruptionBudget: selector foo=bar.</summary>
    public PodDisruptionBudget Budget(IntOrString? minAvailable = null, IntOrString? maxUnavailable = null, string name = "foobar") =>
        new()
        {
            Metadata = { Name = name, Namespace = "default" },
            Spec = { MinAvailable = minAvailable, MaxUnavailable = maxUnavailable, Selector = new LabelSelector { MatchLabels = FooBar } },
        };

    /// <summary>newPod: a Running, Ready pod labelled foo=bar.</summary>
    public Pod Pod(string name, KubeObject? owner = null, bool ready = true)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "default", Labels = FooBar } };
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "i" });
        pod.Status.Phase = "Running";
        if (ready)
        {
            pod.Status.SetCondition("Ready", "True", Kernel.Now);
        }

        if (owner is not null)
        {
            SetOwner(pod, owner);
        }

        return pod;
    }

    public static void SetOwner(Pod pod, KubeObject owner)
    {
        pod.Metadata.OwnerReferences.Clear();
        pod.Metadata.OwnerReferences.Add(new OwnerReference(owner.ApiVersion, owner.Kind, owner.Metadata.Name, owner.Metadata.Uid));
    }

    public ReplicaSet ReplicaSet(int replicas, string name = "foobar") => new()
    {
        ApiVersion = "apps/v1",
        Metadata = { Name = name, Namespace = "default", Labels = FooBar },
        Replicas = replicas,
        Selector = new LabelSelector { MatchLabels = FooBar },
        Template = Template(),
    };

    /// <summary>A template the API server's validation accepts: labels foo=bar (and baz=quux, which RC tests select on) and one container.</summary>
    public static PodTemplateSpec Template()
    {
        var template = new PodTemplateSpec { Metadata = { Labels = FooBar } };
        template.Metadata.Labels["baz"] = "quux";
        template.Spec.Containers.Add(new Container { Name = "c", Image = "i" });
        return template;
    }

    public ReplicationController ReplicationController(int replicas, string name = "foobar") => new()
    {
        Metadata = { Name = name, Namespace = "default", Labels = FooBar },
        Replicas = replicas,
        Template = Template(),
    };

    public void Sync(PodDisruptionBudget pdb) => Controller.Sync(pdb.Key);

    /// <summary>Runs what is due now (work queue items the watches added).</summary>
    public void Settle() => Kernel.RunUntil(Kernel.Now);

    /// <summary>pdbStates.VerifyPdbStatus.</summary>
    public void Verify(PodDisruptionBudget pdb, int disruptionsAllowed, int currentHealthy, int desiredHealthy, int expectedPods, params (string Pod, TimeSpan At)[] disrupted)
    {
        var stored = (PodDisruptionBudget)Api.Store.Get("PodDisruptionBudget", pdb.Key)!;
        var s = stored.Status;
        Assert.Equal(
            (disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods, stored.Metadata.Generation),
            (s.DisruptionsAllowed, s.CurrentHealthy, s.DesiredHealthy, s.ExpectedPods, s.ObservedGeneration));
        Assert.Equal(disrupted.OrderBy(d => d.Pod, StringComparer.Ordinal).ToList(), s.DisruptedPods.Select(kv => (kv.Key, kv.Value)).ToList());
        var condition = Assert.Single(s.Conditions, c => c.Type == "DisruptionAllowed");
        Assert.Equal(disruptionsAllowed > 0 ? ("True", "SufficientPods") : ("False", "InsufficientPods"), (condition.Status, condition.Reason));
    }

    public bool EventEmitted(string reason) => Events.Events.Any(e => e.Reason == reason);

    public void Dispose() => _trace.Dispose();
}
