using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Metrics;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// The rest of horizontal_test.go's (Kubernetes v1.32) controller-level cases that apply to Resource metrics,
/// with Kubernetes' names and numbers, on <see cref="HpaControllerCase"/>. Cases needing Pods, Object, External or
/// ContainerResource metrics are not ported: the simulator models Resource metrics only. Go's monitor labels
/// (expectedReported*Label) are not modelled either.
/// </summary>
public class HorizontalControllerMoreTests
{
    private const string SomethingWentWrong = "something went wrong";
    private static readonly string[] Three = ["1.0", "1.0", "1.0"];
    private static readonly string[] Four = ["1.0", "1.0", "1.0", "1.0"];
    private static readonly string[] Five = ["1.0", "1.0", "1.0", "1.0", "1.0"];
    private static readonly string[] Seven = ["1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"];
    private static readonly string[] NineTenEleven = ["0.9", "1.0", "1.1"];
    private static readonly string[] TenthEach = ["0.1", "0.1", "0.1"];
    private static readonly TimeSpan Hot = TimeSpan.Zero;
    private static readonly TimeSpan Cool = TimeSpan.FromMinutes(3);

    private static readonly (string, string, string) ReadyForNewScale = ("AbleToScale", "True", "ReadyForNewScale");
    private static readonly (string, string, string) SucceededGetScale = ("AbleToScale", "True", "SucceededGetScale");

    public static TheoryData<string, HpaControllerCase> Cases
    {
        get
        {
            var data = new TheoryData<string, HpaControllerCase>
            {
                {
                    "TestScaleUpFromZeroOneMetricInvalid", new HpaControllerCase
                    {
                        MinReplicas = 0, MaxReplicas = 6, SpecReplicas = 0, StatusReplicas = 0, ExpectedDesiredReplicas = 4, CpuTarget = 30, VerifyCpuCurrent = true,
                        MetricsTarget = [new MetricSpec { Type = "CheddarCheese" }],
                        ReportedLevels = [300, 400, 500], ReportedCpuRequests = Three, EmptyRecommendations = true,
                    }
                },
                {
                    "TestScaleDownIncludeUnreadyPods", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 2, CpuTarget = 50, CpuCurrent = 30, VerifyCpuCurrent = true,
                        ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Five,
                        PodReadiness = ["True", "True", "True", "False", "False"], EmptyRecommendations = true,
                    }
                },
                {
                    "TestScaleDownIgnoreHotCpuPods", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 2, CpuTarget = 50, CpuCurrent = 30, VerifyCpuCurrent = true,
                        ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Five,
                        PodStartAgo = [Cool, Cool, Cool, Hot, Hot], EmptyRecommendations = true,
                    }
                },
                {
                    "TestScaleDownIgnoresFailedPods", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 3, CpuTarget = 50, CpuCurrent = 28, VerifyCpuCurrent = true,
                        ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Seven,
                        PodReadiness = ["True", "True", "True", "True", "True", "False", "False"],
                        PodPhase = ["Running", "Running", "Running", "Running", "Running", "Failed", "Failed"], EmptyRecommendations = true,
                    }
                },
                {
                    "TestScaleDownIgnoresDeletionPods", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 3, CpuTarget = 50, CpuCurrent = 28, VerifyCpuCurrent = true,
                        ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Seven,
                        PodReadiness = ["True", "True", "True", "True", "True", "False", "False"],
                        PodPhase = ["Running", "Running", "Running", "Running", "Running", "Running", "Running"],
                        PodDeletion = [false, false, false, false, false, true, true], EmptyRecommendations = true,
                    }
                },
                {
                    "TestTolerance", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 100,
                        ReportedLevels = [1010, 1030, 1020], ReportedCpuRequests = NineTenEleven,
                        ConditionOverrides = [ReadyForNewScale],
                    }
                },
                {
                    "TestMinReplicas", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 2, CpuTarget = 90,
                        ReportedLevels = [10, 95, 10], ReportedCpuRequests = NineTenEleven,
                        ConditionOverrides = [("ScalingLimited", "True", "TooFewReplicas")], EmptyRecommendations = true,
                    }
                },
                {
                    "TestZeroMinReplicasDesiredZero", new HpaControllerCase
                    {
                        MinReplicas = 0, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 0, CpuTarget = 90,
                        ReportedLevels = [0, 0, 0], ReportedCpuRequests = NineTenEleven,
                        ConditionOverrides = [("ScalingLimited", "False", "DesiredWithinRange")], EmptyRecommendations = true,
                    }
                },
                {
                    "TestMinReplicasDesiredZero", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 2, CpuTarget = 90,
                        ReportedLevels = [0, 0, 0], ReportedCpuRequests = NineTenEleven,
                        ConditionOverrides = [("ScalingLimited", "True", "TooFewReplicas")], EmptyRecommendations = true,
                    }
                },
                {
                    "TestZeroReplicas", new HpaControllerCase
                    {
                        MinReplicas = 3, MaxReplicas = 5, SpecReplicas = 0, StatusReplicas = 0, ExpectedDesiredReplicas = 0, CpuTarget = 90,
                        ReportedLevels = [], ReportedCpuRequests = [],
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "ScalingDisabled")],
                    }
                },
                {
                    "TestTooFewReplicas", new HpaControllerCase
                    {
                        MinReplicas = 3, MaxReplicas = 5, SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 3, CpuTarget = 90,
                        ReportedLevels = [], ReportedCpuRequests = [],
                        ExpectedConditions = [("AbleToScale", "True", "SucceededRescale")],
                        ExpectedEvents = [("Normal", "SuccessfulRescale", "New size: 3; reason: Current number of replicas below Spec.MinReplicas")],
                    }
                },
                {
                    "TestTooManyReplicas", new HpaControllerCase
                    {
                        MinReplicas = 3, MaxReplicas = 5, SpecReplicas = 10, StatusReplicas = 10, ExpectedDesiredReplicas = 5, CpuTarget = 90,
                        ReportedLevels = [], ReportedCpuRequests = [],
                        ExpectedConditions = [("AbleToScale", "True", "SucceededRescale")],
                        ExpectedEvents = [("Normal", "SuccessfulRescale", "New size: 5; reason: Current number of replicas above Spec.MaxReplicas")],
                    }
                },
                {
                    "TestMaxReplicas", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 5, CpuTarget = 90,
                        ReportedLevels = [8000, 9500, 1000], ReportedCpuRequests = NineTenEleven,
                        ConditionOverrides = [("ScalingLimited", "True", "TooManyReplicas")],
                    }
                },
                {
                    "TestSuperfluousMetrics", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 6, CpuTarget = 100,
                        ReportedLevels = [4000, 9500, 3000, 7000, 3200, 2000], ReportedCpuRequests = Four,
                        ConditionOverrides = [("ScalingLimited", "True", "TooManyReplicas")],
                    }
                },
                {
                    "TestMissingMetrics", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 3, CpuTarget = 100,
                        ReportedLevels = [400, 95], ReportedCpuRequests = Four, EmptyRecommendations = true,
                    }
                },
                {
                    "TestEmptyMetrics", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 4, CpuTarget = 100,
                        ReportedLevels = [], ReportedCpuRequests = Four,
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "FailedGetResourceMetric")],
                    }
                },
                {
                    // Go's reportedCPURequests is an empty, non-nil slice, so its pod reactor lists no pods at all.
                    "TestEmptyCPURequest", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 1, StatusReplicas = 1, ExpectedDesiredReplicas = 1, CpuTarget = 100,
                        ReportedLevels = [200], ReportedCpuRequests = [],
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "FailedGetResourceMetric")],
                    }
                },
                {
                    "TestEventCreated", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 1, StatusReplicas = 1, ExpectedDesiredReplicas = 2, CpuTarget = 50,
                        ReportedLevels = [200], ReportedCpuRequests = ["0.2"], VerifyEvents = true,
                    }
                },
                {
                    "TestEventNotCreated", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 2, CpuTarget = 50,
                        ReportedLevels = [200, 200], ReportedCpuRequests = ["0.4", "0.4"], VerifyEvents = true,
                        ConditionOverrides = [ReadyForNewScale],
                    }
                },
                {
                    "TestMissingReports", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 2, CpuTarget = 50,
                        ReportedLevels = [200], ReportedCpuRequests = ["0.2"], EmptyRecommendations = true,
                    }
                },
                {
                    "TestUpscaleCap", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 100, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 24, CpuTarget = 10,
                        ScaleUpRules = HorizontalTestData.GenerateScalingRules(0, 0, 700, 60, 0),
                        ReportedLevels = [100, 200, 300], ReportedCpuRequests = TenthEach,
                        ConditionOverrides = [("ScalingLimited", "True", "ScaleUpLimit")],
                    }
                },
                {
                    "TestUpscaleCapGreaterThanMaxReplicas", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 20, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 20, CpuTarget = 10,
                        ScaleUpRules = HorizontalTestData.GenerateScalingRules(0, 0, 700, 60, 0),
                        ReportedLevels = [100, 200, 300], ReportedCpuRequests = TenthEach,
                        ConditionOverrides = [("ScalingLimited", "True", "TooManyReplicas")],
                    }
                },
                {
                    // A Deployment update with 25% surge: five pods for four replicas.
                    "TestMoreReplicasThanSpecNoScale", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 8, SpecReplicas = 4, StatusReplicas = 5, ExpectedDesiredReplicas = 4, CpuTarget = 50,
                        ReportedLevels = [500, 500, 500, 500, 500], ReportedCpuRequests = ["1", "1", "1", "1", "1"],
                        ConditionOverrides = [ReadyForNewScale],
                    }
                },
                {
                    "TestConditionInvalidSelectorMissing", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 100, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 10,
                        ReportedLevels = [100, 200, 300], ReportedCpuRequests = TenthEach, TargetWithoutSelector = true,
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "InvalidSelector")],
                        ExpectedEvents = [("Warning", "SelectorRequired", "selector is required"), ("Warning", "FailedComputeMetricsReplicas", "selector is required")],
                    }
                },
                {
                    "TestConditionNoAmbiguousSelectorWhenNoSelectorOverlapBetweenHPAs", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 5, CpuTarget = 30,
                        ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three,
                        OtherHpaSelectors = [("test-hpa-2", "cheddar=cheese")],
                    }
                },
                {
                    "TestConditionAmbiguousSelectorWhenFullSelectorOverlapBetweenHPAs", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 30,
                        ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three,
                        OtherHpaSelectors = [("test-hpa-2", "name=test-pod")],
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "AmbiguousSelector")],

                        // Go prints the HPAs in map order; ours are sorted.
                        ExpectedEvents =
                        [
                            ("Warning", "AmbiguousSelector", "pods by selector name=test-pod are controlled by multiple HPAs: [test-namespace/test-hpa test-namespace/test-hpa-2]"),
                            ("Warning", "FailedComputeMetricsReplicas", null),
                        ],
                    }
                },
                {
                    "TestConditionAmbiguousSelectorWhenPartialSelectorOverlapBetweenHPAs", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 30,
                        ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three,
                        OtherHpaSelectors = [("test-hpa-2", "cheddar=cheese")], ExtraPodLabels = new() { ["cheddar"] = "cheese" },
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "AmbiguousSelector")],
                    }
                },
                {
                    "TestConditionFailedGetMetrics/FailedGetResourceMetric", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 100, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 10,
                        ReportedLevels = [100, 200, 300], ReportedCpuRequests = TenthEach,
                        MetricsError = "unable to fetch metrics from resource metrics API: " + SomethingWentWrong,
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "FailedGetResourceMetric")],
                        ExpectedEvents =
                        [
                            ("Warning", "FailedGetResourceMetric", "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: something went wrong"),
                            ("Warning", "FailedComputeMetricsReplicas", "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: something went wrong"),
                        ],
                    }
                },
                {
                    "TestConditionInvalidSourceType", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3,
                        MetricsTarget = [new MetricSpec { Type = "CheddarCheese" }], ReportedLevels = [20000],
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "InvalidMetricSourceType")],
                        ExpectedEvents =
                        [
                            ("Warning", "InvalidMetricSourceType", "unknown metric source type \"CheddarCheese\""),
                            ("Warning", "FailedComputeMetricsReplicas", "invalid metrics (1 invalid out of 1), first error is: unknown metric source type \"CheddarCheese\""),
                        ],
                    }
                },
                {
                    // Go makes the fake scale client's get fail; here the target does not exist, which fails the same way
                    // with the API server's NotFound for the scale subresource.
                    "TestConditionFailedGetScale", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 100, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 10,
                        ReportedLevels = [100, 200, 300], ReportedCpuRequests = TenthEach, TargetMissing = true,
                        ExpectedConditions = [("AbleToScale", "False", "FailedGetScale")],
                        ExpectedEvents = [("Warning", "FailedGetScale", "replicationcontrollers/scale.autoscaling \"test-rc\" not found")],
                    }
                },
                {
                    "TestConditionFailedUpdateScale", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 100,
                        ReportedLevels = [150, 150, 150], ReportedCpuRequests = TenthEach, ScaleUpdateError = SomethingWentWrong,
                        ConditionOverrides = [("AbleToScale", "False", "FailedUpdateScale")],
                        ExpectedEvents = [("Warning", "FailedRescale", "New size: 5; reason: cpu resource utilization (percentage of request) above target; error: something went wrong")],
                    }
                },
                {
                    "TestStabilizeDownscale", new HpaControllerCase
                    {
                        MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 4, CpuTarget = 100,
                        ReportedLevels = [50, 50, 50], ReportedCpuRequests = TenthEach,
                        ConditionOverrides = [ReadyForNewScale, ("AbleToScale", "True", "ScaleDownStabilized")],
                        Recommendations = [(10, TimeSpan.FromMinutes(10)), (4, TimeSpan.FromMinutes(1))],
                    }
                },
                {
                    "TestScaleUpRCImmediately", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 1, StatusReplicas = 1, ExpectedDesiredReplicas = 2,
                        ReportedLevels = [0, 0, 0, 0], ReportedCpuRequests = Four, LastScaleTime = HpaControllerCase.SyncAt,
                        ExpectedConditions = [("AbleToScale", "True", "SucceededRescale")],
                    }
                },
                {
                    "TestScaleDownRCImmediately", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 6, StatusReplicas = 6, ExpectedDesiredReplicas = 5, CpuTarget = 50,
                        ReportedLevels = [8000, 9500, 1000], ReportedCpuRequests = NineTenEleven, LastScaleTime = HpaControllerCase.SyncAt,
                        ExpectedConditions = [("AbleToScale", "True", "SucceededRescale")],
                    }
                },
                {
                    "TestAvoidUnnecessaryUpdates", AvoidUnnecessaryUpdates()
                },
                {
                    "TestNoScaleDownOneMetricInvalid", new HpaControllerCase
                    {
                        MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 5, CpuTarget = 50,
                        MetricsTarget = [new MetricSpec { Type = "CheddarCheese" }],
                        ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Five, EmptyRecommendations = true,
                        ExpectedConditions = [SucceededGetScale, ("ScalingActive", "False", "InvalidMetricSourceType")],
                    }
                },
            };
            var (breach, keep) = ComputedToleranceAlgImplementation();
            data.Add("TestComputedToleranceAlgImplementation/tc1", breach);
            data.Add("TestComputedToleranceAlgImplementation/tc2", keep);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconcile(string name, HpaControllerCase tc) => tc.Verify(name, tc.Run());

    /// <summary>
    /// TestMultipleHPAs: 1000 HPAs in one namespace, each over its own Deployment with one pod, all with behaviors and
    /// a history of scale events; every one of them is reconciled (its status written) in the first sync.
    /// </summary>
    [Fact]
    public void TestMultipleHPAs()
    {
        const int hpaCount = 1000;
        const string testNamespace = "dummy-namespace";
        var start = HpaControllerCase.Start;
        var syncAt = HpaControllerCase.SyncAt;

        var trace = new Trace();
        var kernel = new Kernel();
        var config = new ControlPlaneConfig
        {
            HpaTolerance = 0.1,
            HpaCpuInitializationPeriod = TimeSpan.FromMinutes(2),
            HpaInitialReadinessDelay = TimeSpan.FromSeconds(10),
            HpaDownscaleStabilization = TimeSpan.FromMinutes(5),
        };
        var api = new ApiServer(kernel, trace, 1, config);
        api.Bootstrap("192.168.0.2");
        api.Create(new Namespace { Metadata = { Name = testNamespace } });
        var events = new EventRecorder(kernel, trace);

        // Every pod reports 200m + 300m on a 1000m request.
        var metrics = new Dictionary<string, PodMetric>(StringComparer.Ordinal);
        for (int i = 0; i < hpaCount; i++)
        {
            metrics[$"dummy-target-{i}-0"] = new PodMetric(syncAt, TimeSpan.FromMinutes(1), 500);
        }

        var controller = new HorizontalController(kernel, api, events, config, new FakeResourceMetricsClient(metrics));
        controller.Normalizer.UpLimitFactor = 8;
        kernel.RunUntil(start);

        var hpas = new List<(HorizontalPodAutoscaler Hpa, long Version)>();
        for (int i = 0; i < hpaCount; i++)
        {
            string hpaName = $"dummy-hpa-{i}";
            string deploymentName = $"dummy-target-{i}";
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["name"] = deploymentName };
            api.Store.Add(new Deployment
            {
                ApiVersion = "apps/v1",
                Metadata = { Name = deploymentName, Namespace = testNamespace },
                Replicas = 1,
                Selector = new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) },
                Status = { Replicas = 1 },
            });

            var pod = new Pod
            {
                Metadata = { Name = $"{deploymentName}-0", Namespace = testNamespace, Labels = new(labels, StringComparer.Ordinal) },
                Status = { Phase = "Running", StartTime = syncAt - TimeSpan.FromMinutes(10) },
            };
            pod.Status.Conditions.Add(new PodCondition { Type = "Ready", Status = "True" });
            foreach (var container in new[] { "container1", "container2" })
            {
                var c = new Container { Name = container, Image = "test" };
                c.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(500);
                pod.Spec.Containers.Add(c);
            }

            api.Store.Add(pod);

            string key = $"{testNamespace}/{hpaName}";
            controller.Normalizer.SetScaleEvents(
                key,
                GenerateEventsUniformDistribution([8, 12, 9, 11], 120, syncAt),
                GenerateEventsUniformDistribution([10, 10, 10], 120, syncAt));

            var hpa = new HorizontalPodAutoscaler
            {
                ApiVersion = "autoscaling/v2",
                Metadata = { Name = hpaName, Namespace = testNamespace },
                Spec =
                {
                    ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deploymentName },
                    MinReplicas = 1,
                    MaxReplicas = 10,
                    Behavior = new HorizontalPodAutoscalerBehavior
                    {
                        ScaleUp = HorizontalTestData.GenerateScalingRules(100, 60, 0, 0, 0),
                        ScaleDown = HorizontalTestData.GenerateScalingRules(2, 60, 1, 60, 300),
                    },
                    Metrics = [new MetricSpec { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization", AverageUtilization = 10 } } }],
                },
                Status = { CurrentReplicas = 1, DesiredReplicas = 5, LastScaleTime = syncAt },
            };
            api.Store.Add(hpa);
            hpas.Add((hpa, hpa.Metadata.ResourceVersion));
        }

        kernel.RunUntil(syncAt);
        trace.Dispose();

        var processed = hpas.Where(h => h.Hpa.Metadata.ResourceVersion != h.Version).Select(h => h.Hpa.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(hpaCount, processed.Count);

        // Beyond Go's check: 50% against a 10% target asks for 5 pods, well within the 100-pods policy and max 10.
        Assert.All(hpas, h => Assert.Equal(5, h.Hpa.Status.DesiredReplicas));
    }

    /// <summary>
    /// TestComputedToleranceAlgImplementation: back-calculates the smallest target that breaches the tolerance for
    /// a 50% used/requested ratio (tc1 scales 10 pods down to 9), and one just inside it (tc2 keeps 10).
    /// </summary>
    private static (HpaControllerCase Breach, HpaControllerCase Keep) ComputedToleranceAlgImplementation()
    {
        const double defaultTestingTolerance = 0.1;
        int startPods = 10;

        // 150 mCPU per pod; each pod asks for twice what it uses.
        ulong totalUsedCPUOfAllPods = (ulong)(startPods * 150);
        int totalRequestedCPUOfAllPods = (int)(2 * totalUsedCPUOfAllPods);
        double requestedToUsed = totalRequestedCPUOfAllPods / (int)totalUsedCPUOfAllPods;
        int perPodRequested = totalRequestedCPUOfAllPods / startPods;

        // Force a minimal scaling event by satisfying (tolerance < 1 - resourcesUsedRatio).
        double target = Math.Abs(1 / (requestedToUsed * (1 - defaultTestingTolerance))) + .01;
        int finalCpuPercentTarget = (int)(target * 100);
        double resourcesUsedRatio = totalUsedCPUOfAllPods / (totalRequestedCPUOfAllPods * target);
        int finalPods = (int)Math.Ceiling(resourcesUsedRatio * startPods);

        ulong[] levels = Enumerable.Repeat(totalUsedCPUOfAllPods / 10, 10).ToArray();
        string[] requests = new[] { 100, -100, 10, -10, 2, -2, 1, -1, 0, 0 }
            .Select(d => (perPodRequested + d).ToString(CultureInfo.InvariantCulture) + "m").ToArray();

        var breach = new HpaControllerCase
        {
            MinReplicas = 0,
            MaxReplicas = 1000,
            SpecReplicas = startPods,
            StatusReplicas = startPods,
            ExpectedDesiredReplicas = finalPods,
            CpuTarget = finalCpuPercentTarget,
            ReportedLevels = levels,
            ReportedCpuRequests = requests,
            EmptyRecommendations = true,
        };

        target = Math.Abs(1 / (requestedToUsed * (1 - defaultTestingTolerance))) + .004;
        var keep = new HpaControllerCase
        {
            MinReplicas = 0,
            MaxReplicas = 1000,
            SpecReplicas = startPods,
            StatusReplicas = startPods,
            ExpectedDesiredReplicas = startPods,
            CpuTarget = (int)(target * 100),
            ReportedLevels = levels,
            ReportedCpuRequests = requests,
            EmptyRecommendations = true,
            ConditionOverrides = [ReadyForNewScale],
        };
        return (breach, keep);
    }

    /// <summary>
    /// TestAvoidUnnecessaryUpdates: the HPA's status already says what the sync computes (a target of 80 where
    /// only the cool pod counts: 40% → 1, held at minReplicas 2), so the controller must not write it.
    /// </summary>
    private static HpaControllerCase AvoidUnnecessaryUpdates()
    {
        var now = HpaControllerCase.SyncAt - TimeSpan.FromHours(1);
        return new HpaControllerCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 2,
            StatusReplicas = 2,
            ExpectedDesiredReplicas = 2,
            CpuTarget = 30,
            CpuCurrent = 40,
            VerifyCpuCurrent = true,
            ReportedLevels = [400, 500, 700],
            ReportedCpuRequests = Three,
            PodStartAgo = [Cool, Hot, Hot],
            LastScaleTime = now,
            EmptyRecommendations = true,
            ExpectNoStatusUpdate = true,
            ExpectedConditions = [ReadyForNewScale, ("ScalingActive", "True", "ValidMetricFound"), ("ScalingLimited", "True", "TooFewReplicas")],
            CustomizeHpa = hpa =>
            {
                // Go's own HPA for this case: "incorrectly" a target of 80 (see its TODO), no behavior.
                hpa.Spec.Behavior = null;
                hpa.Spec.Metrics = [new MetricSpec { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization", AverageUtilization = 80 } } }];
                hpa.Status.CurrentMetrics =
                [
                    new MetricStatus
                    {
                        Type = "Resource",
                        Resource = new ResourceMetricStatus { Name = "cpu", Current = new MetricValueStatus { AverageValue = Quantity.Parse("400m"), AverageUtilization = 40 } },
                    },
                ];
                hpa.Status.Conditions =
                [
                    new WorkloadCondition { Type = "AbleToScale", Status = "True", LastTransitionTime = now, Reason = "ReadyForNewScale", Message = "recommended size matches current size" },
                    new WorkloadCondition { Type = "ScalingActive", Status = "True", LastTransitionTime = now, Reason = "ValidMetricFound", Message = "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)" },
                    new WorkloadCondition { Type = "ScalingLimited", Status = "True", LastTransitionTime = now, Reason = "TooFewReplicas", Message = "the desired replica count is less than the minimum replica count" },
                ];
            },
        };
    }

    // horizontal_test.go generateEventsUniformDistribution, around the given time.Now().
    private static List<TimestampedScaleEvent> GenerateEventsUniformDistribution(int[] rawEvents, int periodSeconds, TimeSpan now)
    {
        var shift = now - HorizontalTestData.Now;
        return HorizontalTestData.GenerateEventsUniformDistribution(rawEvents, periodSeconds)
            .Select(e => e with { Timestamp = e.Timestamp + shift }).ToList();
    }
}
