using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using static ClusterSim.Tests.PodAutoscaler.HorizontalTestData;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// horizontal_test.go TestNormalizeDesiredReplicas (stabilizeRecommendation with a 5-minute window) and
/// TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors), with their recommendation logs.
/// </summary>
public class StabilizationTests
{
    private static TimestampedRecommendation Rec(int replicas, TimeSpan ago) => new(replicas, Now - ago);

    private static TimeSpan Min(int minutes) => TimeSpan.FromMinutes(minutes);

    public static TheoryData<string, TimestampedRecommendation[], int, int, int> NormalizeCases => new()
    {
        { "empty log", [], 5, 5, 1 },
        { "stabilize", [Rec(4, Min(2)), Rec(5, Min(1))], 3, 5, 3 },
        { "no stabilize", [Rec(1, Min(2)), Rec(2, Min(1))], 3, 3, 3 },
        { "no stabilize - old recommendations", [Rec(10, Min(10)), Rec(9, Min(9))], 3, 3, 2 },
        { "stabilize - old recommendations", [Rec(10, Min(10)), Rec(4, Min(1)), Rec(5, Min(2)), Rec(9, Min(9))], 3, 5, 4 },
    };

    [Theory]
    [MemberData(nameof(NormalizeCases))]
    public void TestNormalizeDesiredReplicas(string name, TimestampedRecommendation[] recommendations, int prenormalizedDesiredReplicas, int expectedStabilizedReplicas, int expectedLogLength)
    {
        var normalizer = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        normalizer.SetRecommendations("", recommendations);
        int r = normalizer.StabilizeRecommendation("", prenormalizedDesiredReplicas, Now);
        Assert.True(r == expectedStabilizedReplicas, name);
        Assert.Equal(expectedLogLength, normalizer.Recommendations("").Count);
    }

    private sealed record BehaviorCase(TimestampedRecommendation[] Recommendations, int CurrentReplicas, int Prenormalized, int ExpectedStabilized, int[]? ExpectedRecommendations, int UpWindow, int DownWindow);

    private static readonly Dictionary<string, BehaviorCase> BehaviorCases = new(StringComparer.Ordinal)
    {
        ["empty recommendations for scaling down"] = new([], 100, 5, 5, [5], 0, 0),
        ["simple scale down stabilization"] = new([Rec(4, Min(2)), Rec(5, Min(1))], 100, 3, 5, [4, 5, 3], 0, 60 * 3),
        ["simple scale up stabilization"] = new([Rec(4, Min(2)), Rec(5, Min(1))], 1, 7, 4, [4, 5, 7], 60 * 5, 0),
        ["no scale down stabilization"] = new([Rec(1, Min(2)), Rec(2, Min(1))], 100, 3, 3, [1, 2, 3], 60 * 5, 0),
        ["no scale up stabilization"] = new([Rec(4, Min(2)), Rec(5, Min(1))], 1, 3, 3, [4, 5, 3], 0, 60 * 5),
        ["no scale down stabilization, reuse recommendation element"] = new([Rec(10, Min(10)), Rec(9, Min(9))], 100, 3, 3, [10, 3], 0, 0),
        ["no scale up stabilization, reuse recommendation element"] = new([Rec(10, Min(10)), Rec(9, Min(9))], 1, 100, 100, [10, 100], 0, 0),
        ["scale down stabilization, reuse one of obsolete recommendation element"] = new([Rec(10, Min(10)), Rec(4, Min(1)), Rec(5, Min(2)), Rec(9, Min(9))], 100, 3, 5, [10, 4, 5, 3], 0, 3 * 60),

        // Only the first recommendation is obsolete for both scale up and scale down.
        ["scale up stabilization, reuse one of obsolete recommendation element"] = new([Rec(10, Min(100)), Rec(6, Min(1)), Rec(5, Min(2)), Rec(9, Min(3))], 1, 100, 5, [100, 6, 5, 9], 300, 0),
        ["scale up and down stabilization, do not scale up when prenormalized rec goes down"] = new([Rec(2, Min(100)), Rec(3, Min(3))], 2, 1, 2, null, 300, 300),
        ["scale up and down stabilization, do not scale down when prenormalized rec goes up"] = new([Rec(2, Min(100)), Rec(1, Min(3))], 2, 3, 2, null, 300, 300),
    };

    public static TheoryData<string> BehaviorNames => new(BehaviorCases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(BehaviorNames))]
    public void TestNormalizeDesiredReplicasWithBehavior(string name)
    {
        var tc = BehaviorCases[name];
        var normalizer = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        normalizer.SetRecommendations("", tc.Recommendations);
        var arg = new NormalizationArg(
            "",
            new HpaScalingRules { StabilizationWindowSeconds = tc.UpWindow },
            new HpaScalingRules { StabilizationWindowSeconds = tc.DownWindow },
            0,
            0,
            tc.CurrentReplicas,
            tc.Prenormalized);
        var r = normalizer.StabilizeRecommendationWithBehaviors(arg, Now);
        Assert.Equal(tc.ExpectedStabilized, r.Replicas);
        if (tc.ExpectedRecommendations is not null)
        {
            Assert.Equal(tc.ExpectedRecommendations, normalizer.Recommendations("").Select(x => x.Recommendation));
        }
    }

    /// <summary>An unset scale-down window means the controller's downscale stabilization window (maybeInitScaleDownStabilizationWindow).</summary>
    [Fact]
    public void UnsetScaleDownWindowUsesTheControllerWindow()
    {
        var normalizer = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        normalizer.SetRecommendations("", [Rec(9, Min(4))]);
        var arg = new NormalizationArg("", new HpaScalingRules { StabilizationWindowSeconds = 0 }, new HpaScalingRules(), 1, 10, 10, 3);
        Assert.Equal(new ReplicaProposal(9, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"), normalizer.StabilizeRecommendationWithBehaviors(arg, Now));
    }

    [Fact]
    public void EnsureRecommendationHistoryOnlySeedsAnAbsentHistory()
    {
        var normalizer = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        normalizer.EnsureRecommendationHistory("ns/hpa", 4, Now);
        normalizer.EnsureRecommendationHistory("ns/hpa", 7, Now + Min(1));
        Assert.Equal([new TimestampedRecommendation(4, Now)], normalizer.Recommendations("ns/hpa"));

        // Kubernetes checks for nil: an empty (but present) history is kept as it is.
        normalizer.SetRecommendations("other", []);
        normalizer.EnsureRecommendationHistory("other", 3, Now);
        Assert.Empty(normalizer.Recommendations("other"));

        normalizer.Forget("ns/hpa");
        Assert.Empty(normalizer.Recommendations("ns/hpa"));
    }

    /// <summary>normalizeDesiredReplicas: a stabilized scale-down and a max(2x, 4) scale-up limit, with the conditions they set.</summary>
    [Fact]
    public void NormalizeDesiredReplicasSetsConditions()
    {
        var hpa = new HorizontalPodAutoscaler { Spec = { MinReplicas = 1, MaxReplicas = 100 } };
        var normalizer = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        normalizer.EnsureRecommendationHistory("k", 10, Now - Min(1));

        int down = normalizer.NormalizeDesiredReplicas(hpa, "k", 10, 2, 1, Now, out var limit, out var stabilization);
        Assert.Equal(10, down);
        Assert.Equal(new ScalingLimit(false, "DesiredWithinRange", "the desired count is within the acceptable range"), limit);
        Assert.Equal(new ScaleStabilization(true, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"), stabilization);

        int up = normalizer.NormalizeDesiredReplicas(hpa, "k", 10, 50, 1, Now + Min(1), out limit, out stabilization);
        Assert.Equal(20, up);
        Assert.Equal(new ScalingLimit(true, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"), limit);
        Assert.Equal(new ScaleStabilization(false, "ReadyForNewScale", "recommended size matches current size"), stabilization);
    }
}
