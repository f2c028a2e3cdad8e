using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Running;
using static ClusterSim.Tests.Load.LoadFixture;

namespace ClusterSim.Tests.Load;

/// <summary>kubectl top's output: metrics_printer.go columns, every cell tab-terminated (so the last column is padded too).</summary>
public class KubectlTopTests
{
    private static string Run(Sim.Cluster c, string text, out bool failed)
    {
        Assert.True(KubectlCommandParser.TryParse(text, out var cmd, out var error), error?.Message);
        return new KubectlExecutor(c, ".").Execute(cmd, out failed);
    }

    private static Sim.Cluster Cluster()
    {
        var c = NewCluster();
        c.Api.Create(Pod("web-1", "web", "node-1"));
        c.Api.Create(Pod("web-2", "web", "node-2", limit: "100m"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), _ => 40);
        return c;
    }

    [Fact]
    public void BeforeTheSecondReadingThereAreNoMetrics()
    {
        using var c = Cluster();
        c.RunUntil(TimeSpan.FromSeconds(10));
        Assert.Equal("error: metrics not available yet\n", Run(c, "kubectl top pods", out bool failed));
        Assert.True(failed);
        Assert.Equal("error: metrics not available yet\n", Run(c, "kubectl top nodes", out failed));
        Assert.True(failed);
        Assert.Equal("No resources found in kube-system namespace.\n", Run(c, "kubectl top pods -n kube-system", out failed));
        Assert.False(failed);
    }

    [Fact]
    public void TopPods()
    {
        using var c = Cluster();
        c.RunUntil(TimeSpan.FromSeconds(90));
        // web-1: 10 + 20 x 10 = 210m; web-2 capped at its 100m limit.
        Assert.Equal(
            "NAME    CPU(cores)   MEMORY(bytes)   \n" +
            "web-1   210m         64Mi            \n" +
            "web-2   100m         64Mi            \n",
            Run(c, "kubectl top pods", out bool failed));
        Assert.False(failed);
        Assert.Equal(
            "NAMESPACE   NAME    CPU(cores)   MEMORY(bytes)   \n" +
            "default     web-1   210m         64Mi            \n" +
            "default     web-2   100m         64Mi            \n",
            Run(c, "kubectl top pod -A -l app=web", out _));
        Assert.Equal(
            "NAME    CPU(cores)   MEMORY(bytes)   \n" +
            "web-1   210m         64Mi            \n",
            Run(c, "kubectl top pod web-1", out _));
        Assert.Equal("Error from server (NotFound): podmetrics.metrics.k8s.io \"default/nope\" not found\n", Run(c, "kubectl top pod nope", out failed));
        Assert.True(failed);
    }

    [Fact]
    public void TopNodes()
    {
        using var c = Cluster();
        c.RunUntil(TimeSpan.FromSeconds(90));
        // Allocatable: 2 cores, 4Gi - 100Mi = 3996Mi. 210m of 2000m is 10%; 64Mi of 3996Mi is 1%.
        Assert.Equal(
            "NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n" +
            "node-1   210m         10%      64Mi            1%          \n" +
            "node-2   100m         5%       64Mi            1%          \n",
            Run(c, "kubectl top nodes", out bool failed));
        Assert.False(failed);
        c.Kubelets["node-2"].Crash();
        c.RunUntil(TimeSpan.FromSeconds(105));
        Assert.Equal(
            "NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \n" +
            "node-1   210m         10%         64Mi            1%          \n" +
            "node-2   <unknown>    <unknown>   <unknown>       <unknown>   \n",
            Run(c, "kubectl top no", out _));
    }

    [Fact]
    public void OldPodsWithoutMetricsAreNamed()
    {
        using var c = NewCluster();
        var pod = Pod("stuck", "stuck", "node-1");
        pod.Spec.Containers[0].Image = "never:pulled";
        pod.Spec.Containers[0].ImagePullPolicy = "Never";
        c.Api.Create(pod);
        c.RunUntil(TimeSpan.FromSeconds(150));
        Assert.Equal("error: Metrics not available for pod default/stuck, age: 2m30s\n", Run(c, "kubectl top pods", out bool failed));
        Assert.True(failed);
    }

    [Theory]
    [InlineData("kubectl top", 11, "kubectl top: missing resource (kubectl top pod|node [NAME])")]
    [InlineData("kubectl top services", 12, "unknown command \"services\" for \"kubectl top\"")]
    [InlineData("kubectl top pod web-1 -l app=web", 16, "only one of NAME or --selector can be provided")]
    [InlineData("kubectl top node -n default", 20, "kubectl top node: nodes are not namespaced (--namespace does not apply)")]
    public void ParseErrors(string text, int offset, string message)
    {
        Assert.False(KubectlCommandParser.TryParse(text, out _, out var error));
        Assert.Equal((offset, message), (error!.Offset, error.Message));
    }
}
