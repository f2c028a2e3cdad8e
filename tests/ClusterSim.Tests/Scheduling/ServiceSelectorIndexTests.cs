using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// PodTopologySpread's default selector reads the services selecting a pod from an index of the store's
/// services kept by watch; it must equal the selector built by matching every service of the namespace, as
/// services are created, reselected (in place or replaced), emptied, nulled and deleted.
/// </summary>
public sealed class ServiceSelectorIndexTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void IndexedDefaultSelectorEqualsAFullScan(int seed)
    {
        var random = new Random(seed);
        var store = new ObjectStore();
        var index = new ServiceSelectorIndex(store);
        var services = new List<Service>();
        for (int step = 0; step < 400; step++)
        {
            int op = random.Next(4);
            if (op == 0 || services.Count == 0)
            {
                var svc = new Service { Metadata = { Name = "svc-" + step, Namespace = random.Next(3) == 0 ? "other" : "default", Uid = "svc-" + step }, Spec = { Selector = RandomSelector(random) } };
                store.Add(svc);
                services.Add(svc);
            }
            else if (op == 1)
            {
                var svc = services[random.Next(services.Count)];
                if (random.Next(2) == 0 || svc.Spec.Selector is null)
                {
                    svc.Spec.Selector = RandomSelector(random);
                }
                else
                {
                    svc.Spec.Selector[random.Next(2) == 0 ? "app" : "tier"] = random.Next(2) == 0 ? "a" : "b";
                }

                store.Modified(svc);
            }
            else if (op == 2)
            {
                var svc = services[random.Next(services.Count)];
                services.Remove(svc);
                store.Remove(svc);
            }

            for (int i = 0; i < 5; i++)
            {
                var pod = Pod("p").WithLabels(RandomLabels(random));
                pod.Metadata.Namespace = random.Next(3) == 0 ? "other" : "default";
                Assert.Equal(SpreadSelector.DefaultSelector(pod, store), SpreadSelector.DefaultSelector(pod, store, index));
            }
        }
    }

    private static SortedDictionary<string, string>? RandomSelector(Random random)
    {
        if (random.Next(6) == 0)
        {
            return null;
        }

        var sel = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in RandomLabels(random))
        {
            sel[k] = v;
        }

        return sel;
    }

    private static (string, string)[] RandomLabels(Random random)
    {
        var labels = new List<(string, string)>();
        foreach (var key in new[] { "app", "tier", "env" })
        {
            if (random.Next(2) == 0)
            {
                labels.Add((key, random.Next(2) == 0 ? "a" : "b"));
            }
        }

        return [.. labels];
    }
}
