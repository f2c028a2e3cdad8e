using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// The scheduler cache's incrementally kept matching-pod counts must equal podtopologyspread/common.go
/// countPodsMatchSelector over each node's pods, whatever sequence of binds, moves, relabels, deletions,
/// terminal phases, node removals and node relabels led there, and so must their sums per topology domain: PodTopologySpread's results depend on it byte for byte.
/// </summary>
public sealed class MatchingPodCountsTests
{
    private static readonly string[] Namespaces = ["default", "other"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void CountsEqualARecountAfterRandomChanges(int seed)
    {
        var random = new Random(seed);
        var cache = new SchedulerCache();
        var nodes = Enumerable.Range(0, 6).Select(i => Node("node-" + i).WithLabels(("zone", "z" + (i % 2)))).ToArray();
        foreach (var n in nodes.Take(5))
        {
            cache.UpsertNode(n);
        }

        var selectors = Selectors();
        var pods = new List<Pod>();

        // Register half the counters (and their zone sums) before any pod exists and half midway, to cover both the scan and the updates.
        foreach (var sel in selectors.Take(selectors.Count / 2))
        {
            cache.MatchingPods("default", sel)!.DomainCount("zone", "z0");
        }

        for (int step = 0; step < 600; step++)
        {
            if (step == 300)
            {
                foreach (var sel in selectors)
                {
                    cache.MatchingPods("other", sel);
                    cache.MatchingPods("default", sel);
                }
            }

            Mutate(random, cache, nodes, pods);
            if (step % 20 == 0)
            {
                AssertCountsMatch(cache, selectors);
            }
        }

        AssertCountsMatch(cache, selectors);
    }

    [Fact]
    public void DefaultSelectorCountsRelabelledAndTerminatingPods()
    {
        var store = new ObjectStore();
        var rc = new ReplicationController { Metadata = { Name = "web", Namespace = "default" } };
        rc.Selector["app"] = "web";
        store.Add(rc);
        var owner = new OwnerReference("v1", "ReplicationController", "web", rc.Metadata.Uid);
        Pod Owned(string name, string node)
        {
            var p = Pod(name, node).WithLabels(("app", "web"));
            p.Metadata.OwnerReferences.Add(owner);
            return p;
        }

        var a = Owned("a", "node-a");
        var b = Owned("b", "node-a");
        var cache = Cache([Node("node-a"), Node("node-b")], [a, b]);
        var counter = cache.MatchingPods("default", SpreadSelector.DefaultSelector(Owned("new", ""), store))!;
        var nodeA = cache.GetNode("node-a")!;
        Assert.Equal(2, counter.Count(nodeA));

        a.Metadata.Labels["app"] = "api";
        cache.UpsertPod(a);
        Assert.Equal(1, counter.Count(nodeA));

        b.Metadata.DeletionTimestamp = TimeSpan.FromSeconds(1);
        cache.UpsertPod(b);
        Assert.Equal(0, counter.Count(nodeA));

        a.Metadata.Labels["app"] = "web";
        cache.UpsertPod(a);
        Assert.Equal(1, counter.Count(nodeA));

        // An equal selector built anew finds the same counter.
        Assert.Same(counter, cache.MatchingPods("default", SpreadSelector.DefaultSelector(Owned("other", ""), store)));
    }

    [Fact]
    public void NodeInfoOutsideTheCacheIsCountedPodByPod()
    {
        var cache = Cache([Node("node-a")], [Pod("a", "node-a").WithLabels(("foo", ""))]);
        var sel = SpreadSelector.FromLabelSelector(new LabelSelector { MatchLabels = { ["foo"] = "" } });
        var counter = cache.MatchingPods("default", sel)!;
        var standalone = NodeInfo.Create(Node("node-a"), Pod("x", "node-a").WithLabels(("foo", "")), Pod("y", "node-a").WithLabels(("foo", "")));
        Assert.Equal(1, counter.Count(cache.GetNode("node-a")!));
        Assert.Equal(2, counter.Count(standalone));
    }

    private static List<SpreadSelector> Selectors() =>
    [
        SpreadSelector.FromLabelSelector(new LabelSelector { MatchLabels = { ["app"] = "a" } }),
        SpreadSelector.FromLabelSelector(new LabelSelector { MatchLabels = { ["app"] = "b", ["tier"] = "x" } }),
        SpreadSelector.FromLabelSelector(new LabelSelector { MatchExpressions = { new LabelSelectorRequirement("app", "In", ["a", "c"]) } }),
        SpreadSelector.FromLabelSelector(new LabelSelector { MatchExpressions = { new LabelSelectorRequirement("app", "In", ["c"]) } }),
        SpreadSelector.FromLabelSelector(new LabelSelector { MatchExpressions = { new LabelSelectorRequirement("tier", "NotIn", ["x"]) } }),
        SpreadSelector.FromLabelSelector(new LabelSelector { MatchExpressions = { new LabelSelectorRequirement("tier", "DoesNotExist", []) } }),
        SpreadSelector.FromLabelSelector(new LabelSelector { MatchExpressions = { new LabelSelectorRequirement("tier", "Exists", []), new LabelSelectorRequirement("app", "NotIn", ["a"]) } }),
    ];

    private static void Mutate(Random random, SchedulerCache cache, Node[] nodes, List<Pod> pods)
    {
        int op = random.Next(10);
        if (op <= 2 || pods.Count == 0)
        {
            var pod = Pod("p" + pods.Count, nodes[random.Next(nodes.Length)].Metadata.Name);
            pod.Metadata.Namespace = Namespaces[random.Next(2)];
            RandomLabels(random, pod);
            pods.Add(pod);
            cache.UpsertPod(pod);
            return;
        }

        var p = pods[random.Next(pods.Count)];
        switch (op)
        {
            case 3:
            case 4:
                RandomLabels(random, p);
                cache.UpsertPod(p);
                break;
            case 5:
                p.Metadata.DeletionTimestamp = p.Metadata.DeletionTimestamp is null ? TimeSpan.FromSeconds(1) : null;
                cache.UpsertPod(p);
                break;
            case 6:
                p.Spec.NodeName = random.Next(4) == 0 ? "" : nodes[random.Next(nodes.Length)].Metadata.Name;
                cache.UpsertPod(p);
                break;
            case 7:
                p.Status.Phase = p.Status.Phase == "Succeeded" ? "Running" : "Succeeded";
                cache.UpsertPod(p);
                break;
            case 8:
                cache.RemovePod(p);
                pods.Remove(p);
                break;
            default:
                var node = nodes[random.Next(nodes.Length)];
                if (random.Next(2) == 0)
                {
                    // Relabel: another zone, or none.
                    node.Metadata.Labels.Remove("zone");
                    if (random.Next(4) > 0)
                    {
                        node.Metadata.Labels["zone"] = "z" + random.Next(3);
                    }

                    if (cache.GetNode(node.Metadata.Name) is not null)
                    {
                        cache.UpsertNode(node);
                    }
                }
                else if (cache.GetNode(node.Metadata.Name) is null)
                {
                    cache.UpsertNode(node);
                }
                else
                {
                    cache.RemoveNode(node);
                }

                break;
        }
    }

    private static void RandomLabels(Random random, Pod pod)
    {
        pod.Metadata.Labels.Clear();
        if (random.Next(5) > 0)
        {
            pod.Metadata.Labels["app"] = "abc"[random.Next(3)].ToString();
        }

        if (random.Next(3) > 0)
        {
            pod.Metadata.Labels["tier"] = "xy"[random.Next(2)].ToString();
        }
    }

    private static void AssertCountsMatch(SchedulerCache cache, List<SpreadSelector> selectors)
    {
        foreach (var ns in Namespaces)
        {
            foreach (var sel in selectors)
            {
                var counter = cache.MatchingPods(ns, sel)!;
                foreach (var name in Enumerable.Range(0, 6).Select(i => "node-" + i))
                {
                    if (cache.GetNode(name) is not { } info)
                    {
                        continue;
                    }

                    Assert.Equal(PodTopologySpread.CountPodsMatchSelector(info.Pods, sel, ns), counter.Count(info));
                }

                // Domain sums over the cache's nodes, by zone ("" for nodes without one), as initPreScoreState sums them.
                foreach (var zone in new[] { "z0", "z1", "z2", "" })
                {
                    long expected = cache.Nodes
                        .Where(n => n.State!.Labels.GetValueOrDefault("zone", "") == zone)
                        .Sum(n => (long)PodTopologySpread.CountPodsMatchSelector(n.Pods, sel, ns));
                    Assert.Equal(expected, counter.DomainCount("zone", zone));
                }
            }
        }
    }
}
