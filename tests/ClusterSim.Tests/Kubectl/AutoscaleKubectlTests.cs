using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

/// <summary>kubectl autoscale through the executor, then get and describe of the HPA it makes (no controller runs: the clock stays at 0).</summary>
public sealed class AutoscaleKubectlTests : IDisposable
{
    private readonly Sim.Cluster _cluster = new(7);
    private readonly KubectlExecutor _kubectl;

    public AutoscaleKubectlTests() => _kubectl = new KubectlExecutor(_cluster, "/scenario");

    public void Dispose() => _cluster.Dispose();

    private (string Output, bool Failed) Run(string text)
    {
        Assert.True(KubectlCommandParser.TryParse(text, out var cmd, out var error), error?.Message);
        var output = _kubectl.Execute(cmd, out bool failed);
        return (output, failed);
    }

    private HorizontalPodAutoscaler? Hpa(string name) => (HorizontalPodAutoscaler?)_cluster.Store.Get("HorizontalPodAutoscaler", "default/" + name);

    [Fact]
    public void AutoscaleADeploymentAsTheBookDoes()
    {
        DeploymentObjects.Create(_cluster.Api, "frontend", "tomcat");

        Assert.Equal(("horizontalpodautoscaler.autoscaling/frontend autoscaled\n", false), Run("kubectl autoscale deployment frontend --cpu-percent=90 --min=1 --max=10"));

        var hpa = Hpa("frontend")!;
        Assert.Equal("autoscaling/v1", hpa.ApiVersion);
        Assert.Equal(("apps/v1", "Deployment", "frontend"), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal((1, 10, 90), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas, AutoscalingV1.TargetCpuUtilizationPercentage(hpa.Spec)));
        Assert.Equal(
            (string.Join("\n", "NAME       REFERENCE             TARGETS              MINPODS   MAXPODS   REPLICAS   AGE", "frontend   Deployment/frontend   cpu: <unknown>/90%   1         10        0          0s") + "\n", false),
            Run("kubectl get hpa"));
        Assert.Contains("\nReference:                                             Deployment/frontend\n", Run("kubectl describe hpa frontend").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsNameAndReplicationControllers()
    {
        var rc = new ReplicationController
        {
            Metadata = { Name = "myweb", Namespace = "default" },
            Replicas = 1,
            Selector = { ["app"] = "myweb" },
            Template = { Metadata = { Labels = { ["app"] = "myweb" } }, Spec = { Containers = [new Container { Name = "web", Image = "tomcat" }] } },
        };
        _cluster.Api.Create(rc);

        Assert.Equal(("horizontalpodautoscaler.autoscaling/web-hpa autoscaled\n", false), Run("kubectl autoscale rc/myweb --max=5 --min=0 --name=web-hpa"));

        var hpa = Hpa("web-hpa")!;
        Assert.Equal(("v1", "ReplicationController", "myweb"), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));

        // No --cpu-percent: the v1 object has no target, so conversion gives it cpu 80%.
        Assert.Equal(AutoscalingV1.DefaultCpuUtilization, AutoscalingV1.TargetCpuUtilizationPercentage(hpa.Spec));
    }

    [Fact]
    public void Errors()
    {
        Assert.Equal(("Error from server (NotFound): deployments.apps \"nope\" not found\n", true), Run("kubectl autoscale deployment nope --max=3"));

        DeploymentObjects.Create(_cluster.Api, "web", "nginx");
        Assert.False(Run("kubectl autoscale deploy web --max=3").Failed);
        Assert.Equal(("Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling \"web\" already exists\n", true), Run("kubectl autoscale deploy web --max=4"));
        Assert.Equal(3, Hpa("web")!.Spec.MaxReplicas);

        Assert.Equal(
            ("The HorizontalPodAutoscaler \"zero\" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0\n", true),
            Run("kubectl autoscale deploy web --max=3 --cpu-percent=0 --name=zero"));
        Assert.Null(Hpa("zero"));
    }
}
