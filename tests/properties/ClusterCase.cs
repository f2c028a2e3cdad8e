using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>A random workload for one ReplicationController or ReplicaSet.</summary>
public sealed record RcCase(int Replicas, int CpuMilli, int MemoryMi, int ReadySeconds);

/// <summary>A random cluster: nodes of one size and a few ReplicationControllers, with a seed.</summary>
public sealed record ClusterCase(int Seed, int Nodes, int NodeCpuMilli, int NodeMemoryMi, IReadOnlyList<RcCase> Rcs)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"seed={Seed} nodes={Nodes}x({NodeCpuMilli}m,{NodeMemoryMi}Mi) rcs=[{string.Join("; ", Rcs)}]");

    /// <summary>Random clusters of 1-5 nodes and 1-4 RCs whose pods may or may not all fit.</summary>
    public static Gen<ClusterCase> Any =>
        from seed in Gen.Choose(1, 1_000_000)
        from nodes in Gen.Choose(1, 5)
        from cpu in Gen.Elements(1000, 2000, 4000)
        from mem in Gen.Elements(1024, 2048, 4096)
        from rcs in Gen.ListOf(RcGen(cpu, mem), 4).Select(l => l.Take(1 + (seed % 4)).ToList())
        select new ClusterCase(seed, nodes, cpu, mem, rcs);

    /// <summary>
    /// Clusters where every pod fits whatever the placement: each node can take any
    /// ceil(total pods / nodes) + 1 pods at once (largest request times that count fits a node).
    /// </summary>
    public static Gen<ClusterCase> Roomy =>
        Any.Where(c =>
        {
            int pods = c.Rcs.Sum(r => r.Replicas);
            int perNode = (pods / c.Nodes) + 2;
            return c.Rcs.All(r => r.CpuMilli * perNode <= c.NodeCpuMilli && r.MemoryMi * perNode <= c.NodeMemoryMi - 100);
        });

    private static Gen<RcCase> RcGen(int nodeCpu, int nodeMem) =>
        from replicas in Gen.Choose(0, 6)
        from cpu in Gen.Elements(0, 50, 100, 250, 500)
        from mem in Gen.Elements(0, 64, 128, 256)
        from ready in Gen.Choose(0, 20)
        select new RcCase(replicas, cpu, mem, ready);

    /// <summary>Builds the cluster; RCs are created at t=0 and the caller runs it.</summary>
    public Cluster Build(Action<List<Sim.Scheduling.IPlugin>>? schedulerSeam = null)
    {
        var images = new Sim.Kubelet.ImageCatalog(Rcs.Select((r, i) => (Image: "app" + i.ToString(CultureInfo.InvariantCulture), r))
            .ToDictionary(x => x.Image, x => new Sim.Kubelet.ImageBehavior { PullTime = TimeSpan.FromSeconds(3), ReadyAfter = TimeSpan.FromSeconds(x.r.ReadySeconds) }));
        var cluster = new Cluster(Seed, images: images, adjustSchedulerPlugins: schedulerSeam);
        for (int i = 1; i <= Nodes; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + i.ToString(CultureInfo.InvariantCulture) } };
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.FromMilli(NodeCpuMilli);
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse(NodeMemoryMi.ToString(CultureInfo.InvariantCulture) + "Mi");
            cluster.AddNode(node);
        }

        for (int i = 0; i < Rcs.Count; i++)
        {
            var r = Rcs[i];
            var name = "rc" + i.ToString(CultureInfo.InvariantCulture);
            var container = new Container { Name = "c", Image = "app" + i.ToString(CultureInfo.InvariantCulture) };
            if (r.CpuMilli > 0)
            {
                container.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(r.CpuMilli);
            }

            if (r.MemoryMi > 0)
            {
                container.Resources.Requests[ResourceNames.Memory] = Quantity.Parse(r.MemoryMi.ToString(CultureInfo.InvariantCulture) + "Mi");
            }

            // Even entries are ReplicationControllers, odd ones ReplicaSets: the same controller runs both.
            ReplicatedSet set;
            if (i % 2 == 0)
            {
                var rc = new ReplicationController { Metadata = { Name = name }, Replicas = r.Replicas };
                rc.Selector["app"] = name;
                set = rc;
            }
            else
            {
                var rs = new ReplicaSet { ApiVersion = "apps/v1", Metadata = { Name = name }, Replicas = r.Replicas, Selector = new LabelSelector() };
                rs.Selector.MatchLabels["app"] = name;
                set = rs;
            }

            set.Template.Metadata.Labels["app"] = name;
            set.Template.Spec.Containers.Add(container);
            cluster.Api.Create(set);
        }

        return cluster;
    }
}
