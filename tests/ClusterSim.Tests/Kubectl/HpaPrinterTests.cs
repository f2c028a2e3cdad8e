using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;
using ClusterSim.Tests.Hpa;

namespace ClusterSim.Tests.Kubectl;

/// <summary>kubectl get hpa, describe hpa and -o yaml on hand-built HPAs (known and unknown metrics, conditions, behavior).</summary>
public class HpaPrinterTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static string Get(KubectlFixture f, string[] kinds, string? name = null, string output = "") =>
        GetPrinter.Get(f.View(FiveMinutes), kinds, name, null, false, output, null);

    /// <summary>php-apache created at 1m (cpu 90%, 1..10), and web (v2: cpu 50%, memory 200Mi average, cpu 300m average; no min).</summary>
    private static (KubectlFixture F, HorizontalPodAutoscaler PhpApache, HorizontalPodAutoscaler Web) Fixture()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromMinutes(1));
        var php = f.Api.Create(HpaObjects.PhpApache());
        f.At(TimeSpan.FromMinutes(3));
        var web = new HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Metadata = { Name = "web", Namespace = "default" },
            Spec =
            {
                ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "v1", Kind = "ReplicationController", Name = "web" },
                MaxReplicas = 4,
                Metrics = [AutoscalingV1.CpuUtilization(50), HpaObjects.MemoryAverage("200Mi"), AutoscalingV1.CpuUtilization(70)],
            },
        };
        f.Api.Create(web);
        return (f, php, web);
    }

    [Fact]
    public void GetBeforeAnyMetricIsKnown()
    {
        var (f, _, _) = Fixture();

        Assert.Equal(
            Lines(
                "NAME         REFERENCE                   TARGETS                                                   MINPODS   MAXPODS   REPLICAS   AGE",
                "php-apache   Deployment/php-apache       cpu: <unknown>/90%                                        1         10        0          4m",
                "web          ReplicationController/web   cpu: <unknown>/50%, memory: <unknown>/200Mi + 1 more...   1         4         0          2m"),
            Get(f, ["HorizontalPodAutoscaler"]));
    }

    [Fact]
    public void GetWithCurrentMetrics()
    {
        var (f, php, web) = Fixture();
        php.Status.CurrentReplicas = 3;
        php.Status.DesiredReplicas = 3;
        php.Status.CurrentMetrics = [HpaObjects.CpuStatus(45, 90)];
        web.Status.CurrentReplicas = 2;
        // The controller reports memory averages in bytes (resource.NewQuantity(..., DecimalSI)), so kubectl shows raw bytes.
        web.Status.CurrentMetrics = [HpaObjects.CpuStatus(120, 240), HpaObjects.MemoryStatus("104857600")];

        Assert.Equal(
            Lines(
                "NAME         REFERENCE                   TARGETS                                              MINPODS   MAXPODS   REPLICAS   AGE",
                "php-apache   Deployment/php-apache       cpu: 45%/90%                                         1         10        3          4m",
                "web          ReplicationController/web   cpu: 120%/50%, memory: 104857600/200Mi + 1 more...   1         4         2          2m"),
            Get(f, ["HorizontalPodAutoscaler"]));
    }

    [Fact]
    public void FormatHpaMetrics()
    {
        Assert.Equal("<none>", GetPrinter.FormatHpaMetrics([], []));
        Assert.Equal("cpu: <unknown>/<auto>", GetPrinter.FormatHpaMetrics([new MetricSpec { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization" } } }], []));
        Assert.Equal("memory: 100Mi/200Mi, cpu: 45%/90%", GetPrinter.FormatHpaMetrics([HpaObjects.MemoryAverage("200Mi"), AutoscalingV1.CpuUtilization(90)], [HpaObjects.MemoryStatus("100Mi"), HpaObjects.CpuStatus(45, 90)]));
        Assert.Equal("cpu: 45%/90%, cpu: <unknown>/90% + 2 more...", GetPrinter.FormatHpaMetrics([AutoscalingV1.CpuUtilization(90), AutoscalingV1.CpuUtilization(90), AutoscalingV1.CpuUtilization(90), AutoscalingV1.CpuUtilization(90)], [HpaObjects.CpuStatus(45, 90)]));
    }

    [Fact]
    public void GetAllListsHpasLast()
    {
        var (f, _, _) = Fixture();

        var output = GetPrinter.Get(f.View(FiveMinutes), ["Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet", "HorizontalPodAutoscaler"], null, null, false, "", null);

        Assert.EndsWith(
            Lines(
                "",
                "NAME                                             REFERENCE                   TARGETS                                                   MINPODS   MAXPODS   REPLICAS   AGE",
                "horizontalpodautoscaler.autoscaling/php-apache   Deployment/php-apache       cpu: <unknown>/90%                                        1         10        0          4m",
                "horizontalpodautoscaler.autoscaling/web          ReplicationController/web   cpu: <unknown>/50%, memory: <unknown>/200Mi + 1 more...   1         4         0          2m"),
            output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeBeforeMetricsAreKnown()
    {
        var (f, _, _) = Fixture();

        Assert.Equal(
            Lines(
                "Name:                                                  php-apache",
                "Namespace:                                             default",
                "Labels:                                                <none>",
                "Annotations:                                           <none>",
                "CreationTimestamp:                                     Mon, 06 Jan 2025 10:21:45 +0000",
                "Reference:                                             Deployment/php-apache",
                "Metrics:                                               ( current / target )",
                "  resource cpu on pods  (as a percentage of request):  <unknown> / 90%",
                "Min replicas:                                          1",
                "Max replicas:                                          10",
                "Deployment pods:                                       0 current / 0 desired",
                "Events:                                                <none>"),
            DescribePrinter.Describe(f.View(FiveMinutes), "HorizontalPodAutoscaler", "php-apache", null));
    }

    [Fact]
    public void DescribeWithMetricsConditionsBehaviorAndEvents()
    {
        var (f, _, web) = Fixture();
        web.Metadata.Labels["app"] = "web";
        web.Spec.MinReplicas = 2;
        web.Spec.Metrics = [AutoscalingV1.CpuUtilization(50), HpaObjects.MemoryAverage("200Mi")];
        web.Spec.Behavior = new HorizontalPodAutoscalerBehavior
        {
            ScaleUp = new HpaScalingRules { StabilizationWindowSeconds = 0, SelectPolicy = "Max", Policies = [new() { Type = "Percent", Value = 100, PeriodSeconds = 15 }, new() { Type = "Pods", Value = 4, PeriodSeconds = 15 }] },
            ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = 300, Policies = [new() { Type = "Percent", Value = 100, PeriodSeconds = 15 }] },
        };
        web.Status.CurrentReplicas = 2;
        web.Status.DesiredReplicas = 3;
        web.Status.CurrentMetrics = [HpaObjects.CpuStatus(75, 150), HpaObjects.MemoryStatus("100Mi")];
        web.Status.Conditions = HpaObjects.HealthyConditions();
        f.At(TimeSpan.FromMinutes(4));
        f.Events.Normal(web, "SuccessfulRescale", "New size: 3; reason: cpu resource utilization (percentage of request) above target", "horizontal-pod-autoscaler");

        Assert.Equal(
            Lines(
                "Name:                                                  web",
                "Namespace:                                             default",
                "Labels:                                                app=web",
                "Annotations:                                           <none>",
                "CreationTimestamp:                                     Mon, 06 Jan 2025 10:23:45 +0000",
                "Reference:                                             ReplicationController/web",
                "Metrics:                                               ( current / target )",
                "  resource cpu on pods  (as a percentage of request):  75% (150m) / 50%",
                "  resource memory on pods:                             100Mi / 200Mi",
                "Min replicas:                                          2",
                "Max replicas:                                          4",
                "Behavior:",
                "  Scale Up:",
                "    Stabilization Window: 0 seconds",
                "    Select Policy: Max",
                "    Policies:",
                "      - Type: Percent  Value: 100  Period: 15 seconds",
                "      - Type: Pods     Value: 4    Period: 15 seconds",
                "  Scale Down:",
                "    Stabilization Window: 300 seconds",
                "    Select Policy: Max",
                "    Policies:",
                "      - Type: Percent        Value: 100  Period: 15 seconds",
                "ReplicationController pods:  2 current / 3 desired",
                "Conditions:",
                "  Type            Status  Reason              Message",
                "  ----            ------  ------              -------",
                "  AbleToScale     True    ReadyForNewScale    recommended size matches current size",
                "  ScalingActive   True    ValidMetricFound    the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
                "  ScalingLimited  False   DesiredWithinRange  the desired count is within the acceptable range",
                "Events:",
                "  Type    Reason             Age   From                       Message",
                "  ----    ------             ----  ----                       -------",
                "  Normal  SuccessfulRescale  60s   horizontal-pod-autoscaler  New size: 3; reason: cpu resource utilization (percentage of request) above target"),
            DescribePrinter.Describe(f.View(FiveMinutes), "HorizontalPodAutoscaler", "web", null));
    }

    [Fact]
    public void YamlIsTheAutoscalingV2Form()
    {
        var (f, php, _) = Fixture();
        php.Status.CurrentReplicas = 1;
        php.Status.DesiredReplicas = 1;
        php.Status.CurrentMetrics = [HpaObjects.CpuStatus(45, 90)];

        var yaml = Get(f, ["HorizontalPodAutoscaler"], "php-apache", "yaml");

        Assert.Equal(
            Lines(
                "apiVersion: autoscaling/v2",
                "kind: HorizontalPodAutoscaler",
                "metadata:",
                "  creationTimestamp: \"2025-01-06T10:21:45Z\"",
                "  generation: 1",
                "  name: php-apache",
                "  namespace: default",
                $"  resourceVersion: \"{php.Metadata.ResourceVersion}\"",
                $"  uid: {php.Metadata.Uid}",
                "spec:",
                "  maxReplicas: 10",
                "  metrics:",
                "  - resource:",
                "      name: cpu",
                "      target:",
                "        averageUtilization: 90",
                "        type: Utilization",
                "    type: Resource",
                "  minReplicas: 1",
                "  scaleTargetRef:",
                "    apiVersion: apps/v1",
                "    kind: Deployment",
                "    name: php-apache",
                "status:",
                "  currentMetrics:",
                "  - resource:",
                "      current:",
                "        averageUtilization: 45",
                "        averageValue: 90m",
                "      name: cpu",
                "    type: Resource",
                "  currentReplicas: 1",
                "  desiredReplicas: 1"),
            yaml);
    }
}
