using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Store;

/// <summary>The store's pods-by-label index gives exactly what a scan of every pod gives, in the same order, through creates, relabels and deletes.</summary>
public class PodLabelIndexTests
{
    private static List<string> Scan(ObjectStore store, string ns, Selector selector) =>
        store.List<Pod>(ns).Where(p => selector.Matches(p.Metadata.Labels)).Select(p => p.Key).ToList();

    [Fact]
    public void MatchesAScanOfEveryPodThroughRandomChanges()
    {
        using var trace = new Trace();
        var api = new ApiServer(new Kernel(), trace, 1, new ControlPlaneConfig());
        api.Bootstrap("192.168.0.2");
        api.Create(new Namespace { Metadata = { Name = "shop" } });
        var random = new Random(5);
        string[] apps = ["web", "db", "cache"];
        string[] namespaces = ["default", "shop"];
        Selector[] selectors =
        [
            Selector.Parse("app=web"),
            Selector.Parse("app in (db),tier=back"),
            Selector.Parse("app!=web"),
            Selector.Parse("tier"),
            Selector.Parse("app=web,tier=front"),
            Selector.Parse("app=missing"),
            Selector.Everything,
            Selector.Nothing,
        ];
        var pods = new List<Pod>();
        for (int step = 0; step < 400; step++)
        {
            int action = random.Next(3);
            if (action == 0 || pods.Count < 5)
            {
                var pod = new Pod { Metadata = { Name = "p" + step, Namespace = namespaces[random.Next(2)] } };
                pod.Metadata.Labels["app"] = apps[random.Next(3)];
                pod.Spec.Containers.Add(new Container { Name = "c", Image = "i" });
                pods.Add(api.Create(pod));
            }
            else if (action == 1)
            {
                var pod = pods[random.Next(pods.Count)];
                pod.Metadata.Labels["app"] = apps[random.Next(3)];
                if (random.Next(2) == 0)
                {
                    pod.Metadata.Labels["tier"] = random.Next(2) == 0 ? "front" : "back";
                }
                else
                {
                    pod.Metadata.Labels.Remove("tier");
                }

                api.Update(pod);
            }
            else
            {
                var pod = pods[random.Next(pods.Count)];
                pods.Remove(pod);
                api.Delete(pod, gracePeriodSeconds: 0);
            }

            foreach (var ns in namespaces)
            {
                foreach (var selector in selectors)
                {
                    Assert.Equal(Scan(api.Store, ns, selector), api.Store.PodsMatching(ns, selector).Select(p => p.Key).ToList());
                }
            }
        }
    }
}
