using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Metrics;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// The Resource cases of pkg/controller/podautoscaler/replica_calculator_test.go (v1.32), by their Kubernetes
/// names, with their numbers. Not ported: the ContainerResource cases (the simulator has no ContainerResource
/// metrics) and the Object/External cases; the Pods-metric (custom metric) cases run through
/// GetRawResourceReplicas, which shares calcPlainMetricReplicas with GetMetricReplicas (see PlainMetricTests).
/// </summary>
public class ReplicaCalculatorTests
{
    private const string R = "1.0";
    private const string Running = "Running";
    private const string Pending = "Pending";
    private const string Failed = "Failed";
    private const string T = "True";
    private const string F = "False";

    private static readonly Dictionary<string, ReplicaCalcCase> Cases = new(StringComparer.Ordinal)
    {
        ["TestReplicaCalcDisjointResourcesMetrics"] = new()
        {
            CurrentReplicas = 1,
            ExpectedError = "no metrics returned matched known pods",
            Requests = [R],
            Levels = [100],
            PodNames = ["an-older-pod-name"],
            TargetUtilization = 100,
        },
        ["TestReplicaCalcScaleUp"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 5,
            Requests = [R, R, R],
            Levels = [300, 500, 700],
            TargetUtilization = 30,
            ExpectedUtilization = 50,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 500,
        },
        ["TestReplicaCalcScaleUpUnreadyLessScale"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 4,
            PodReadiness = [F, T, T],
            Requests = [R, R, R],
            Levels = [300, 500, 700],
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 600,
        },
        ["TestReplicaCalcScaleUpHotCpuLessScale"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 4,
            PodStartTime = [ReplicaCalcCase.Hot, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool],
            Requests = [R, R, R],
            Levels = [300, 500, 700],
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 600,
        },
        ["TestReplicaCalcScaleUpUnreadyNoScale"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 3,
            PodReadiness = [T, F, F],
            Requests = [R, R, R],
            Levels = [400, 500, 700],
            TargetUtilization = 30,
            ExpectedUtilization = 40,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 400,
        },
        ["TestReplicaCalcScaleHotCpuNoScale"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 3,
            PodReadiness = [T, F, F],
            PodStartTime = [ReplicaCalcCase.Cool, ReplicaCalcCase.Hot, ReplicaCalcCase.Hot],
            Requests = [R, R, R],
            Levels = [400, 500, 700],
            TargetUtilization = 30,
            ExpectedUtilization = 40,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 400,
        },
        ["TestReplicaCalcScaleUpIgnoresFailedPods"] = new()
        {
            CurrentReplicas = 2,
            ExpectedReplicas = 4,
            PodReadiness = [T, T, F, F],
            PodPhase = [Running, Running, Failed, Failed],
            Requests = [R, R, R, R],
            Levels = [500, 700],
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 600,
        },
        ["TestReplicaCalcScaleUpIgnoresDeletionPods"] = new()
        {
            CurrentReplicas = 2,
            ExpectedReplicas = 4,
            PodReadiness = [T, T, F, F],
            PodPhase = [Running, Running, Running, Running],
            PodDeletionTimestamp = [false, false, true, true],
            Requests = [R, R, R, R],
            Levels = [500, 700],
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 600,
        },
        ["TestReplicaCalcScaleDown"] = new()
        {
            CurrentReplicas = 5,
            ExpectedReplicas = 3,
            Requests = [R, R, R, R, R],
            Levels = [100, 300, 500, 250, 250],
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 280,
        },
        ["TestReplicaCalcScaleDownExcludeUnreadyPods"] = new()
        {
            CurrentReplicas = 5,
            ExpectedReplicas = 2,
            PodReadiness = [T, T, T, F, F],
            Requests = [R, R, R, R, R],
            Levels = [100, 300, 500, 250, 250],
            TargetUtilization = 50,
            ExpectedUtilization = 30,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 300,
        },
        ["TestReplicaCalcScaleDownExcludeUnscheduledPods"] = new()
        {
            CurrentReplicas = 5,
            ExpectedReplicas = 1,
            PodReadiness = [T, F, F, F, F],
            PodPhase = [Running, Pending, Pending, Pending, Pending],
            Requests = [R, R, R, R, R],
            Levels = [100],
            TargetUtilization = 50,
            ExpectedUtilization = 10,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 100,
        },
        ["TestReplicaCalcScaleDownIgnoreHotCpuPods"] = new()
        {
            CurrentReplicas = 5,
            ExpectedReplicas = 2,
            PodStartTime = [ReplicaCalcCase.Cool, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool, ReplicaCalcCase.Hot, ReplicaCalcCase.Hot],
            Requests = [R, R, R, R, R],
            Levels = [100, 300, 500, 250, 250],
            TargetUtilization = 50,
            ExpectedUtilization = 30,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 300,
        },
        ["TestReplicaCalcScaleDownIgnoresFailedPods"] = new()
        {
            CurrentReplicas = 5,
            ExpectedReplicas = 3,
            PodReadiness = [T, T, T, T, T, F, F],
            PodPhase = [Running, Running, Running, Running, Running, Failed, Failed],
            Requests = [R, R, R, R, R, R, R],
            Levels = [100, 300, 500, 250, 250],
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 280,
        },
        ["TestReplicaCalcScaleDownIgnoresDeletionPods"] = new()
        {
            CurrentReplicas = 5,
            ExpectedReplicas = 3,
            PodReadiness = [T, T, T, T, T, F, F],
            PodPhase = [Running, Running, Running, Running, Running, Running, Running],
            PodDeletionTimestamp = [false, false, false, false, false, true, true],
            Requests = [R, R, R, R, R, R, R],
            Levels = [100, 300, 500, 250, 250],
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 280,
        },
        ["TestReplicaCalcTolerance"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 3,
            Requests = ["0.9", "1.0", "1.1"],
            Levels = [1010, 1030, 1020],
            TargetUtilization = 100,
            ExpectedUtilization = 102,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 1020,
        },
        ["TestReplicaCalcSuperfluousMetrics"] = new()
        {
            CurrentReplicas = 4,
            ExpectedReplicas = 24,
            Requests = [R, R, R, R],
            Levels = [4000, 9500, 3000, 7000, 3200, 2000],
            TargetUtilization = 100,
            ExpectedUtilization = 587,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 5875,
        },
        ["TestReplicaCalcMissingMetrics"] = new()
        {
            CurrentReplicas = 4,
            ExpectedReplicas = 3,
            Requests = [R, R, R, R],
            Levels = [400, 95],
            TargetUtilization = 100,
            ExpectedUtilization = 24,
            ExpectedValue = 495, // numContainersPerPod * 247, for sufficiently large values of 247
        },
        ["TestReplicaCalcEmptyMetrics"] = new()
        {
            CurrentReplicas = 4,
            ExpectedError = "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
            Requests = [R, R, R],
            Levels = [],
            TargetUtilization = 100,
        },
        ["TestReplicaCalcEmptyCPURequest"] = new()
        {
            CurrentReplicas = 1,
            ExpectedError = "missing request for",
            Requests = [],
            Levels = [200],
            TargetUtilization = 100,
        },
        ["TestReplicaCalcMissingMetricsNoChangeEq"] = new()
        {
            CurrentReplicas = 2,
            ExpectedReplicas = 2,
            Requests = [R, R],
            Levels = [1000],
            TargetUtilization = 100,
            ExpectedUtilization = 100,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 1000,
        },
        ["TestReplicaCalcMissingMetricsNoChangeGt"] = new()
        {
            CurrentReplicas = 2,
            ExpectedReplicas = 2,
            Requests = [R, R],
            Levels = [1900],
            TargetUtilization = 100,
            ExpectedUtilization = 190,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 1900,
        },
        ["TestReplicaCalcMissingMetricsNoChangeLt"] = new()
        {
            CurrentReplicas = 2,
            ExpectedReplicas = 2,
            Requests = [R, R],
            Levels = [600],
            TargetUtilization = 100,
            ExpectedUtilization = 60,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 600,
        },
        ["TestReplicaCalcMissingMetricsUnreadyChange"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 3,
            PodReadiness = [F, T, T],
            Requests = [R, R, R],
            Levels = [100, 450],
            TargetUtilization = 50,
            ExpectedUtilization = 45,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 450,
        },
        ["TestReplicaCalcMissingMetricsHotCpuNoChange"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 3,
            PodStartTime = [ReplicaCalcCase.Hot, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool],
            Requests = [R, R, R],
            Levels = [100, 450],
            TargetUtilization = 50,
            ExpectedUtilization = 45,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 450,
        },
        ["TestReplicaCalcMissingMetricsUnreadyScaleUp"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 4,
            PodReadiness = [F, T, T],
            Requests = [R, R, R],
            Levels = [100, 2000],
            TargetUtilization = 50,
            ExpectedUtilization = 200,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 2000,
        },
        ["TestReplicaCalcMissingMetricsHotCpuScaleUp"] = new()
        {
            CurrentReplicas = 3,
            ExpectedReplicas = 4,
            PodReadiness = [F, T, T],
            PodStartTime = [ReplicaCalcCase.Hot, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool],
            Requests = [R, R, R],
            Levels = [100, 2000],
            TargetUtilization = 50,
            ExpectedUtilization = 200,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 2000,
        },
        ["TestReplicaCalcMissingMetricsUnreadyScaleDown"] = new()
        {
            CurrentReplicas = 4,
            ExpectedReplicas = 3,
            PodReadiness = [F, T, T, T],
            Requests = [R, R, R, R],
            Levels = [100, 100, 100],
            TargetUtilization = 50,
            ExpectedUtilization = 10,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 100,
        },
        ["TestReplicaCalcMissingMetricsScaleDownTargetOver100"] = new()
        {
            CurrentReplicas = 4,
            ExpectedReplicas = 2,
            PodReadiness = [F, T, T, T],
            Requests = [R, R, "2.0", "2.0"],
            Levels = [200, 100, 100],
            TargetUtilization = 300,
            ExpectedUtilization = 6,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 100,
        },
        ["TestReplicaCalcDuringRollingUpdateWithMaxSurge"] = new()
        {
            CurrentReplicas = 2,
            ExpectedReplicas = 2,
            PodPhase = [Running, Running, Running],
            Requests = [R, R, R],
            Levels = [100, 100],
            TargetUtilization = 50,
            ExpectedUtilization = 10,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * 100,
        },
    };

    public static TheoryData<string> Names => new(Cases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public void ResourceCase(string kubernetesTestName) => Cases[kubernetesTestName].Run();

    /// <summary>
    /// TestReplicaCalcComputedToleranceAlgImplementation: a target back-calculated to sit just outside the tolerance
    /// scales down; one just inside does not.
    /// </summary>
    [Fact]
    public void TestReplicaCalcComputedToleranceAlgImplementation()
    {
        const double defaultTestingTolerance = 0.1;
        int startPods = 10;

        // 150 mCPU per pod, each asking for twice what it uses: a 50% ratio of used to requested.
        long totalUsedCPUOfAllPods = startPods * 150;
        int totalRequestedCPUOfAllPods = (int)(2 * totalUsedCPUOfAllPods);
        double requestedToUsed = totalRequestedCPUOfAllPods / (int)totalUsedCPUOfAllPods;
        int perPodRequested = totalRequestedCPUOfAllPods / startPods;

        // Force a minimal scaling event by satisfying (tolerance < 1 - resourcesUsedRatio).
        double target = Math.Abs(1 / (requestedToUsed * (1 - defaultTestingTolerance))) + .01;
        int finalCPUPercentTarget = (int)(target * 100);
        double resourcesUsedRatio = totalUsedCPUOfAllPods / (totalRequestedCPUOfAllPods * target);
        int finalPods = (int)Math.Ceiling(resourcesUsedRatio * startPods);

        string Milli(int m) => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m";
        var tc = new ReplicaCalcCase
        {
            CurrentReplicas = startPods,
            ExpectedReplicas = finalPods,
            Levels = Enumerable.Repeat(totalUsedCPUOfAllPods / 10, 10).ToArray(),
            Requests =
            [
                Milli(perPodRequested + 100), Milli(perPodRequested - 100), Milli(perPodRequested + 10), Milli(perPodRequested - 10),
                Milli(perPodRequested + 2), Milli(perPodRequested - 2), Milli(perPodRequested + 1), Milli(perPodRequested - 1),
                Milli(perPodRequested), Milli(perPodRequested),
            ],
            TargetUtilization = finalCPUPercentTarget,
            ExpectedUtilization = (int)(totalUsedCPUOfAllPods * 100) / totalRequestedCPUOfAllPods,
            ExpectedValue = ReplicaCalcCase.NumContainersPerPod * totalUsedCPUOfAllPods / 10,
        };
        Assert.Equal(9, finalPods);
        tc.Run();

        // Just inside the tolerance: no scaling.
        target = Math.Abs(1 / (requestedToUsed * (1 - defaultTestingTolerance))) + .004;
        finalCPUPercentTarget = (int)(target * 100);
        (tc with { TargetUtilization = finalCPUPercentTarget, ExpectedReplicas = startPods }).Run();
    }

    /// <summary>The exact message of TestReplicaCalcEmptyCPURequest's error, which Kubernetes checks by prefix.</summary>
    [Fact]
    public void MissingRequestNamesTheContainerAndPod()
    {
        var tc = Cases["TestReplicaCalcEmptyCPURequest"];
        var calculator = new ReplicaCalculator(tc.Metrics(), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        var result = calculator.GetResourceReplicas(1, 100, "cpu", "test-namespace", Selector.Everything, tc.Pods(), ReplicaCalcCase.Now);
        Assert.Equal(new ReplicaCalculation(0, 0, 0, TimeSpan.Zero, "missing request for cpu in container container1 of Pod test-pod-0"), result);
    }

    [Fact]
    public void NoPodsIsKubernetesError()
    {
        var calculator = new ReplicaCalculator(Cases["TestReplicaCalcScaleUp"].Metrics(), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        var result = calculator.GetResourceReplicas(3, 30, "cpu", "test-namespace", Selector.Everything, [], ReplicaCalcCase.Now);
        Assert.Equal("no pods returned by selector while calculating replica count", result.Error);
    }

    [Fact]
    public void AllPodsUnreadyIsKubernetesError()
    {
        var tc = Cases["TestReplicaCalcScaleUp"] with { PodReadiness = [F, F, F] };
        var calculator = new ReplicaCalculator(tc.Metrics(), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        var result = calculator.GetResourceReplicas(3, 30, "cpu", "test-namespace", Selector.Everything, tc.Pods(), ReplicaCalcCase.Now);
        Assert.Equal("did not receive metrics for targeted pods (pods might be unready)", result.Error);
    }

    /// <summary>The timestamp returned is the metrics' (the first pod's), as metrics/client.go reports it.</summary>
    [Fact]
    public void ReturnsTheMetricsTimestamp()
    {
        var at = TimeSpan.FromMinutes(59);
        var metrics = new Dictionary<string, PodMetric>(StringComparer.Ordinal)
        {
            ["test-pod-0"] = new(at, TimeSpan.FromSeconds(15), 600),
            ["test-pod-1"] = new(at, TimeSpan.FromSeconds(15), 600),
        };
        var pods = (Cases["TestReplicaCalcMissingMetricsNoChangeEq"]).Pods();
        var calculator = new ReplicaCalculator(new FakeResourceMetricsClient(metrics), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        var result = calculator.GetResourceReplicas(2, 30, "cpu", "test-namespace", Selector.Everything, pods, ReplicaCalcCase.Now);
        Assert.Equal(new ReplicaCalculation(2, 30, 600, at, null), result);
    }
}
