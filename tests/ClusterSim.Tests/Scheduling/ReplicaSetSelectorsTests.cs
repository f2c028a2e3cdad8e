using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// PodTopologySpread's default selector takes the owning ReplicaSet's selector from a cache of parsed selectors
/// by uid and resourceVersion; it must equal the selector built by parsing it afresh, as the set's selector is
/// rewritten (in place or replaced), made invalid, and the set replaced by another of the same name.
/// </summary>
public sealed class ReplicaSetSelectorsTests
{
    [Fact]
    public void CachedDefaultSelectorEqualsAFreshParse()
    {
        var random = new Random(5);
        var store = new ObjectStore();
        var cache = SelectorCache.ForReplicaSets();
        ReplicaSet? rs = null;
        int generation = 0;
        for (int step = 0; step < 300; step++)
        {
            int op = random.Next(4);
            if (rs is null || op == 0)
            {
                if (rs is not null)
                {
                    store.Remove(rs);
                }

                rs = new ReplicaSet { Metadata = { Name = "rs", Namespace = "default", Uid = "rs-" + generation++ }, Selector = NewSelector(random) };
                store.Add(rs);
            }
            else if (op == 1)
            {
                rs.Selector = NewSelector(random);
                store.Modified(rs);
            }
            else if (op == 2)
            {
                rs.Selector!.MatchLabels["app"] = random.Next(2) == 0 ? "a" : "b";
                store.Modified(rs);
            }
            else
            {
                // An operator that does not parse: both paths give no ReplicaSet selector.
                rs.Selector!.MatchExpressions.Clear();
                if (random.Next(2) == 0)
                {
                    rs.Selector.MatchExpressions.Add(new LabelSelectorRequirement("tier", "Bogus", []));
                }

                store.Modified(rs);
            }

            var pod = Pod("p").WithLabels(("app", "a"));
            pod.Metadata.OwnerReferences.Add(new OwnerReference("apps/v1", "ReplicaSet", "rs", rs.Metadata.Uid, Controller: true));
            Assert.Equal(SpreadSelector.DefaultSelector(pod, store), SpreadSelector.DefaultSelector(pod, store, null, cache));
        }
    }

    private static LabelSelector NewSelector(Random random) => new()
    {
        MatchLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = random.Next(2) == 0 ? "a" : "b" },
    };
}
