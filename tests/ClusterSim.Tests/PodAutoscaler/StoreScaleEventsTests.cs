using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using static ClusterSim.Tests.PodAutoscaler.HorizontalTestData;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>horizontal_test.go TestStoreScaleEvents: events storage, outdated marking and slot reuse, both directions.</summary>
public class StoreScaleEventsTests
{
    private static TimestampedScaleEvent Ev(int change, int secondsAgo, bool outdated = false) => new(change, Now - TimeSpan.FromSeconds(secondsAgo), outdated);

    private sealed record Case(int ReplicaChange, TimestampedScaleEvent[] PrevScaleEvents, (int Change, bool Outdated)[] NewScaleEvents, HpaScalingRules? ScalingRules, int ExpectedReplicasChange);

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        // No history: no change; no behavior: no events stored.
        ["empty entries with default behavior"] = new(5, [], [], null, 0),
        ["empty entries with two-policy-behavior"] = new(5, [], [(5, false)], GenerateScalingRules(10, 60, 100, 60, 0), 0),

        // No behavior: stored events are not touched.
        ["one outdated entry to be kept untouched without behavior"] = new(5, [Ev(7, 61)], [(7, false)], null, 0),
        ["one outdated entry to be replaced with behavior"] = new(5, [Ev(7, 61)], [(5, false)], GenerateScalingRules(10, 60, 100, 60, 0), 0),
        ["one actual entry to be not touched with behavior"] = new(5, [Ev(7, 58)], [(7, false), (5, false)], GenerateScalingRules(10, 60, 100, 60, 0), 7),
        ["two entries, one of them to be replaced"] = new(5, [Ev(7, 61), Ev(6, 59)], [(5, false), (6, false)], GenerateScalingRules(10, 60, 0, 0, 0), 6),

        // Both 61s-old events are marked outdated; the last one's slot is reused.
        ["replace one entry, use policies with different periods"] = new(5, [Ev(8, 29), Ev(6, 59), Ev(7, 61), Ev(9, 61)], [(8, false), (6, false), (7, true), (5, false)], GenerateScalingRules(10, 60, 100, 30, 0), 14),
        ["two entries, both actual"] = new(5, [Ev(7, 58), Ev(6, 59)], [(7, false), (6, false), (5, false)], GenerateScalingRules(10, 120, 100, 30, 0), 13),
    };

    public static TheoryData<string> Names => new(Cases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public void TestStoreScaleEvents(string name)
    {
        var tc = Cases[name];

        // Scale up.
        var behaviorUp = tc.ScalingRules is null ? null : new HorizontalPodAutoscalerBehavior { ScaleUp = tc.ScalingRules };
        var up = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        up.SetScaleEvents(name, tc.PrevScaleEvents, []);
        Assert.Equal(tc.ExpectedReplicasChange, ReplicaNormalizer.GetReplicasChangePerPeriod(60, up.ScaleUpEvents(name), Now));
        up.StoreScaleEvent(behaviorUp, name, 10, 10 + tc.ReplicaChange, Now);
        Assert.Equal(tc.NewScaleEvents, up.ScaleUpEvents(name).Select(e => (e.ReplicaChange, e.Outdated)));

        // Scale down.
        var behaviorDown = tc.ScalingRules is null ? null : new HorizontalPodAutoscalerBehavior { ScaleDown = tc.ScalingRules };
        var down = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
        down.SetScaleEvents(name, [], tc.PrevScaleEvents);
        Assert.Equal(tc.ExpectedReplicasChange, ReplicaNormalizer.GetReplicasChangePerPeriod(60, down.ScaleDownEvents(name), Now));
        down.StoreScaleEvent(behaviorDown, name, 10, 10 - tc.ReplicaChange, Now);
        Assert.Equal(tc.NewScaleEvents, down.ScaleDownEvents(name).Select(e => (e.ReplicaChange, e.Outdated)));
    }
}
