using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Faults;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>One fault of a generated schedule: what, on which node (1-based), when, and for how long (null: for good).</summary>
public sealed record FaultCase(string Kind, int Node, int AtSecond, int? ForSeconds)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind} node-{Node}@{AtSecond}s{(ForSeconds is { } d ? " for " + d + "s" : "")}");
}

/// <summary>
/// A random cluster (<see cref="ClusterCase"/>), a Service in front of each RC, an optional cordoned node and
/// NoSchedule-tainted node, and a schedule of node crashes, kubelet partitions and pod kills: what the
/// invariant properties throw at the controllers. Its shrinker removes faults, nodes, workloads and replicas
/// and moves faults earlier, so a failure ends small.
/// </summary>
public sealed record InvariantCase(ClusterCase Cluster, bool Services, int CordonNode, int TaintNode, IReadOnlyList<FaultCase> Faults)
{
    /// <summary>Long enough for a crash at the latest generated time to pass NotReady (40s), eviction (300s) and replacement.</summary>
    public static readonly TimeSpan RunFor = TimeSpan.FromMinutes(8);

    public int Size => Cluster.Nodes + Cluster.Rcs.Count + Cluster.Rcs.Sum(r => r.Replicas) + Faults.Count + (CordonNode > 0 ? 1 : 0) + (TaintNode > 0 ? 1 : 0);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cluster} services={Services} cordon={CordonNode} taint={TaintNode} faults=[{string.Join("; ", Faults)}]");

    public static Gen<InvariantCase> From(Gen<ClusterCase> clusters) =>
        from c in clusters
        from services in Gen.Elements(true, false)
        from cordon in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, c.Nodes)))
        from taint in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, c.Nodes)))
        from n in Gen.Choose(0, 3)
        from faults in Gen.ListOf(FaultGen(c.Nodes), n)
        select new InvariantCase(c, services, cordon, taint, faults.ToList());

    public static Gen<InvariantCase> Any => From(ClusterCase.Any);

    private static Gen<FaultCase> FaultGen(int nodes) =>
        from kind in Gen.Elements("node-crash", "kubelet-stop", "pod-kill")
        from node in Gen.Choose(1, nodes)
        from at in Gen.Choose(5, 200)
        from d in Gen.Elements<int?>(null, 30, 120, 330)
        select new FaultCase(kind, node, at, kind == "pod-kill" ? null : d);

    /// <summary>Shrinks with <see cref="Candidates"/>, giving up after <paramref name="budget"/> candidates so a failing test stays within CI's time.</summary>
    public static Arbitrary<InvariantCase> Arbitrary(Gen<InvariantCase> gen, int budget = 60)
    {
        int tried = 0;
        return Arb.From(gen, c => Candidates(c).TakeWhile(_ => tried++ < budget));
    }

    /// <summary>Smaller cases, biggest cuts first.</summary>
    public static IEnumerable<InvariantCase> Candidates(InvariantCase c)
    {
        if (c.Faults.Count > 0)
        {
            yield return c with { Faults = [] };
            for (int i = 0; i < c.Faults.Count; i++)
            {
                yield return c with { Faults = c.Faults.Where((_, j) => j != i).ToList() };
            }
        }

        if (c.CordonNode > 0)
        {
            yield return c with { CordonNode = 0 };
        }

        if (c.TaintNode > 0)
        {
            yield return c with { TaintNode = 0 };
        }

        for (int nodes = 1; nodes < c.Cluster.Nodes; nodes++)
        {
            // Drop the highest-numbered nodes; faults, cordon and taint on them go too.
            int n = nodes;
            yield return c with
            {
                Cluster = c.Cluster with { Nodes = n },
                CordonNode = c.CordonNode <= n ? c.CordonNode : 0,
                TaintNode = c.TaintNode <= n ? c.TaintNode : 0,
                Faults = c.Faults.Where(f => f.Node <= n).ToList(),
            };
        }

        for (int i = 0; i < c.Cluster.Rcs.Count && c.Cluster.Rcs.Count > 1; i++)
        {
            yield return c with { Cluster = c.Cluster with { Rcs = c.Cluster.Rcs.Where((_, j) => j != i).ToList() } };
        }

        for (int i = 0; i < c.Cluster.Rcs.Count; i++)
        {
            var r = c.Cluster.Rcs[i];
            foreach (var smaller in new[] { r with { Replicas = r.Replicas / 2 }, r with { Replicas = r.Replicas - 1 }, r with { ReadySeconds = 0 } })
            {
                if (smaller != r && smaller.Replicas >= 0)
                {
                    int k = i;
                    yield return c with { Cluster = c.Cluster with { Rcs = c.Cluster.Rcs.Select((x, j) => j == k ? smaller : x).ToList() } };
                }
            }
        }

        for (int i = 0; i < c.Faults.Count; i++)
        {
            var f = c.Faults[i];
            if (f.AtSecond > 5)
            {
                int k = i;
                yield return c with { Faults = c.Faults.Select((x, j) => j == k ? x with { AtSecond = 5 + ((x.AtSecond - 5) / 2) } : x).ToList() };
            }
        }

        if (c.Services)
        {
            yield return c with { Services = false };
        }
    }

    /// <summary>
    /// Builds the cluster with the services, cordon, taint and faults scheduled; <paramref name="schedulerSeam"/>
    /// and <paramref name="loseCrashedPods"/> break it on purpose.
    /// </summary>
    public Cluster Build(Action<List<Sim.Scheduling.IPlugin>>? schedulerSeam = null, bool loseCrashedPods = false)
    {
        var cluster = Cluster.Build(schedulerSeam);
        if (Services)
        {
            for (int i = 0; i < Cluster.Rcs.Count; i++)
            {
                var name = "rc" + i.ToString(CultureInfo.InvariantCulture);
                var svc = new Service { Metadata = { Name = name, Namespace = "default" }, Spec = { Selector = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = name } } };
                svc.Spec.Ports.Add(new ServicePort { Port = 80, TargetPort = IntOrString.FromInt(8080) });
                cluster.Api.Create(svc);
            }
        }

        if (TaintNode > 0 && cluster.Store.Get<Node>("", NodeName(TaintNode)) is { } tainted)
        {
            tainted.Spec.Taints.Add(new Taint("dedicated", "other", "NoSchedule"));
            cluster.Api.Update(tainted, specChanged: true);
        }

        if (CordonNode > 0)
        {
            // Cordoned a little later, so that some pods are already there (kubectl cordon leaves them).
            cluster.Kernel.ScheduleAt(TimeSpan.FromSeconds(20), () =>
            {
                var node = cluster.Store.Get<Node>("", NodeName(CordonNode))!;
                node.Spec.Unschedulable = true;
                cluster.Api.Update(node, specChanged: true);
            });
        }

        var faults = new FaultInjector(cluster);
        foreach (var f in Faults)
        {
            var name = NodeName(f.Node);
            var at = TimeSpan.FromSeconds(f.AtSecond);
            switch (f.Kind)
            {
                case "node-crash":
                    cluster.Kernel.ScheduleAt(at, () =>
                    {
                        if (faults.NodeCrash(name) is null && loseCrashedPods)
                        {
                            foreach (var pod in cluster.Store.PodsOnNode(name).ToList())
                            {
                                cluster.Store.LoseWithoutNotifying(pod);
                            }
                        }
                    });
                    if (f.ForSeconds is { } down)
                    {
                        cluster.Kernel.ScheduleAt(at + TimeSpan.FromSeconds(down), () => faults.NodeRecover(name));
                    }

                    break;
                case "kubelet-stop":
                    cluster.Kernel.ScheduleAt(at, () => faults.KubeletStop(name));
                    if (f.ForSeconds is { } cut)
                    {
                        cluster.Kernel.ScheduleAt(at + TimeSpan.FromSeconds(cut), () => faults.KubeletStart(name));
                    }

                    break;
                default:
                    // pod-kill: the first pod (by name) on the node at that time, if any.
                    cluster.Kernel.ScheduleAt(at, () =>
                    {
                        if (cluster.Store.PodsOnNode(name).FirstOrDefault() is { } victim)
                        {
                            faults.PodKill(victim.Metadata.Namespace, victim.Metadata.Name);
                        }
                    });
                    break;
            }
        }

        return cluster;
    }

    private static string NodeName(int i) => "node-" + i.ToString(CultureInfo.InvariantCulture);
}
