using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// Controller-level cases ported from pkg/controller/podautoscaler/horizontal_test.go (Kubernetes v1.32), with
/// their numbers: one reconcile of test-hpa over test-rc (or a Deployment / ReplicaSet) whose pods report
/// the given CPU levels, with scaleUpLimitFactor raised to 8 as the Go tests' init() does. More cases are in
/// HorizontalControllerMoreTests.cs.
/// </summary>
public class HorizontalControllerTests
{
    private static readonly string[] Three = ["1.0", "1.0", "1.0"];
    private static readonly string[] Four = ["1.0", "1.0", "1.0", "1.0"];
    private static readonly string[] Five = ["1.0", "1.0", "1.0", "1.0", "1.0"];
    private static readonly TimeSpan Hot = TimeSpan.Zero;
    private static readonly TimeSpan Cool = TimeSpan.FromMinutes(3);

    public static TheoryData<string, HpaControllerCase> Cases => new()
    {
        {
            "TestScaleUp", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 5, CpuTarget = 30, VerifyCpuCurrent = true,
                ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three,
            }
        },
        {
            "TestScaleUpUnreadyLessScale", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 4, CpuTarget = 30, CpuCurrent = 60, VerifyCpuCurrent = true,
                ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three, PodReadiness = ["False", "True", "True"],
            }
        },
        {
            "TestScaleUpHotCpuLessScale", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 4, CpuTarget = 30, CpuCurrent = 60, VerifyCpuCurrent = true,
                ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three, PodStartAgo = [Hot, Cool, Cool],
            }
        },
        {
            "TestScaleUpUnreadyNoScale", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 30, CpuCurrent = 40, VerifyCpuCurrent = true,
                ReportedLevels = [400, 500, 700], ReportedCpuRequests = Three, PodReadiness = ["True", "False", "False"],
                ConditionOverrides = [("AbleToScale", "True", "ReadyForNewScale")],
            }
        },
        {
            "TestScaleUpHotCpuNoScale", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3, CpuTarget = 30, CpuCurrent = 40, VerifyCpuCurrent = true,
                ReportedLevels = [400, 500, 700], ReportedCpuRequests = Three, PodReadiness = ["True", "False", "False"], PodStartAgo = [Cool, Hot, Hot],
                ConditionOverrides = [("AbleToScale", "True", "ReadyForNewScale")],
            }
        },
        {
            "TestScaleUpIgnoresFailedPods", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 4, CpuTarget = 30, CpuCurrent = 60, VerifyCpuCurrent = true,
                ReportedLevels = [500, 700], ReportedCpuRequests = Four, PodReadiness = ["True", "True", "False", "False"], PodPhase = ["Running", "Running", "Failed", "Failed"],
            }
        },
        {
            "TestScaleUpIgnoresDeletionPods", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 4, CpuTarget = 30, CpuCurrent = 60, VerifyCpuCurrent = true,
                ReportedLevels = [500, 700], ReportedCpuRequests = Four, PodReadiness = ["True", "True", "False", "False"], PodDeletion = [false, false, true, true],
            }
        },
        {
            "TestScaleUpDeployment", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 5, CpuTarget = 30, VerifyCpuCurrent = true,
                ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three, Resource = ("Deployment", "apps/v1", "test-dep"),
            }
        },
        {
            "TestScaleUpReplicaSet", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 5, CpuTarget = 30, VerifyCpuCurrent = true,
                ReportedLevels = [300, 500, 700], ReportedCpuRequests = Three, Resource = ("ReplicaSet", "apps/v1", "test-replicaset"),
            }
        },
        {
            "TestScaleDown", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 3, CpuTarget = 50, VerifyCpuCurrent = true,
                ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Five, EmptyRecommendations = true,
            }
        },
        {
            "TestScaleDownWithScalingRules", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 3, CpuTarget = 50, VerifyCpuCurrent = true,
                ScaleUpRules = GenerateScalingRules(0, 0, 100, 15, 30),
                ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Five, EmptyRecommendations = true,
            }
        },
        {
            "TestScaleDownStabilizeInitialSize", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 5, CpuTarget = 50, VerifyCpuCurrent = true,
                ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Five,
                ConditionOverrides = [("AbleToScale", "True", "ReadyForNewScale"), ("AbleToScale", "True", "ScaleDownStabilized")],
            }
        },
        {
            "TestScaleUpOneMetricInvalid", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 4, CpuTarget = 30, VerifyCpuCurrent = true,
                MetricsTarget = [new MetricSpec { Type = "CheddarCheese" }],
                ReportedLevels = [300, 400, 500], ReportedCpuRequests = Three,
            }
        },
        {
            "TestScaleUpBothMetricsEmpty", new HpaControllerCase
            {
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3,
                MetricsTarget = [new MetricSpec { Type = "CheddarCheese" }],
                ReportedLevels = [], ReportedCpuRequests = Three,
                ExpectedConditions = [("AbleToScale", "True", "SucceededGetScale"), ("ScalingActive", "False", "InvalidMetricSourceType")],
            }
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconcile(string name, HpaControllerCase tc) => tc.Verify(name, tc.Run());

    /// <summary>horizontal_test.go generateScalingRules.</summary>
    internal static HpaScalingRules GenerateScalingRules(int pods, int podsPeriod, int percent, int percentPeriod, int stabilizationWindow)
    {
        var rules = new HpaScalingRules { StabilizationWindowSeconds = stabilizationWindow, SelectPolicy = "Max", Policies = [] };
        if (pods != 0)
        {
            rules.Policies.Add(new HpaScalingPolicy { Type = "Pods", Value = pods, PeriodSeconds = podsPeriod });
        }

        if (percent != 0)
        {
            rules.Policies.Add(new HpaScalingPolicy { Type = "Percent", Value = percent, PeriodSeconds = percentPeriod });
        }

        return rules;
    }
}
