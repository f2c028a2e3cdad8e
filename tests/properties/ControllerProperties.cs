using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// Invariants of the foundation: determinism, node capacity, and ReplicationController convergence.
/// Each has a companion test that runs the same check against a deliberately broken variant and
/// asserts that the property then fails, so none of them can pass vacuously.
/// </summary>
public class ControllerProperties
{
    private static readonly TimeSpan RunFor = TimeSpan.FromMinutes(3);

    /// <summary>Same cluster and seed give the same trace hash, run twice in one process.</summary>
    [Fact]
    public void SameSeedSameTraceHash()
    {
        Check.One(PropertyRuns.Config(15), Prop.ForAll(ClusterCase.Any.ToArbitrary(), c => Hash(c) == Hash(c)));
    }

    /// <summary>The determinism check tells different seeds apart (a property that could not fail would pass here too).</summary>
    [Fact]
    public void TraceHashDependsOnTheSeed()
    {
        var broken = Prop.ForAll(ClusterCase.Any.Where(c => c.Rcs.Sum(r => r.Replicas) > 1).ToArbitrary(), c => Hash(c) == Hash(c with { Seed = c.Seed + 1 }));
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(15), broken));
    }

    /// <summary>At every event, no node's requested CPU, memory or pod count exceeds its allocatable.</summary>
    [Fact]
    public void NodesNeverOvercommitted()
    {
        Check.One(PropertyRuns.Config(20), Prop.ForAll(ClusterCase.Any.ToArbitrary(), c => FirstOvercommit(c.Build()) is null));
    }

    /// <summary>The capacity check catches a scheduler that ignores memory.</summary>
    [Fact]
    public void CapacityCheckCatchesASchedulerThatIgnoresMemory()
    {
        var memoryHeavy = ClusterCase.Any.Select(c => c with { NodeMemoryMi = 1024, Rcs = [new RcCase(6, 0, 512, 0)] });
        var broken = Prop.ForAll(memoryHeavy.ToArbitrary(), c => FirstOvercommit(c.Build(TestSeams.WithSchedulerIgnoringMemory)) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(10), broken));
    }

    /// <summary>Where capacity allows, every RC and ReplicaSet has all its replicas ready within a bound: pull + readiness + scheduling slack.</summary>
    [Fact]
    public void ReplicaSetsAndReplicationControllersConverge()
    {
        Check.One(PropertyRuns.Config(20), Prop.ForAll(ClusterCase.Roomy.ToArbitrary(), c => Converged(c.Build(), c)));
    }

    /// <summary>The convergence check fails when containers never become ready.</summary>
    [Fact]
    public void ConvergenceCheckCatchesPodsThatNeverBecomeReady()
    {
        var neverReady = ClusterCase.Roomy.Where(c => c.Rcs.Any(r => r.Replicas > 0)).Select(c => c with { Rcs = c.Rcs.Select(r => r with { ReadySeconds = 100_000 }).ToList() });
        var broken = Prop.ForAll(neverReady.ToArbitrary(), c => Converged(c.Build(), c));
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(10), broken));
    }

    private static string Hash(ClusterCase c)
    {
        using var cluster = c.Build();
        cluster.RunUntil(RunFor);
        return cluster.Trace.HashHex();
    }

    /// <summary>Runs the cluster, checking capacity after every event; returns the first violation or null.</summary>
    private static string? FirstOvercommit(Cluster cluster)
    {
        using (cluster)
        {
            string? violation = null;
            cluster.Kernel.AfterEvent += () =>
            {
                if (violation is not null)
                {
                    return;
                }

                foreach (Node node in cluster.Store.List("Node"))
                {
                    var used = NodeUsage.Of(cluster.Store, node.Metadata.Name);
                    var alloc = node.Status.Allocatable;
                    if (used.CpuMilli > alloc.Get(ResourceNames.Cpu).MilliValue()
                        || used.MemoryBytes > alloc.Get(ResourceNames.Memory).Value()
                        || used.Pods > alloc.Get(ResourceNames.Pods).Value())
                    {
                        violation = $"{node.Metadata.Name} overcommitted at {cluster.Now}: {used}";
                    }
                }
            };
            cluster.RunUntil(RunFor);
            return violation;
        }
    }

    private static bool Converged(Cluster cluster, ClusterCase c)
    {
        using (cluster)
        {
            // The bound, derived from the generator (Roomy: every pod fits wherever it lands, so nothing waits
            // for capacity): the controllers create every pod at t=0 (slow-start batches run in the same
            // instant) and the scheduler binds one per event at t=0; each node pulls the images of its pods one
            // at a time, at most one distinct image per RC (4 x 3s = 12s), then each container starts (1s) and
            // becomes ready after readyAfter (<= 20s): 33s in the worst case. RunFor (3 minutes) leaves a
            // margin of over 2 minutes for scheduling back-off, which a Roomy cluster never needs.
            cluster.RunUntil(RunFor);
            foreach (var set in cluster.Store.List("ReplicationController").Concat(cluster.Store.List("ReplicaSet")).Cast<ReplicatedSet>())
            {
                if (set.Status.ReadyReplicas != set.Replicas || set.Status.Replicas != set.Replicas)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
