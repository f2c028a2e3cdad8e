using System.Text.RegularExpressions;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Instruments.Invariants;
using ClusterSim.Sim.Store;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ClusterSim.Properties;

/// <summary>
/// The invariants of <see cref="InvariantChecker"/>, one property each: random clusters, workloads, Services,
/// cordons, taints and fault schedules (<see cref="InvariantCase"/>), or a whole cluster under an HPA
/// (<see cref="HpaClusterCase"/>), run with the checker observing every event. Each has a deliberately broken
/// variant (a test seam) and a test asserting that the property then fails and that FsCheck shrank the case.
/// </summary>
public partial class InvariantProperties(ITestOutputHelper output)
{
    /// <summary>Runs the case with a checker attached; the first violation of <paramref name="invariant"/>, or null.</summary>
    private static InvariantViolation? Violation(Cluster cluster, string invariant, TimeSpan until)
    {
        using (cluster)
        {
            var checker = new InvariantChecker(cluster);
            cluster.RunUntil(until);
            return checker.First(invariant);
        }
    }

    private static InvariantViolation? Violation(InvariantCase c, string invariant, Action<List<Sim.Scheduling.IPlugin>>? seam = null, bool loseCrashedPods = false) =>
        Violation(c.Build(seam, loseCrashedPods), invariant, InvariantCase.RunFor);

    /// <summary>
    /// Asserts that the broken property fails, that FsCheck shrank the counterexample, and that the shrunk case
    /// is no bigger than the first failing one; prints both. <paramref name="size"/> measures a case.
    /// </summary>
    private void AssertFailsAndShrinks<T>(Arbitrary<T> arb, Func<T, bool> property, Func<T, int> size, int runs)
    {
        T? first = default, last = default;
        bool failed = false;
        var prop = Prop.ForAll(arb, c =>
        {
            bool ok = property(c);
            if (!ok)
            {
                first = failed ? first : c;
                last = c;
                failed = true;
            }

            return ok;
        });
        var e = Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(runs), prop));
        Assert.True(failed);
        var shrinks = ShrinkCount().Match(e.Message);
        int n = shrinks.Success ? int.Parse(shrinks.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        output.WriteLine($"first failing (size {size(first!)}): {Describe(first)}");
        output.WriteLine($"shrunk after {n} shrinks (size {size(last!)}): {Describe(last)}");
        Assert.True(n > 0 || size(first!) == size(last!), "FsCheck did not shrink: " + e.Message);
        Assert.True(size(last!) <= size(first!));
    }

    private static string? Describe(object? o) => o is int[] a ? "[" + string.Join(",", a) + "]" : o?.ToString();

    [GeneratedRegex(@"\((\d+) shrinks?\)")]
    private static partial Regex ShrinkCount();

    // ---- clock ------------------------------------------------------------------------------------------

    /// <summary>
    /// Clock: virtual time never decreases and events at equal times run in (time, sequence) order, the
    /// kernel's contract on which every "same instant" reasoning in the controllers rests. Checked on random
    /// schedules of the kernel itself (events that schedule more events, many at equal times) and on every
    /// event of the cluster runs of the other properties.
    /// </summary>
    [Fact]
    public void Clock_NeverGoesBackAndEqualTimesRunInSequence() =>
        Check.One(PropertyRuns.Config(100), Prop.ForAll(ArbMap.Default.ArbFor<int[]>(), delays => ClockViolation(delays, lifo: false) is null));

    /// <summary>Broken: a queue that runs equal-time events last in, first out; the clock invariant catches it.</summary>
    [Fact]
    public void Clock_CatchesAQueueRunningEqualTimesOutOfOrder() =>
        AssertFailsAndShrinks(ArbMap.Default.ArbFor<int[]>(), delays => ClockViolation(delays, lifo: true) is null, d => d.Length, 100);

    /// <summary>
    /// Schedules one event per delay (delays taken mod 4 so that times collide), each scheduling a follower at
    /// its delay again; the real kernel feeds the checker, the broken variant replays the same events sorted
    /// by time with equal times reversed.
    /// </summary>
    private static string? ClockViolation(int[] delays, bool lifo)
    {
        var clock = new ClockInvariant();
        var kernel = new Kernel();
        var ran = new List<(long Time, long Sequence)>();
        string? violation = null;
        kernel.AfterEvent += () =>
        {
            ran.Add((kernel.NowTicks, kernel.CurrentSequence));
            violation ??= lifo ? null : clock.Observe(kernel.NowTicks, kernel.CurrentSequence);
        };
        foreach (var d in delays)
        {
            long delay = Math.Abs(d % 4);
            kernel.ScheduleIn(TimeSpan.FromTicks(delay), () => kernel.ScheduleIn(TimeSpan.FromTicks(delay), () => { }));
        }

        kernel.Run();
        if (lifo)
        {
            foreach (var (t, s) in ran.OrderBy(x => x.Time).ThenByDescending(x => x.Sequence))
            {
                violation ??= clock.Observe(t, s);
            }
        }

        return violation;
    }

    // ---- capacity ---------------------------------------------------------------------------------------

    /// <summary>
    /// Capacity: after every event, the CPU, memory and pod count requested by the unfinished pods bound to a
    /// node are within its allocatable, as the scheduler's NodeResourcesFit promises; faults and cordons must
    /// not make the scheduler place replacements where they do not fit.
    /// </summary>
    [Fact]
    public void Capacity_NeverExceedsAllocatable() =>
        Check.One(PropertyRuns.Config(25), Prop.ForAll(InvariantCase.Arbitrary(InvariantCase.Any), c => Violation(c, InvariantNames.Capacity) is null));

    /// <summary>Broken: a scheduler that ignores memory, on clusters whose pods' memory does not all fit.</summary>
    [Fact]
    public void Capacity_CatchesASchedulerIgnoringMemory()
    {
        var memoryHeavy = InvariantCase.From(ClusterCase.Any.Select(c => c with { NodeMemoryMi = 1024, Rcs = [new RcCase(6, 0, 512, 0), .. c.Rcs.Skip(1)] }));
        AssertFailsAndShrinks(InvariantCase.Arbitrary(memoryHeavy), c => Violation(c, InvariantNames.Capacity, TestSeams.WithSchedulerIgnoringMemory) is null, c => c.Size, 5);
    }

    // ---- placement --------------------------------------------------------------------------------------

    /// <summary>
    /// Placement: when a pod is bound, its node is Ready, not cordoned, and has no NoSchedule or NoExecute
    /// taint the pod does not tolerate (checked at the binding write, against the node as it is then).
    /// Crashes and partitions make nodes NotReady and tainted while their pods are being replaced.
    /// </summary>
    [Fact]
    public void Placement_OnlyOnReadySchedulableToleratedNodes() =>
        Check.One(PropertyRuns.Config(25), Prop.ForAll(InvariantCase.Arbitrary(InvariantCase.Any), c => Violation(c, InvariantNames.Placement) is null));

    /// <summary>Broken: a scheduler without the TaintToleration and NodeUnschedulable filters.</summary>
    [Fact]
    public void Placement_CatchesASchedulerIgnoringTaints()
    {
        var tainted = InvariantCase.Any.Where(c => c.Cluster.Rcs.Sum(r => r.Replicas) >= c.Cluster.Nodes * 2).Select(c => c with { TaintNode = 1 });
        AssertFailsAndShrinks(InvariantCase.Arbitrary(tainted), c => Violation(c, InvariantNames.Placement, TestSeams.WithSchedulerIgnoringTaints) is null, c => c.Size, 5);
    }

    // ---- conservation -----------------------------------------------------------------------------------

    /// <summary>
    /// Conservation: every pod ever created still exists or its deletion was seen as a watch Deleted event;
    /// checked after every event by comparing the checker's count of live pods with the store's. Crashes,
    /// partitions, pod kills, evictions and the pod garbage collector all remove pods, and all must say so.
    /// </summary>
    [Fact]
    public void Conservation_NoPodVanishesWithoutADeletion() =>
        Check.One(PropertyRuns.Config(25), Prop.ForAll(InvariantCase.Arbitrary(InvariantCase.Any), c => Violation(c, InvariantNames.Conservation) is null));

    /// <summary>Broken: a node crash that loses the node's pods from the store without a watch event.</summary>
    [Fact]
    public void Conservation_CatchesACrashThatLosesPods()
    {
        var crashing = InvariantCase.Any.Where(c => c.Cluster.Rcs.Sum(r => r.Replicas) >= c.Cluster.Nodes * 2)
            .Select(c => c with { Faults = [new FaultCase("node-crash", 1, 60, null), .. c.Faults] });
        AssertFailsAndShrinks(InvariantCase.Arbitrary(crashing), c => Violation(c, InvariantNames.Conservation, loseCrashedPods: true) is null, c => c.Size, 5);
    }

    // ---- endpoints --------------------------------------------------------------------------------------

    /// <summary>
    /// Endpoints: at every quiescent point (no more events due at the current instant, so the endpoints
    /// controller has reacted to this instant's changes) each Service's Endpoints list as ready addresses
    /// exactly its selected pods that are Ready, not terminating or finished, and have an IP. In between, the
    /// normal propagation within one instant is not a violation.
    /// </summary>
    [Fact]
    public void Endpoints_AreExactlyTheReadySelectedPods() =>
        Check.One(PropertyRuns.Config(25), Prop.ForAll(InvariantCase.Arbitrary(InvariantCase.Any.Select(c => c with { Services = true })), c => Violation(c, InvariantNames.Endpoints) is null));

    /// <summary>Broken: an endpoints controller that lists not-ready pods as ready (a rewrite after each of its writes).</summary>
    [Fact]
    public void Endpoints_CatchesAControllerListingUnreadyPods()
    {
        var slowReady = InvariantCase.Any.Where(c => c.Cluster.Rcs.Any(r => r.Replicas > 0 && r.ReadySeconds > 0)).Select(c => c with { Services = true });
        AssertFailsAndShrinks(InvariantCase.Arbitrary(slowReady), c =>
        {
            var cluster = c.Build();
            cluster.Store.Watch("Endpoints", new UnreadyAsReady(cluster));
            return Violation(cluster, InvariantNames.Endpoints, InvariantCase.RunFor) is null;
        }, c => c.Size, 5);
    }

    /// <summary>After each Endpoints write, moves the not-ready addresses to the ready ones in the same instant.</summary>
    private sealed class UnreadyAsReady(Cluster cluster) : IStoreWatcher
    {
        public void OnChange(WatchEventType type, KubeObject obj)
        {
            if (type == WatchEventType.Deleted || obj is not Endpoints ep || ep.Subsets.All(s => s.NotReadyAddresses.Count == 0))
            {
                return;
            }

            cluster.Kernel.ScheduleIn(TimeSpan.Zero, () =>
            {
                if (cluster.Store.Get("Endpoints", ep.Key) != ep)
                {
                    return;
                }

                foreach (var s in ep.Subsets)
                {
                    s.Addresses.AddRange(s.NotReadyAddresses);
                    s.NotReadyAddresses.Clear();
                }

                cluster.Api.Update(ep);
            });
        }
    }

    // ---- HPA --------------------------------------------------------------------------------------------

    /// <summary>
    /// HPA bounds: whenever the controller writes a status with currentReplicas > 0 and ScalingActive True,
    /// desiredReplicas is within [minReplicas, maxReplicas], under load that swings between idle and far
    /// beyond what maxReplicas can serve.
    /// </summary>
    [Fact]
    public void HpaBounds_DesiredWithinMinAndMax() =>
        Check.One(PropertyRuns.Config(15), Prop.ForAll(HpaClusterCase.Arbitrary(HpaClusterCase.Any), c => Violation(c.Build(), InvariantNames.HpaBounds, c.RunFor) is null));

    /// <summary>Broken: a normalizer that ignores maxReplicas (scales to the metrics' recommendation when it is higher).</summary>
    [Fact]
    public void HpaBounds_CatchesANormalizerIgnoringMax()
    {
        var overloaded = HpaClusterCase.Any.Select(c => c with { Max = Math.Min(c.Max, 3), Min = 1, Rps = [150, .. c.Rps] });
        AssertFailsAndShrinks(
            HpaClusterCase.Arbitrary(overloaded),
            c => Violation(c.Build((_, _, prenormalized, normalized) => Math.Max(prenormalized, normalized)), InvariantNames.HpaBounds, c.RunFor) is null,
            c => c.Size,
            3);
    }

    /// <summary>
    /// HPA rate: with a behavior, each rescale from a count within [min, max] stays within what the direction's
    /// policies allow given the rescales of each policy's period (periodStartReplicas ± the policy's pods or
    /// percent, Max/Min selection), recomputed by the checker from the rescales it saw.
    /// </summary>
    [Fact]
    public void HpaRate_RescalesWithinPolicyLimitsPerPeriod() =>
        Check.One(PropertyRuns.Config(15), Prop.ForAll(HpaClusterCase.Arbitrary(HpaClusterCase.Any.Where(c => c.Up is not null)), c => Violation(c.Build(), InvariantNames.HpaRate, c.RunFor) is null));

    /// <summary>Broken: a normalizer that applies min and max but not the behavior's policies.</summary>
    [Fact]
    public void HpaRate_CatchesANormalizerIgnoringPolicies()
    {
        var limited = HpaClusterCase.Any.Select(c => c with
        {
            Min = 1,
            Max = 8,
            Up = new RatePolicy("Pods", 1, 120),
            Down = new RatePolicy("Pods", 1, 120),
            Rps = [150, .. c.Rps],
        });
        AssertFailsAndShrinks(
            HpaClusterCase.Arbitrary(limited),
            c => Violation(c.Build((hpa, _, prenormalized, _) => Math.Clamp(prenormalized, hpa.Spec.MinReplicas ?? 1, hpa.Spec.MaxReplicas)), InvariantNames.HpaRate, c.RunFor) is null,
            c => c.Size,
            3);
    }

    // ---- determinism ------------------------------------------------------------------------------------

    /// <summary>
    /// Determinism: the same case and seed give the same trace hash when run twice in one process (no state
    /// leaks between runs: statics, caches, iteration order of hashed collections), and attaching the
    /// invariant checker does not change the trace (it only observes). The seed sensitivity that shows this
    /// check can fail is ControllerProperties.TraceHashDependsOnTheSeed.
    /// </summary>
    [Fact]
    public void Determinism_SameCaseSameTraceHashWithOrWithoutTheChecker() =>
        Check.One(PropertyRuns.Config(15), Prop.ForAll(InvariantCase.Arbitrary(InvariantCase.Any), c =>
        {
            var a = Hash(c, checker: false);
            return a == Hash(c, checker: false) && a == Hash(c, checker: true);
        }));

    private static string Hash(InvariantCase c, bool checker)
    {
        using var cluster = c.Build();
        if (checker)
        {
            _ = new InvariantChecker(cluster);
        }

        cluster.RunUntil(InvariantCase.RunFor);
        return cluster.Trace.HashHex();
    }
}
