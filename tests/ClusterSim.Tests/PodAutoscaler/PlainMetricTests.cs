using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Metrics;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// replica_calculator_test.go's Pods-metric (podMetric) cases, whose arithmetic is calcPlainMetricReplicas, the
/// path GetRawResourceReplicas (an AverageValue target) takes too. They run here on memory, a resource whose
/// readiness is not considered, as it is not for a custom metric; levels are per pod, in milli-units.
/// </summary>
public class PlainMetricTests
{
    public static TheoryData<string, int, int, long[], long, long, string[]?, string[]?> Cases => new()
    {
        { "TestReplicaCalcScaleUpCM", 3, 4, [20000, 10000, 30000], 15000, 20000, null, null },
        { "TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale", 3, 6, [50000, 10000, 30000], 15000, 30000, ["True", "True", "False"], null },
        { "TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown", 3, 7, [50000, 15000, 30000], 15000, 31666, ["False", "True", "False"], null },
        { "TestReplicaCalcScaleUpCMExternal", 1, 2, [8600], 4400, 8600, null, null },
        { "TestReplicaCalcScaleUpCMExternalNoLabels", 1, 2, [8600], 4400, 8600, null, null },
        { "TestReplicaCalcScaleDownCM", 5, 3, [12000, 12000, 12000, 12000, 12000], 20000, 12000, null, null },
        { "TestReplicaCalcToleranceCM", 3, 3, [20000, 21000, 21000], 20000, 20666, null, null },
        { "TestPlainMetricReplicaCalcMissingMetricsNoChangeEq", 5, 5, [20000, 19000, 21000], 20000, 20000, null, null },
        { "TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM", 2, 2, [10000, 10000], 17000, 10000, null, ["Running", "Running", "Running"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PodsMetricCase(string kubernetesTestName, int currentReplicas, int expectedReplicas, long[] levels, long targetUsage, long expectedUsage, string[]? readiness, string[]? phases)
    {
        Assert.NotEmpty(kubernetesTestName);
        var tc = new ReplicaCalcCase
        {
            CurrentReplicas = currentReplicas,
            Resource = ResourceNames.Memory,
            PodReadiness = readiness,
            PodPhase = phases,
            PodStartTime = readiness is null ? null : [.. readiness.Select((_, i) => readiness[i] == "False" ? ReplicaCalcCase.Hot : ReplicaCalcCase.Cool)],
        };
        var metrics = new SortedDictionary<string, PodMetric>(StringComparer.Ordinal);
        for (int i = 0; i < levels.Length; i++)
        {
            metrics["test-pod-" + i.ToString(CultureInfo.InvariantCulture)] = new PodMetric(TimeSpan.Zero, TimeSpan.FromMinutes(1), levels[i]);
        }

        var calculator = new ReplicaCalculator(new FakeResourceMetricsClient(metrics), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        var result = calculator.GetRawResourceReplicas(currentReplicas, targetUsage, ResourceNames.Memory, "test-namespace", Selector.Everything, tc.Pods(), ReplicaCalcCase.Now);
        Assert.Equal(new ReplicaCalculation(expectedReplicas, 0, expectedUsage, TimeSpan.Zero, null), result);
    }

    [Fact]
    public void MetricsClientErrorIsWrapped()
    {
        var calculator = new ReplicaCalculator(new FakeResourceMetricsClient(new Dictionary<string, PodMetric>()), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        var result = calculator.GetRawResourceReplicas(1, 1000, ResourceNames.Memory, "test-namespace", Selector.Everything, new ReplicaCalcCase { CurrentReplicas = 1 }.Pods(), ReplicaCalcCase.Now);
        Assert.Equal("unable to get metrics for resource memory: no metrics returned from resource metrics API", result.Error);
    }

    /// <summary>On a scale-down, a pod without metrics counts as using exactly the target (calcPlainMetricReplicas).</summary>
    [Fact]
    public void MissingPodsCountAsTheTargetOnScaleDown()
    {
        var metrics = new Dictionary<string, PodMetric>(StringComparer.Ordinal)
        {
            ["test-pod-0"] = new(TimeSpan.Zero, TimeSpan.FromMinutes(1), 1000),
            ["test-pod-1"] = new(TimeSpan.Zero, TimeSpan.FromMinutes(1), 1000),
        };
        var calculator = new ReplicaCalculator(new FakeResourceMetricsClient(metrics), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));

        // Ratio 0.25 on two pods; with the missing two at 4000 each: (1000+1000+4000+4000)/4 = 2500, ratio 0.625, ceil(2.5) = 3.
        var result = calculator.GetRawResourceReplicas(4, 4000, ResourceNames.Memory, "test-namespace", Selector.Everything, new ReplicaCalcCase { CurrentReplicas = 4 }.Pods(), ReplicaCalcCase.Now);
        Assert.Equal(new ReplicaCalculation(3, 0, 1000, TimeSpan.Zero, null), result);
    }
}
