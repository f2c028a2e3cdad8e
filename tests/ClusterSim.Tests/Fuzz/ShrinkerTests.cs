using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Fuzz;

namespace ClusterSim.Tests.Fuzz;

/// <summary>The shrinker on hand-built failures, without simulating: fewest faults, earliest times, no needless recoveries, repeated to a fixpoint.</summary>
public class ShrinkerTests
{
    private static FuzzFault F(int seconds, FaultType type, string target) => new(TimeSpan.FromSeconds(seconds), new FaultSpec(type, target));

    [Fact]
    public void ReachesTheTwoFaultsThatMatterAtTheirEarliestTimes()
    {
        // "Fails" when node a crashes at 20s or later and node b at 35s or later, whatever else happens.
        static bool Fails(IReadOnlyList<FuzzFault> s) =>
            s.Any(f => f.Fault == new FaultSpec(FaultType.NodeCrash, "a") && f.At >= TimeSpan.FromSeconds(20))
            && s.Any(f => f.Fault == new FaultSpec(FaultType.NodeCrash, "b") && f.At >= TimeSpan.FromSeconds(35));
        var failing = new[]
        {
            F(100, FaultType.NodeCrash, "a"),
            F(200, FaultType.NodeRecover, "a"),
            F(50, FaultType.KubeletStop, "c"),
            F(150, FaultType.NodeCrash, "b"),
            F(300, FaultType.NodeRecover, "b"),
        };
        var shrinker = new Shrinker(Fails, _ => true);
        var minimal = shrinker.Shrink(failing);
        Assert.Equal([F(20, FaultType.NodeCrash, "a"), F(35, FaultType.NodeCrash, "b")], minimal);
        Assert.True(shrinker.Runs > 0);
        // Deterministic: the same input shrinks the same way, in as many runs.
        var again = new Shrinker(Fails, _ => true);
        Assert.Equal(minimal, again.Shrink(failing));
        Assert.Equal(shrinker.Runs, again.Runs);
    }

    [Fact]
    public void RepeatsItsPassesUntilARoundChangesNothing()
    {
        // "Fails" when node a crashes in the first 10s (say, before its pod started), or when a and b both crash.
        // At the drawn times neither crash can go, so the drop pass keeps both; the time pass then moves a to 0s,
        // after which b is needless, but only a second round of the drop pass finds that out.
        static bool Fails(IReadOnlyList<FuzzFault> s)
        {
            var a = s.FirstOrDefault(f => f.Fault == new FaultSpec(FaultType.NodeCrash, "a"));
            return a is not null && (a.At <= TimeSpan.FromSeconds(10) || s.Any(f => f.Fault == new FaultSpec(FaultType.NodeCrash, "b")));
        }

        var shrinker = new Shrinker(Fails, _ => true);
        var minimal = shrinker.Shrink([F(100, FaultType.NodeCrash, "a"), F(200, FaultType.NodeCrash, "b")]);
        Assert.Equal([F(0, FaultType.NodeCrash, "a")], minimal);
        // The round that moved a, the round that dropped b, and one that found nothing left to do.
        Assert.Equal(3, shrinker.Rounds);
    }

    [Fact]
    public void KeepsARecoveryTheFailureNeedsAndNeverTriesAnInvalidSchedule()
    {
        // Fails only when b is back up (recovered at least 10s after its crash) before c crashes.
        static bool Fails(IReadOnlyList<FuzzFault> s)
        {
            var crash = s.FirstOrDefault(f => f.Fault.Type == FaultType.NodeCrash && f.Fault.Target == "b");
            var back = s.FirstOrDefault(f => f.Fault.Type == FaultType.NodeRecover && f.Fault.Target == "b");
            var c = s.FirstOrDefault(f => f.Fault.Type == FaultType.NodeCrash && f.Fault.Target == "c");
            return crash is not null && back is not null && c is not null && back.At - crash.At >= TimeSpan.FromSeconds(10) && c.At > back.At;
        }

        // Valid as the loader sees it: a recovery needs its crash before it.
        static bool Valid(IReadOnlyList<FuzzFault> s) =>
            s.Where(f => f.IsRecovery).All(r => s.Any(f => f.Fault.Target == r.Fault.Target && f.Fault.Type == FaultType.NodeCrash && f.At < r.At));
        bool sawInvalid = false;
        var shrinker = new Shrinker(
            s =>
            {
                sawInvalid |= !Valid(s);
                return Fails(s);
            },
            Valid);
        var minimal = shrinker.Shrink([F(60, FaultType.NodeCrash, "b"), F(120, FaultType.NodeRecover, "b"), F(200, FaultType.NodeCrash, "c")]);
        Assert.False(sawInvalid);
        Assert.Equal([F(0, FaultType.NodeCrash, "b"), F(10, FaultType.NodeRecover, "b"), F(11, FaultType.NodeCrash, "c")], minimal);
    }
}
