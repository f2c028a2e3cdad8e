using ClusterSim.Sim.Api;
using ClusterSim.Sim.Load;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Load;

/// <summary>The pods-by-label index answers exactly what a scan of the namespace answers, in the scan's order.</summary>
public class PodLabelIndexTests
{
    private static readonly string[] Selectors =
    [
        "app=web",
        "app==web,tier=front",
        "app in (web, db)",
        "app in (web, web)",
        "app=web,tier!=front",
        "app=web,tier notin (back)",
        "app=web,tier",
        "app=web,!tier",
        "app=nobody",
        "app!=web",
        "tier",
        "",
    ];

    private static Pod NewPod(string ns, string name, params (string Key, string Value)[] labels)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = ns } };
        foreach (var (k, v) in labels)
        {
            pod.Metadata.Labels[k] = v;
        }

        pod.Spec.Containers.Add(new Container { Name = "c", Image = "app:v1" });
        return pod;
    }

    private static List<string> Scan(ObjectStore store, string ns, Selector selector) =>
        store.List("Pod", ns).Cast<Pod>().Where(p => selector.Matches(p.Metadata.Labels)).Select(p => p.Key).ToList();

    private static void AssertLikeTheScan(ObjectStore store, PodLabelIndex index)
    {
        foreach (var ns in new[] { "default", "other", "empty" })
        {
            foreach (var text in Selectors)
            {
                var selector = Selector.Parse(text);
                var found = index.Matching(ns, selector);
                bool narrows = selector.Requirements.Any(r => r.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In);
                if (!narrows)
                {
                    // Nothing to narrow by: the caller scans.
                    Assert.Null(found);
                    continue;
                }

                Assert.NotNull(found);
                Assert.Equal(Scan(store, ns, selector), found.Select(p => p.Key).ToList());
            }
        }

        Assert.Empty(index.Matching("default", Selector.Nothing)!);
    }

    [Fact]
    public void MatchesLikeAScanThroughCreatesRelabelsAndDeletes()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 1);
        var api = c.Api;
        api.Create(new Namespace { Metadata = { Name = "other" } });
        // Pods made before the index are filed when it is made; the rest as they come.
        api.Create(NewPod("default", "a", ("app", "web"), ("tier", "front")));
        var index = new PodLabelIndex(c.Store);
        api.Create(NewPod("default", "b", ("app", "web")));
        api.Create(NewPod("default", "c", ("app", "db"), ("tier", "back")));
        api.Create(NewPod("other", "a", ("app", "web"), ("tier", "front")));
        api.Create(NewPod("default", "d"));
        AssertLikeTheScan(c.Store, index);

        // Relabelled in place, then written.
        var b = c.Store.Get<Pod>("default", "b")!;
        b.Metadata.Labels["tier"] = "front";
        api.Update(b);
        AssertLikeTheScan(c.Store, index);

        // Labels replaced wholesale.
        var a = c.Store.Get<Pod>("default", "a")!;
        a.Metadata.Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "db" };
        api.Update(a);
        AssertLikeTheScan(c.Store, index);

        // Removed, and made again under the same name with other labels.
        api.Remove(c.Store.Get<Pod>("default", "c")!);
        AssertLikeTheScan(c.Store, index);
        api.Create(NewPod("default", "c", ("app", "web"), ("tier", "back")));
        AssertLikeTheScan(c.Store, index);
        Assert.Equal(c.Store.Count("Pod"), index.Count);
    }
}
