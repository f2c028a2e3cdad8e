using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>horizontal_test.go TestConvertDesiredReplicasWithRules, TestCalculateScaleUpLimitWithScalingRules, TestCalculateScaleDownLimitWithBehaviors.</summary>
public class ConvertAndLimitTests
{
    [Theory]
    [InlineData("prenormalized desired replicas within range", 5, 7, 3, 8, 7, "DesiredWithinRange")]
    [InlineData("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, "TooFewReplicas")]
    [InlineData("prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, "DesiredWithinRange")]
    [InlineData("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, "TooManyReplicas")]
    [InlineData("scaleUpLimit is the limit because scaleUpLimit < maxReplicas", 3, 1000, 1, 2000, -1, "ScaleUpLimit")]
    public void TestConvertDesiredReplicasWithRules(string annotation, int currentReplicas, int expectedDesiredReplicas, int hpaMinReplicas, int hpaMaxReplicas, int expectedConvertedDesiredReplicas, string expectedCondition)
    {
        // -1 stands for Kubernetes' calculateScaleUpLimit(3).
        int expected = expectedConvertedDesiredReplicas == -1 ? ReplicaNormalizer.CalculateScaleUpLimit(3) : expectedConvertedDesiredReplicas;
        var converted = ReplicaNormalizer.ConvertDesiredReplicasWithRules(currentReplicas, expectedDesiredReplicas, hpaMinReplicas, hpaMaxReplicas);
        Assert.True(expected == converted.Replicas, annotation);
        Assert.Equal(expectedCondition, converted.Reason);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(2, 4)]
    [InlineData(3, 6)]
    [InlineData(10, 20)]
    public void CalculateScaleUpLimitIsTwiceOrFour(int current, int expected) =>
        Assert.Equal(expected, ReplicaNormalizer.CalculateScaleUpLimit(current));

    private static HpaScalingRules MinOfTwoPodsAndHalf() => new()
    {
        StabilizationWindowSeconds = 300,
        SelectPolicy = "Min",
        Policies =
        [
            new HpaScalingPolicy { Type = "Pods", Value = 2, PeriodSeconds = 60 },
            new HpaScalingPolicy { Type = "Percent", Value = 50, PeriodSeconds = 60 },
        ],
    };

    [Fact]
    public void TestCalculateScaleUpLimitWithScalingRules() =>
        Assert.Equal(2, ReplicaNormalizer.CalculateScaleUpLimitWithScalingRules(1, [], [], MinOfTwoPodsAndHalf(), HorizontalTestData.Now));

    [Fact]
    public void TestCalculateScaleDownLimitWithBehaviors() =>
        Assert.Equal(3, ReplicaNormalizer.CalculateScaleDownLimitWithBehaviors(5, [], [], MinOfTwoPodsAndHalf(), HorizontalTestData.Now));

    [Fact]
    public void DisabledPolicyKeepsTheCurrentCount()
    {
        var rules = MinOfTwoPodsAndHalf();
        rules.SelectPolicy = "Disabled";
        Assert.Equal(5, ReplicaNormalizer.CalculateScaleUpLimitWithScalingRules(5, [], [], rules, HorizontalTestData.Now));
        Assert.Equal(5, ReplicaNormalizer.CalculateScaleDownLimitWithBehaviors(5, [], [], rules, HorizontalTestData.Now));
    }
}
