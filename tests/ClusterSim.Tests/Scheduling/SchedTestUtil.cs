using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Tests.Scheduling;

/// <summary>Builders for scheduler tests, in the spirit of pkg/scheduler/testing (st.MakePod / st.MakeNode).</summary>
internal static class SchedTestUtil
{
    /// <summary>A cpu quantity in millicores.</summary>
    public static Quantity Cpu(long milli) => Quantity.FromMilli(milli);

    /// <summary>A memory/storage quantity in bytes.</summary>
    public static Quantity Bytes(long bytes) => Quantity.FromMilli(bytes * 1000);

    /// <summary>A count quantity.</summary>
    public static Quantity Count(long n) => Quantity.FromMilli(n * 1000);

    /// <summary>A container with the given requests (null = absent, so the scoring defaults apply).</summary>
    public static Container Container(long? milliCpu = null, long? memory = null, long? ephemeral = null, string image = "", string name = "c")
    {
        var c = new Container { Name = name, Image = image };
        if (milliCpu is { } cpu)
        {
            c.Resources.Requests[ResourceNames.Cpu] = Cpu(cpu);
        }

        if (memory is { } mem)
        {
            c.Resources.Requests[ResourceNames.Memory] = Bytes(mem);
        }

        if (ephemeral is { } eph)
        {
            c.Resources.Requests[ResourceNames.EphemeralStorage] = Bytes(eph);
        }

        return c;
    }

    public static Pod Pod(string name = "p", string node = "", params Container[] containers)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "default", Uid = "uid-" + name } };
        pod.Spec.NodeName = node;
        pod.Spec.Containers.AddRange(containers);
        return pod;
    }

    public static Pod WithInit(this Pod pod, params Container[] init)
    {
        pod.Spec.InitContainers.AddRange(init);
        return pod;
    }

    public static Pod WithLabels(this Pod pod, params (string Key, string Value)[] labels)
    {
        foreach (var (k, v) in labels)
        {
            pod.Metadata.Labels[k] = v;
        }

        return pod;
    }

    /// <summary>A node with allocatable = capacity (st.MakeNode().Capacity).</summary>
    public static Node Node(string name, long milliCpu = 0, long memory = 0, long pods = 110, long ephemeral = 0)
    {
        var node = new Node { Metadata = { Name = name } };
        var alloc = node.Status.Allocatable;
        if (milliCpu != 0)
        {
            alloc[ResourceNames.Cpu] = Cpu(milliCpu);
        }

        if (memory != 0)
        {
            alloc[ResourceNames.Memory] = Bytes(memory);
        }

        alloc[ResourceNames.Pods] = Count(pods);
        if (ephemeral != 0)
        {
            alloc[ResourceNames.EphemeralStorage] = Bytes(ephemeral);
        }

        foreach (var (k, v) in alloc)
        {
            node.Status.Capacity[k] = v;
        }

        return node;
    }

    public static Node WithLabels(this Node node, params (string Key, string Value)[] labels)
    {
        foreach (var (k, v) in labels)
        {
            node.Metadata.Labels[k] = v;
        }

        return node;
    }

    public static Node WithTaints(this Node node, params Taint[] taints)
    {
        node.Spec.Taints.AddRange(taints);
        return node;
    }

    /// <summary>A cache holding <paramref name="nodes"/> and the bound <paramref name="pods"/> (cache.NewSnapshot).</summary>
    public static SchedulerCache Cache(IEnumerable<Node> nodes, IEnumerable<Pod>? pods = null)
    {
        var cache = new SchedulerCache();
        foreach (var n in nodes)
        {
            cache.UpsertNode(n);
        }

        foreach (var p in pods ?? [])
        {
            cache.UpsertPod(p);
        }

        return cache;
    }

    /// <summary>Runs a score plugin as the framework does (PreScore, Score per node, NormalizeScore).</summary>
    public static long[] Scores(IScorePlugin plugin, Pod pod, SchedulerCache cache, ClusterSim.Sim.Store.ObjectStore? store = null, bool normalize = true)
    {
        var state = new CycleState(cache, store);
        var nodes = cache.Nodes;
        if (plugin is IPreScorePlugin pre)
        {
            var s = pre.PreScore(state, pod, nodes);
            Assert.True(s.IsSuccess || s.IsSkip, s.ToString());
            if (s.IsSkip)
            {
                return nodes.Select(_ => 0L).ToArray();
            }
        }

        var scores = nodes.Select(n => new NodeScore(n.Name, plugin.Score(state, pod, n))).ToArray();
        if (normalize)
        {
            plugin.NormalizeScore(state, pod, scores);
        }

        return scores.Select(s => s.Score).ToArray();
    }

    /// <summary>Runs PreFilter (when implemented) then Filter on one node.</summary>
    public static Status Filter(IFilterPlugin plugin, Pod pod, NodeInfo nodeInfo, SchedulerCache? cache = null)
    {
        var state = new CycleState(cache ?? new SchedulerCache());
        if (plugin is IPreFilterPlugin pre)
        {
            var (_, s) = pre.PreFilter(state, pod);
            if (s.IsSkip)
            {
                return Status.Success;
            }

            if (!s.IsSuccess)
            {
                return s;
            }
        }

        return plugin.Filter(state, pod, nodeInfo);
    }
}
