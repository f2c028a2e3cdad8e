using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.PodAutoscaler.HorizontalTestData;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// horizontal_test.go TestScalingWithRules: convertDesiredReplicasWithBehaviorRate over generated scale events
/// (spread over the last 120 seconds) and generateScalingRules policies, defaulted with GenerateHPAScale*Rules.
/// </summary>
public class ScalingWithRulesTests
{
    private sealed record Rules(int Pods, int PodsPeriod, int Percent, int PercentPeriod, int Window)
    {
        public HpaScalingRules Generate() => GenerateScalingRules(Pods, PodsPeriod, Percent, PercentPeriod, Window);
    }

    private sealed record Case(int[]? UpEvents, int[]? DownEvents, int Min, int Max, Rules? Up, Rules? Down, int Current, int Prenormalized, int Expected, string Condition);

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["prenormalized desired replicas within range"] = new(null, null, 3, 8, null, null, 5, 7, 7, "DesiredWithinRange"),
        ["prenormalized desired replicas < minReplicas"] = new(null, null, 2, 8, null, null, 3, 1, 2, "TooFewReplicas"),
        ["prenormalized desired replicas within range when minReplicas is 0"] = new(null, null, 0, 10, null, null, 1, 0, 0, "DesiredWithinRange"),
        ["maxReplicas is the limit because maxReplicas < scaleUpLimit"] = new(null, null, 1, 10, null, null, 20, 1000, 10, "TooManyReplicas"),
        ["desired replica count is more than the maximum replica count"] = new(null, null, 100, 150, null, null, 100, 1000, 150, "TooManyReplicas"),
        ["scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies"] = new(null, null, 1, 2000, new(0, 0, 1, 60, 0), null, 3, 1000, 4, "ScaleUpLimit"),

        // Kubernetes marks this case testThis and skips it; it passes here all the same.
        ["scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies"] = new(null, null, 3, 2000, null, new(20, 60, 0, 0, 0), 1000, 3, 980, "ScaleDownLimit"),

        // ScaleUp without PeriodSeconds usage
        ["scaleUp with default behavior"] = new(null, null, 1, 1000, null, null, 10, 50, 20, "ScaleUpLimit"),
        ["scaleUp with pods policy larger than percent policy"] = new(null, null, 1, 1000, new(100, 60, 100, 60, 0), null, 10, 500, 110, "ScaleUpLimit"),
        ["scaleUp with percent policy larger than pods policy"] = new(null, null, 1, 1000, new(2, 60, 100, 60, 0), null, 10, 500, 20, "ScaleUpLimit"),
        ["scaleUp with spec MaxReplicas limitation with large pod policy"] = new(null, null, 1, 1000, new(100, 60, 0, 0, 0), null, 10, 50, 50, "DesiredWithinRange"),
        ["scaleUp with spec MaxReplicas limitation with large percent policy"] = new(null, null, 1, 1000, new(10000, 60, 0, 0, 0), null, 10, 50, 50, "DesiredWithinRange"),
        ["scaleUp with pod policy limitation"] = new(null, null, 1, 1000, new(30, 60, 0, 0, 0), null, 10, 50, 40, "ScaleUpLimit"),
        ["scaleUp with percent policy limitation"] = new(null, null, 1, 1000, new(0, 0, 200, 60, 0), null, 10, 50, 30, "ScaleUpLimit"),
        ["scaleDown with percent policy larger than pod policy"] = new(null, null, 1, 1000, null, new(20, 60, 1, 60, 300), 100, 2, 80, "ScaleDownLimit"),
        ["scaleDown with pod policy larger than percent policy"] = new(null, null, 1, 1000, null, new(2, 60, 1, 60, 300), 100, 2, 98, "ScaleDownLimit"),
        ["scaleDown with spec MinReplicas=nil limitation with large pod policy"] = new(null, null, 1, 1000, null, new(100, 60, 0, 0, 300), 10, 0, 1, "TooFewReplicas"),
        ["scaleDown with spec MinReplicas limitation with large pod policy"] = new(null, null, 1, 1000, null, new(100, 60, 0, 0, 300), 10, 0, 1, "TooFewReplicas"),
        ["scaleDown with spec MinReplicas limitation with large percent policy"] = new(null, null, 5, 1000, null, new(0, 0, 100, 60, 300), 10, 2, 5, "TooFewReplicas"),
        ["scaleDown with pod policy limitation"] = new(null, null, 1, 1000, null, new(5, 60, 0, 0, 300), 10, 2, 5, "ScaleDownLimit"),
        ["scaleDown with percent policy limitation"] = new(null, null, 1, 1000, null, new(0, 0, 50, 60, 300), 10, 5, 5, "DesiredWithinRange"),
        ["scaleUp with spec MaxReplicas limitation with large pod policy and events"] = new([1, 5, 9], null, 1, 200, new(300, 60, 0, 0, 0), null, 100, 500, 200, "TooManyReplicas"), // 200 < 100 - 15 + 300
        ["scaleUp with spec MaxReplicas limitation with large percent policy and events"] = new([1, 5, 9], null, 1, 200, new(0, 0, 10000, 60, 0), null, 100, 500, 200, "TooManyReplicas"),

        // The scale-up limit after many scale-up events with a changed pod policy: the naive formula gives
        // 100 - 15 + 5 < 100, but no scale-up (and no scale-down) is allowed.
        ["scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events"] = new([1, 5, 9], null, 1, 1000, new(5, 120, 0, 0, 0), null, 100, 500, 100, "ScaleUpLimit"),
        ["scaleUp with pod policy and previous scale up events"] = new([1, 5, 9], null, 1, 1000, new(150, 120, 0, 0, 0), null, 100, 500, 235, "ScaleUpLimit"), // 100 - 15 + 150
        ["scaleUp with percent policy and previous scale up events"] = new([1, 5, 9], null, 1, 1000, new(0, 0, 200, 120, 0), null, 100, 500, 255, "ScaleUpLimit"), // (100 - 15) + 200%
        ["scaleUp with percent policy and previous scale up and down events"] = new([4], [2], 1, 1000, new(0, 0, 300, 300, 0), null, 6, 24, 16, "ScaleUpLimit"),

        // ScaleDown with PeriodSeconds usage
        ["scaleDown with default policy and previous events"] = new(null, [1, 5, 9], 1, 1000, null, null, 10, 5, 5, "DesiredWithinRange"),
        ["scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events"] = new(null, [1, 5, 9], 1, 1000, null, new(115, 120, 0, 0, 300), 100, 0, 1, "TooFewReplicas"),
        ["scaleDown with spec MinReplicas limitation with large pod policy and previous events"] = new(null, [1, 5, 9], 5, 1000, null, new(130, 120, 0, 0, 300), 100, 0, 5, "TooFewReplicas"),
        ["scaleDown with spec MinReplicas limitation with large percent policy and previous events"] = new(null, [1, 5, 9], 5, 1000, null, new(0, 0, 100, 120, 300), 100, 2, 5, "TooFewReplicas"),
        ["scaleDown with pod policy limitation and previous events"] = new(null, [1, 5, 9], 1, 1000, null, new(5, 120, 0, 0, 300), 100, 2, 100, "ScaleDownLimit"), // 100 + 15 - 5
        ["scaleDown with percent policy limitation and previous events"] = new(null, [2, 4, 6], 1, 1000, null, new(0, 0, 50, 120, 300), 100, 0, 56, "ScaleDownLimit"), // (100 + 12) - 50%
        ["scaleDown with percent policy and previous scale up and down events"] = new([2], [4], 1, 1000, null, new(0, 0, 50, 180, 0), 10, 1, 6, "ScaleDownLimit"),

        // After many scale-down events with a changed policy: (100 + 30) - 10% = 117 > 100, keep 100.
        ["scaleDown with previous events preventing further scale down"] = new(null, [10, 10, 10], 1, 1000, null, new(0, 0, 10, 120, 300), 100, 0, 100, "ScaleDownLimit"),

        // The same, where the calculation goes below zero: (10 + 30) - 1000% = -360, so the desired 5 stands.
        ["scaleDown with with previous events still allowing more scale down"] = new(null, [10, 10, 10], 1, 1000, null, new(0, 0, 1000, 120, 300), 10, 5, 5, "DesiredWithinRange"),
        ["check 'outdated' flag for events for one behavior for up"] = new([8, 12, 9, 11], null, 1, 1000, new(1000, 60, 0, 0, 0), null, 100, 200, 200, "DesiredWithinRange"),
        ["check that events were not marked 'outdated' for two different policies in the behavior for up"] = new([8, 12, 9, 11], null, 1, 1000, new(1000, 120, 100, 60, 0), null, 100, 200, 200, "DesiredWithinRange"),
        ["check that events were marked 'outdated' for two different policies in the behavior for up"] = new([8, 12, 9, 11], null, 1, 1000, new(1000, 30, 100, 60, 0), null, 100, 200, 200, "DesiredWithinRange"),
        ["check 'outdated' flag for events for one behavior for down"] = new(null, [8, 12, 9, 11], 1, 1000, null, new(1000, 60, 0, 0, 300), 100, 5, 5, "DesiredWithinRange"),
        ["check that events were not marked 'outdated' for two different policies in the behavior for down"] = new(null, [8, 12, 9, 11], 1, 1000, null, new(1000, 120, 100, 60, 300), 100, 5, 5, "DesiredWithinRange"),
        ["check that events were marked 'outdated' for two different policies in the behavior for down"] = new(null, [8, 12, 9, 11], 1, 1000, null, new(1000, 30, 100, 60, 300), 100, 5, 5, "DesiredWithinRange"),
    };

    public static TheoryData<string> Names => new(Cases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public void TestScalingWithRules(string name)
    {
        var tc = Cases[name];
        var arg = new NormalizationArg(
            "",
            Defaults.GenerateHpaScaleUpRules(tc.Up?.Generate()),
            Defaults.GenerateHpaScaleDownRules(tc.Down?.Generate()),
            tc.Min,
            tc.Max,
            tc.Current,
            tc.Prenormalized);
        List<TimestampedScaleEvent> up = tc.UpEvents is null ? [] : GenerateEventsUniformDistribution(tc.UpEvents, 120);
        List<TimestampedScaleEvent> down = tc.DownEvents is null ? [] : GenerateEventsUniformDistribution(tc.DownEvents, 120);

        var converted = ReplicaNormalizer.ConvertDesiredReplicasWithBehaviorRate(arg, up, down, Now);
        Assert.Equal(tc.Expected, converted.Replicas);
        Assert.Equal(tc.Condition, converted.Reason);

        // The instance form reads the same events from the normalizer's history.
        var normalizer = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        normalizer.SetScaleEvents("", up, down);
        Assert.Equal(converted, normalizer.ConvertDesiredReplicasWithBehaviorRate(arg, Now));
    }

    [Fact]
    public void GeneratedEventsSitInTheMiddleOfTheirSegments()
    {
        var events = GenerateEventsUniformDistribution([1, 2, 3, 4], 120);
        Assert.Equal([105.0, 75, 45, 15], events.Select(e => (Now - e.Timestamp).TotalSeconds));
    }
}
