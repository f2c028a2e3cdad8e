using System.Text;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Cluster.SimClusterFixture;

namespace ClusterSim.Tests.Controllers.Disruption;

/// <summary>
/// kubectl drain through the eviction API on a simulated cluster (scheduler, kubelets, ReplicationController and
/// disruption controllers): a budget holds the second eviction until a replacement is Ready elsewhere; without a
/// budget, or with --disable-eviction, nothing waits; and what Kubernetes does not guard with budgets (a node crash,
/// a scale-down) ignores them.
/// </summary>
public class DrainEndToEndTests
{
    private static readonly Dictionary<string, ImageBehavior> Images = new(StringComparer.Ordinal)
    {
        ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(10), ReadyAfter = TimeSpan.FromSeconds(5) },
    };

    /// <summary>Two nodes, an RC of 4 (two pods a node) and, when given, a budget minAvailable on its pods.</summary>
    private static Sim.Cluster Setup(int? minAvailable, out ReplicationController rc)
    {
        var c = NewCluster(nodes: 2, cpu: "4", images: Images);
        rc = c.Api.Create(Rc("web", 4, cpu: "500m"));
        if (minAvailable is { } min)
        {
            c.Api.Create(new PodDisruptionBudget
            {
                Metadata = { Name = "web", Namespace = "default" },
                Spec = { MinAvailable = IntOrString.FromInt(min), Selector = new LabelSelector { MatchLabels = new(StringComparer.Ordinal) { ["app"] = "web" } } },
            });
        }

        c.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(2, c.Store.PodsOnNode("node-1").Count);
        return c;
    }

    private static int ReadyWebPods(Sim.Cluster c) =>
        c.Store.List<Pod>("default").Count(p => p.Metadata.Labels.GetValueOrDefault("app") == "web" && p.Metadata.DeletionTimestamp is null && PodUtil.IsReady(p));

    private static (string Now, StringBuilder Later, List<bool> Failures) Drain(Sim.Cluster c, string text)
    {
        Assert.True(KubectlCommandParser.TryParse(text, out var cmd, out var error), error?.Message);
        var later = new StringBuilder();
        var failures = new List<bool>();
        var output = new KubectlExecutor(c, ".").Execute(cmd, out bool failed, (t, f) =>
        {
            later.Append('[').Append(c.Now.TotalSeconds).Append("s]\n").Append(t);
            failures.Add(f);
        });
        Assert.False(failed);
        return (output, later, failures);
    }

    [Fact]
    public void ABudgetHoldsTheSecondEvictionUntilAReplacementIsReady()
    {
        using var c = Setup(minAvailable: 3, out _);
        var pods = c.Store.PodsOnNode("node-1").Select(p => p.Metadata.Name).ToList();
        int minReady = int.MaxValue;
        c.Kernel.AfterEvent += () => minReady = Math.Min(minReady, ReadyWebPods(c));

        var (now, later, failures) = Drain(c, "kubectl drain node-1");
        c.RunUntil(TimeSpan.FromMinutes(3));

        // At 60 s: both evictions are tried; the budget (4 healthy, 3 desired) allows one.
        Assert.Equal(
            $"node/node-1 cordoned\nevicting pod default/{pods[0]}\nevicting pod default/{pods[1]}\n" +
            $"error when evicting pods/\"{pods[1]}\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n",
            now);

        // The replacement needs its 10 s pull and 5 s to be Ready: the retries at 65 s and 70 s are refused, the one at 75 s
        // (or the first after the controller counted the new pod healthy) goes through.
        string text = later.ToString();
        Assert.Contains($"pod/{pods[0]} evicted\n", text, StringComparison.Ordinal);
        Assert.Contains($"[65s]\nevicting pod default/{pods[1]}\nerror when evicting pods/\"{pods[1]}\" -n \"default\" (will retry after 5s)", text, StringComparison.Ordinal);
        Assert.EndsWith($"pod/{pods[1]} evicted\nnode/node-1 drained\n", text, StringComparison.Ordinal);
        Assert.False(failures[^1]);
        Assert.Empty(c.Store.PodsOnNode("node-1"));
        Assert.Equal(4, ReadyWebPods(c));
        Assert.True(minReady >= 3, $"ready pods fell to {minReady} under a budget of 3");
    }

    [Fact]
    public void WithoutABudgetBothPodsGoAtOnce()
    {
        using var c = Setup(minAvailable: null, out _);
        var (now, later, _) = Drain(c, "kubectl drain node-1");
        c.RunUntil(TimeSpan.FromMinutes(2));
        Assert.DoesNotContain("error", now + later, StringComparison.Ordinal);
        Assert.EndsWith("node/node-1 drained\n", later.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DisableEvictionDeletesPastTheBudget()
    {
        using var c = Setup(minAvailable: 4, out _);
        var (now, later, _) = Drain(c, "kubectl drain node-1 --disable-eviction");
        c.RunUntil(TimeSpan.FromMinutes(2));
        Assert.DoesNotContain("evicting", now + later, StringComparison.Ordinal);
        Assert.Contains(" deleted\n", later.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("node/node-1 drained\n", later.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheTimeoutEndsADrainABudgetBlocks()
    {
        using var c = Setup(minAvailable: 4, out _);
        var pods = c.Store.PodsOnNode("node-1").Select(p => p.Metadata.Name).ToList();
        var (_, later, failures) = Drain(c, "kubectl drain node-1 --timeout=12s");
        c.RunUntil(TimeSpan.FromMinutes(2));
        string text = later.ToString();
        Assert.Contains($"error: unable to drain node \"node-1\" due to error: [error when evicting pods/\"{pods[0]}\" -n \"default\": global timeout reached: 12s, error when evicting pods/\"{pods[1]}\" -n \"default\": global timeout reached: 12s], continuing command...\n", text, StringComparison.Ordinal);
        Assert.EndsWith("There are pending nodes to be drained:\n node-1\n", text, StringComparison.Ordinal);
        Assert.True(failures[^1]);
        Assert.Equal(2, c.Store.PodsOnNode("node-1").Count);
    }

    [Fact]
    public void TaintBasedEvictionAfterANodeCrashIgnoresTheBudget()
    {
        // The taint eviction controller deletes pods directly (taint_eviction.go), not through the eviction API.
        using var c = Setup(minAvailable: 4, out _);
        var pods = c.Store.PodsOnNode("node-1").ToList();
        Assert.Null(new Sim.Faults.FaultInjector(c).NodeCrash("node-1"));
        c.RunUntil(TimeSpan.FromMinutes(8));
        Assert.All(pods, p => Assert.Equal("DeletionByTaintManager", p.Status.GetCondition("DisruptionTarget")?.Reason));
        Assert.All(pods, p => Assert.NotNull(p.Metadata.DeletionTimestamp));
    }

    [Fact]
    public void AScaleDownIgnoresTheBudget()
    {
        // Kubernetes guards only the eviction API with budgets: the ReplicationController scales down past it.
        using var c = Setup(minAvailable: 4, out var rc);
        rc.Replicas = 1;
        c.Api.Update(rc, specChanged: true);
        c.RunUntil(TimeSpan.FromMinutes(2));
        Assert.Equal(1, ReadyWebPods(c));
        var pdb = (PodDisruptionBudget)c.Store.Get("PodDisruptionBudget", "default/web")!;
        Assert.Equal((0, 1, 4, 1), (pdb.Status.DisruptionsAllowed, pdb.Status.CurrentHealthy, pdb.Status.DesiredHealthy, pdb.Status.ExpectedPods));
    }

    [Fact]
    public void ARollingUpdateIgnoresTheBudget()
    {
        // The Deployment controller scales ReplicaSets down itself (maxUnavailable 25% of 4 = 1), whatever a budget
        // that wants all 4 says; the budget only ever reports what is left.
        var images = new Dictionary<string, ImageBehavior>(Images, StringComparer.Ordinal)
        {
            ["app:v2"] = new() { PullTime = TimeSpan.FromSeconds(10), ReadyAfter = TimeSpan.FromSeconds(5) },
        };
        using var c = Deployments.DeploymentFixture.NewCluster(images, nodes: 2);
        var d = c.Api.Create(Deployments.DeploymentFixture.NewDeployment("web", 4));
        c.Api.Create(new PodDisruptionBudget
        {
            Metadata = { Name = "web", Namespace = "default" },
            Spec = { MinAvailable = IntOrString.FromInt(4), Selector = new LabelSelector { MatchLabels = new(StringComparer.Ordinal) { ["app"] = "web" } } },
        });
        c.RunUntil(TimeSpan.FromMinutes(1));
        int minReady = int.MaxValue;
        c.Kernel.AfterEvent += () => minReady = Math.Min(minReady, ReadyWebPods(c));
        Deployments.DeploymentFixture.SetImage(c, d, "app:v2");
        c.RunUntil(TimeSpan.FromMinutes(3));
        Assert.Equal(4, d.Status.UpdatedReplicas);
        Assert.Equal(3, minReady);
    }
}
