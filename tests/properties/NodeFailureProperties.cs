using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Faults;
using ClusterSim.Sim.Store;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>A cluster with room to spare and a schedule of node crashes and recoveries.</summary>
public sealed record NodeFailureCase(ClusterCase Cluster, IReadOnlyList<(int Node, int CrashSecond, int? DownSeconds)> Crashes)
{
    public override string ToString() =>
        Cluster + " crashes=[" + string.Join("; ", Crashes.Select(c => string.Create(CultureInfo.InvariantCulture, $"node-{c.Node}@{c.CrashSecond}s for {(c.DownSeconds is { } d ? d + "s" : "ever")}"))) + "]";

    /// <summary>
    /// Roomy clusters of 3-5 nodes where the pods would fit even with one node gone, and one or two
    /// crashes of distinct nodes (at most nodes - 2) in the first minutes, some recovering.
    /// </summary>
    public static Gen<NodeFailureCase> Any =>
        from c in ClusterCase.Roomy.Where(c => c.Nodes >= 3)
        from crashes in Gen.Choose(1, 2)
        from first in Gen.Choose(1, c.Nodes)
        from second in Gen.Choose(1, c.Nodes).Where(n => n != first)
        from t1 in Gen.Choose(60, 180)
        from t2 in Gen.Choose(60, 240)
        from d1 in Gen.Elements<int?>(null, 60, 400)
        from d2 in Gen.Elements<int?>(null, 120, 500)
        select new NodeFailureCase(c, crashes == 1 || c.Nodes < 4 ? [(first, t1, d1)] : [(first, t1, d1), (second, t2, d2)]);
}

/// <summary>
/// Node failure invariants: recovery within the bound Kubernetes' timings give, placement only onto
/// healthy nodes, and conservation of pods. Each has a broken variant that must make it fail.
/// </summary>
public class NodeFailureProperties
{
    /// <summary>
    /// The recovery bound: the last heartbeat can be up to one lease renewal (10s) before the crash; the
    /// node is marked NotReady within the grace period (40s) plus one monitor period (5s); the unreachable
    /// taint can wait for the zone's rate limiter (at most 10s per earlier node at 0.1/s, here at most one);
    /// pods are evicted after their 300s toleration; replacements are scheduled, pull (3s, serialized:
    /// up to one pull per pod on the node), start (1s) and become ready (up to 20s). 3s x 12 pulls + 60s of
    /// slack for scheduling back-off covers every generated case.
    /// </summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10 + 40 + 5 + 10 + 300 + 36 + 1 + 20 + 60);

    [Fact]
    public void ReplicasAreReadyAgainWithinTheBoundAfterCrashes()
    {
        Check.One(PropertyRuns.Config(10), Prop.ForAll(NodeFailureCase.Any.ToArbitrary(), c => RecoveredWithinBound(c, TimeSpan.FromSeconds(300))));
    }

    /// <summary>The recovery check fails when pods tolerate unreachable nodes far longer than the bound assumes.</summary>
    [Fact]
    public void RecoveryCheckCatchesLongerTolerations()
    {
        var forever = NodeFailureCase.Any.Where(c => c.Crashes.Any(x => x.DownSeconds is null) && c.Cluster.Rcs.Sum(r => r.Replicas) >= c.Cluster.Nodes * 2);
        var broken = Prop.ForAll(forever.ToArbitrary(), c => RecoveredWithinBound(c, TimeSpan.FromSeconds(3000)));
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(10), broken));
    }

    [Fact]
    public void PodsAreOnlyBoundToHealthySchedulableNodes()
    {
        Check.One(PropertyRuns.Config(10), Prop.ForAll(NodeFailureCase.Any.ToArbitrary(), c => FirstBadBinding(c, null) is null));
    }

    /// <summary>The placement check catches a scheduler that ignores taints.</summary>
    [Fact]
    public void PlacementCheckCatchesASchedulerIgnoringTaints()
    {
        var busy = NodeFailureCase.Any.Where(c => c.Crashes.Any(x => x.DownSeconds is null) && c.Cluster.Rcs.Sum(r => r.Replicas) >= c.Cluster.Nodes);
        var broken = Prop.ForAll(busy.ToArbitrary(), c => FirstBadBinding(c, TestSeams.WithSchedulerIgnoringTaints) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(10), broken));
    }

    [Fact]
    public void NoPodVanishes()
    {
        Check.One(PropertyRuns.Config(10), Prop.ForAll(NodeFailureCase.Any.ToArbitrary(), c => FirstVanished(c, breakConservation: false) is null));
    }

    /// <summary>The conservation check catches pods removed from the API without a deletion.</summary>
    [Fact]
    public void ConservationCheckCatchesPodsDroppedOnCrash()
    {
        var busy = NodeFailureCase.Any.Where(c => c.Cluster.Rcs.Sum(r => r.Replicas) >= c.Cluster.Nodes * 2);
        var broken = Prop.ForAll(busy.ToArbitrary(), c => FirstVanished(c, breakConservation: true) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(10), broken));
    }

    private static Cluster Build(NodeFailureCase c, Action<List<Sim.Scheduling.IPlugin>>? seam, bool dropPodsOnCrash = false)
    {
        var cluster = c.Cluster.Build(seam);
        var faults = new FaultInjector(cluster);
        foreach (var (node, at, down) in c.Crashes)
        {
            var name = "node-" + node.ToString(CultureInfo.InvariantCulture);
            cluster.Kernel.ScheduleAt(TimeSpan.FromSeconds(at), () =>
            {
                faults.NodeCrash(name);
                if (dropPodsOnCrash)
                {
                    foreach (var pod in cluster.Store.PodsOnNode(name).ToList())
                    {
                        cluster.Api.Remove(pod);
                    }
                }
            });
            if (down is { } d)
            {
                cluster.Kernel.ScheduleAt(TimeSpan.FromSeconds(at + d), () => faults.NodeRecover(name));
            }
        }

        return cluster;
    }

    private static bool RecoveredWithinBound(NodeFailureCase c, TimeSpan tolerationSeconds)
    {
        var lastCrash = TimeSpan.FromSeconds(c.Crashes.Max(x => x.CrashSecond));
        using var cluster = Build(c, null);
        if (tolerationSeconds != TimeSpan.FromSeconds(300))
        {
            // The broken variant: every pod tolerates unreachable nodes for tolerationSeconds instead of 300s.
            foreach (var set in cluster.Store.List("ReplicationController").Concat(cluster.Store.List("ReplicaSet")).Cast<ReplicatedSet>())
            {
                set.Template.Spec.Tolerations.Add(new Toleration(Defaults.UnreachableTaint, "Exists", null, "NoExecute", (long)tolerationSeconds.TotalSeconds));
            }
        }

        cluster.RunUntil(lastCrash + RecoveryBound);
        return cluster.Store.List("ReplicationController").Concat(cluster.Store.List("ReplicaSet")).Cast<ReplicatedSet>()
            .All(s => s.Status.ReadyReplicas == s.Replicas);
    }

    /// <summary>Checks every binding: the node must be Ready, schedulable, and its NoSchedule/NoExecute taints tolerated.</summary>
    private static string? FirstBadBinding(NodeFailureCase c, Action<List<Sim.Scheduling.IPlugin>>? seam)
    {
        using var cluster = Build(c, seam);
        var checker = new BindingChecker(cluster);
        cluster.Store.Watch("Pod", checker);
        cluster.RunUntil(TimeSpan.FromMinutes(12));
        return checker.Violation;
    }

    private static string? FirstVanished(NodeFailureCase c, bool breakConservation)
    {
        using var cluster = Build(c, null, breakConservation);
        var checker = new ConservationChecker();
        cluster.Store.Watch("Pod", checker);
        cluster.RunUntil(TimeSpan.FromMinutes(12));
        return checker.Violation;
    }

    private sealed class BindingChecker(Cluster cluster) : IStoreWatcher
    {
        private readonly HashSet<string> _bound = new(StringComparer.Ordinal);

        public string? Violation { get; private set; }

        public void OnChange(WatchEventType type, KubeObject obj)
        {
            if (Violation is not null || obj is not Pod pod || type == WatchEventType.Deleted || pod.Spec.NodeName.Length == 0 || !_bound.Add(pod.Metadata.Uid))
            {
                return;
            }

            var node = cluster.Store.Get<Node>("", pod.Spec.NodeName);
            if (node is null || node.Status.GetCondition("Ready")?.Status != "True" || node.Spec.Unschedulable
                || node.Spec.Taints.Any(t => t.Effect is "NoSchedule" or "NoExecute" && !pod.Spec.Tolerations.Any(tol => tol.ToleratesTaint(t))))
            {
                Violation = $"{pod.Metadata.Name} bound to unhealthy node {pod.Spec.NodeName} at {cluster.Now}";
            }
        }
    }

    /// <summary>A pod may leave the store only if it was never bound, had finished, or was being deleted before.</summary>
    private sealed class ConservationChecker : IStoreWatcher
    {
        private readonly HashSet<string> _terminating = new(StringComparer.Ordinal);

        public string? Violation { get; private set; }

        public void OnChange(WatchEventType type, KubeObject obj)
        {
            if (obj is not Pod pod || Violation is not null)
            {
                return;
            }

            if (type != WatchEventType.Deleted)
            {
                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    _terminating.Add(pod.Metadata.Uid);
                }

                return;
            }

            bool accounted = pod.Spec.NodeName.Length == 0 || PodUtil.IsTerminal(pod) || _terminating.Contains(pod.Metadata.Uid);
            if (!accounted)
            {
                Violation = $"{pod.Metadata.Name} vanished from {pod.Spec.NodeName} without a deletion";
            }
        }
    }
}
