using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// The framework scores a cycle's nodes with each plugin's ScoreNodes, which reads precomputed state (the
/// cache's topology value numbers, shared image summaries, PreScore slots, built-in scoring strategies over
/// spans, resource score memos). It must give exactly the per-node Score of every plugin, before and after
/// NormalizeScore, on random clusters and pods, as pods are bound and removed between cycles; the filters'
/// shared rejection statuses must carry fitsRequest's reasons.
/// </summary>
public sealed class ScoreNodesTests
{
    private const long Mi = 1024 * 1024;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void ScoreNodesEqualsScorePerNode(int seed)
    {
        var random = new Random(seed);
        var (cache, store) = RandomCluster(random);
        var bound = new List<Pod>();
        foreach (var strategy in new[] { "LeastAllocated", "MostAllocated" })
        {
            var plugins = DefaultPlugins.Create(new ControlPlaneConfig { SchedulerScoring = strategy }, store).OfType<IScorePlugin>().ToList();
            for (int round = 0; round < 40; round++)
            {
                var pod = RandomPod(random, "incoming-" + round);
                var all = cache.Nodes;
                var feasible = all.Where(_ => random.Next(4) > 0).ToList();
                if (feasible.Count == 0)
                {
                    continue;
                }

                foreach (var plugin in plugins)
                {
                    var state = new CycleState(cache, store);
                    if (plugin is IPreScorePlugin pre)
                    {
                        var status = pre.PreScore(state, pod, feasible);
                        Assert.True(status.IsSuccess || status.IsSkip, status.ToString());
                        if (status.IsSkip)
                        {
                            continue;
                        }
                    }

                    var batch = new NodeScore[feasible.Count];
                    plugin.ScoreNodes(state, pod, feasible, batch);
                    var single = feasible.Select(n => new NodeScore(n.Name, plugin.Score(state, pod, n))).ToArray();
                    Assert.Equal(Render(single), Render(batch));
                    plugin.NormalizeScore(state, pod, batch);
                    plugin.NormalizeScore(state, pod, single);
                    Assert.Equal(Render(single), Render(batch));
                }

                // Between cycles, bind a pod somewhere or remove one: memoized node scores must follow.
                if (random.Next(3) == 0 && bound.Count > 0)
                {
                    var gone = bound[random.Next(bound.Count)];
                    bound.Remove(gone);
                    cache.RemovePod(gone);
                }
                else
                {
                    var placed = RandomPod(random, "placed-" + strategy + round);
                    placed.Spec.NodeName = all[random.Next(all.Count)].Name;
                    cache.UpsertPod(placed);
                    bound.Add(placed);
                }
            }
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void FitRejectionsCarryFitsRequestReasons(int seed)
    {
        var random = new Random(seed);
        var (cache, _) = RandomCluster(random);
        var fit = new NodeResourcesFit();
        for (int round = 0; round < 60; round++)
        {
            var pod = RandomPod(random, "p" + round);
            var state = new CycleState(cache);
            fit.PreFilter(state, pod);
            foreach (var node in cache.Nodes)
            {
                var expected = NodeResourcesFit.Fits(pod, node).Select(r => r.Reason).ToList();
                var status = fit.Filter(state, pod, node);
                Assert.Equal(expected.Count == 0, status.IsSuccess);
                Assert.Equal(expected, status.Reasons);
                if (!status.IsSuccess)
                {
                    Assert.Equal(StatusCode.Unschedulable, status.Code);
                    Assert.Equal("NodeResourcesFit", status.Plugin);
                }
            }
        }
    }

    [Fact]
    public void TopologyValueNumbersFollowNodeAddsAndRelabels()
    {
        var cache = Cache([Node("a").WithLabels(("zone", "z1")), Node("b")]);
        int zone = cache.TopologyKeyIndex("zone");
        Assert.Equal(zone, cache.TopologyKeyIndex("zone"));
        var a = cache.GetNode("a")!;
        var b = cache.GetNode("b")!;
        Assert.Equal("z1", cache.DomainValue(zone, cache.DomainId(a, zone)));
        Assert.Equal(-1, cache.DomainId(b, zone));

        // Relabel: b gains a zone, a moves to another.
        cache.UpsertNode(Node("b").WithLabels(("zone", "z1")));
        cache.UpsertNode(Node("a").WithLabels(("zone", "z2")));
        Assert.Equal(cache.DomainValueId(zone, "z1"), cache.DomainId(b, zone));
        Assert.Equal("z2", cache.DomainValue(zone, cache.DomainId(a, zone)));

        // A node added after the key was registered is numbered too; so is a key registered later.
        cache.UpsertNode(Node("c").WithLabels(("zone", "z2"), ("rack", "r1")));
        var c = cache.GetNode("c")!;
        Assert.Equal(cache.DomainId(a, zone), cache.DomainId(c, zone));
        int rack = cache.TopologyKeyIndex("rack");
        Assert.Equal("r1", cache.DomainValue(rack, cache.DomainId(c, rack)));
        Assert.Equal(-1, cache.DomainId(a, rack));

        // A node info outside the cache is looked up by its labels.
        var standalone = NodeInfo.Create(Node("x").WithLabels(("zone", "z2")));
        Assert.Equal(cache.DomainId(a, zone), cache.DomainId(standalone, zone));
    }

    [Fact]
    public void CycleStateFindsKeysByValueAsWellAsByReference()
    {
        var state = new CycleState(new SchedulerCache());
        for (int i = 0; i < 20; i++)
        {
            state.Write("key" + i, "v" + i);
        }

        state.Write(new string("key3".ToCharArray()), "replaced");
        Assert.Equal("replaced", state.Read<string>("key3"));
        Assert.Equal("v19", state.Read<string>(string.Concat("key", "19")));
        Assert.Null(state.Read<string>("absent"));
        Assert.Null(state.Read<List<int>>("key1"));
    }

    private static string Render(NodeScore[] scores) => string.Join(" ", scores.Select(s => s.ToString()));

    private static (SchedulerCache Cache, ObjectStore Store) RandomCluster(Random random)
    {
        var store = new ObjectStore();
        store.Add(new Service { Metadata = { Name = "svc-a", Namespace = "default", Uid = "svc-a" }, Spec = { Selector = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "a" } } });
        var rc = new ReplicationController { Metadata = { Name = "rc-b", Namespace = "default", Uid = "rc-b" } };
        rc.Selector["app"] = "b";
        store.Add(rc);
        var cache = new SchedulerCache();
        var nodes = new List<Node>();
        for (int i = 0; i < 14; i++)
        {
            var node = Node("node-" + i, milliCpu: random.Next(1, 9) * 1000, memory: random.Next(1, 9) * 1024 * Mi, pods: random.Next(2, 12), ephemeral: random.Next(3) == 0 ? 0 : 10 * 1024 * Mi);
            if (random.Next(8) > 0)
            {
                node.Metadata.Labels[PodTopologySpread.LabelTopologyZone] = "z" + random.Next(3);
            }

            if (random.Next(10) > 0)
            {
                node.Metadata.Labels[PodTopologySpread.LabelHostname] = node.Metadata.Name;
            }

            if (random.Next(2) == 0)
            {
                node.Metadata.Labels["disk"] = random.Next(2) == 0 ? "ssd" : "hdd";
            }

            if (random.Next(5) == 0)
            {
                node.Spec.Taints.Add(new Taint("dedicated", random.Next(2) == 0 ? "gpu" : null, random.Next(2) == 0 ? "PreferNoSchedule" : "NoSchedule"));
            }

            foreach (var image in new[] { "small:v1", "web:latest", "big:v2" })
            {
                if (random.Next(2) == 0)
                {
                    long size = image.StartsWith("small", StringComparison.Ordinal) ? 5 * Mi : image.StartsWith("web", StringComparison.Ordinal) ? 300 * Mi : 2000 * Mi;
                    node.Status.Images.Add(new ContainerImage([image], size));
                }
            }

            nodes.Add(node);
            cache.UpsertNode(node);
        }

        for (int i = 0; i < 40; i++)
        {
            var pod = RandomPod(random, "bound-" + i);
            pod.Spec.NodeName = nodes[random.Next(nodes.Count)].Metadata.Name;
            cache.UpsertPod(pod);
        }

        return (cache, store);
    }

    private static Pod RandomPod(Random random, string name)
    {
        var images = new[] { "small:v1", "web", "big:v2", "other:v3" };
        // Few distinct requests, so that scores memoized for one pod are read for the next.
        var pod = Pod(name, "", Container(
            milliCpu: random.Next(3) == 0 ? null : random.Next(0, 4) * 700,
            memory: random.Next(3) == 0 ? null : random.Next(0, 3) * 512 * Mi,
            ephemeral: random.Next(4) == 0 ? Mi : null,
            image: images[random.Next(images.Length)]));
        if (random.Next(3) == 0)
        {
            pod.Spec.Containers.Add(Container(milliCpu: 100, image: images[random.Next(images.Length)], name: "side"));
        }

        if (random.Next(4) == 0)
        {
            pod.WithInit(Container(milliCpu: random.Next(0, 4000), image: images[random.Next(images.Length)], name: "init"));
        }

        var app = random.Next(3) switch { 0 => "a", 1 => "b", _ => "c" };
        pod.WithLabels(("app", app));
        if (app == "b")
        {
            pod.Metadata.OwnerReferences.Add(new OwnerReference("v1", "ReplicationController", "rc-b", "rc-b"));
        }

        if (random.Next(3) == 0)
        {
            pod.Spec.Tolerations.Add(new Toleration("dedicated", "Exists", null, random.Next(2) == 0 ? "PreferNoSchedule" : null, null));
        }

        if (random.Next(4) == 0)
        {
            var selector = new LabelSelector { MatchLabels = { ["app"] = app } };
            pod.Spec.TopologySpreadConstraints.Add(new TopologySpreadConstraint(1 + random.Next(3), PodTopologySpread.LabelTopologyZone, "ScheduleAnyway", selector));
            if (random.Next(2) == 0)
            {
                pod.Spec.TopologySpreadConstraints.Add(new TopologySpreadConstraint(1, random.Next(2) == 0 ? PodTopologySpread.LabelHostname : "disk", "ScheduleAnyway", selector));
            }
        }

        NodeSelector? required = null;
        if (random.Next(4) == 0)
        {
            required = new NodeSelector([new NodeSelectorTerm([new NodeSelectorRequirement("disk", "In", ["ssd"])], [])]);
        }

        IReadOnlyList<PreferredSchedulingTerm> preferred = random.Next(3) == 0
            ? [new PreferredSchedulingTerm(random.Next(1, 50), new NodeSelectorTerm([new NodeSelectorRequirement("disk", "In", ["hdd"])], []))]
            : [];
        if (required is not null || preferred.Count > 0)
        {
            pod.Spec.Affinity = new Affinity(new ClusterSim.Sim.Api.NodeAffinity(required, preferred));
        }

        return pod;
    }
}
