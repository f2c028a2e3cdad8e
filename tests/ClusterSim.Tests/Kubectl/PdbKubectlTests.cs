using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

/// <summary>kubectl get/describe pdb through the executor, on a budget the cluster's disruption controller has synced.</summary>
public sealed class PdbKubectlTests : IDisposable
{
    private readonly Sim.Cluster _cluster = new(7);
    private readonly KubectlExecutor _kubectl;

    public PdbKubectlTests() => _kubectl = new KubectlExecutor(_cluster, "/scenario");

    public void Dispose() => _cluster.Dispose();

    private (string Output, bool Failed) Run(string text)
    {
        Assert.True(KubectlCommandParser.TryParse(text, out var cmd, out var error), error?.Message);
        var output = _kubectl.Execute(cmd, out bool failed);
        return (output, failed);
    }

    [Fact]
    public void ABudgetWithoutPods()
    {
        _cluster.Api.Create(new PodDisruptionBudget
        {
            Metadata = { Name = "web", Namespace = "default" },
            Spec = { MinAvailable = IntOrString.FromInt(1), Selector = new LabelSelector { MatchLabels = { ["app"] = "web" } } },
        });
        _cluster.RunUntil(TimeSpan.FromSeconds(30));

        // The controller finds no pod: nothing healthy, one desired, no disruption allowed.
        Assert.Equal(
            ("NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb    1               N/A               0                     30s\n", false),
            Run("kubectl get poddisruptionbudgets"));
        var (describe, failed) = Run("kubectl describe pdb web");
        Assert.False(failed);
        Assert.StartsWith(
            string.Join(
                "\n",
                "Name:           web",
                "Namespace:      default",
                "Min available:  1",
                "Selector:       app=web",
                "Status:",
                "    Allowed disruptions:  0",
                "    Current:              0",
                "    Desired:              1",
                "    Total:                0",
                "Events:\n"),
            describe,
            StringComparison.Ordinal);
        Assert.Contains("  Normal  NoPods  ", describe, StringComparison.Ordinal);
        Assert.Contains("\nkind: PodDisruptionBudget\n", Run("kubectl get pdb/web -o yaml").Output, StringComparison.Ordinal);
        Assert.Equal(("No resources found in kube-system namespace.\n", false), Run("kubectl get pdb -n kube-system"));

        // Not in kubectl's "all" category.
        Assert.DoesNotContain("poddisruptionbudget", Run("kubectl get all").Output, StringComparison.Ordinal);
    }
}
