using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Instruments;

/// <summary>
/// The requests per node and the pending count kept from watch events equal what a recount over the store gives,
/// after every write of a random sequence of creates, binds, moves, phase changes, graceful and immediate deletes.
/// </summary>
public class PodAccountingTests
{
    [Fact]
    public void NodeRequestsAndPendingCountMatchARecountThroughRandomChanges()
    {
        using var trace = new Trace();
        var api = new ApiServer(new Kernel(), trace, 1, new ControlPlaneConfig());
        api.Bootstrap("192.168.0.2");
        var random = new Random(11);
        string[] nodes = ["n1", "n2", "n3"];
        string[] phases = ["Pending", "Running", "Succeeded", "Failed"];

        // One pod exists before the index is made: it is counted from the store.
        var pods = new List<Pod> { api.Create(NewPod("early", "250m", "64Mi", "n1", "Running")) };
        var requests = new NodeUsageIndex(api.Store);
        var pending = new PendingPodCount(api.Store);
        for (int step = 0; step < 600; step++)
        {
            int action = random.Next(6);
            if (action == 0 || pods.Count < 4)
            {
                var node = random.Next(3) == 0 ? "" : nodes[random.Next(nodes.Length)];
                pods.Add(api.Create(NewPod("p" + step, random.Next(1, 900) + "m", random.Next(1, 300) + "Mi", node, node.Length == 0 ? "Pending" : phases[random.Next(2)])));
            }
            else if (action == 1)
            {
                var pod = pods[random.Next(pods.Count)];
                pod.Spec.NodeName = nodes[random.Next(nodes.Length)];
                api.Update(pod);
            }
            else if (action is 2 or 3)
            {
                var pod = pods[random.Next(pods.Count)];
                pod.Status.Phase = phases[random.Next(phases.Length)];
                api.Update(pod);
            }
            else if (action == 4)
            {
                var pod = pods[random.Next(pods.Count)];
                if (pod.Metadata.DeletionTimestamp is null)
                {
                    // Graceful: a bound pod stays, with a deletion timestamp, until it is deleted for good below.
                    api.Delete(pod, gracePeriodSeconds: 30);
                    if (!api.Store.IsStored(pod))
                    {
                        pods.Remove(pod);
                    }
                }
            }
            else
            {
                var pod = pods[random.Next(pods.Count)];
                pods.Remove(pod);
                api.Delete(pod, gracePeriodSeconds: 0);
            }

            foreach (var node in nodes)
            {
                Assert.Equal(NodeUsage.Of(api.Store, node), requests.Of(node));
            }

            int literal = api.Store.List<Pod>().Count(p => p.Status.Phase == "Pending" && p.Metadata.DeletionTimestamp is null);
            Assert.Equal(literal, pending.Count);
        }

        Assert.Contains(nodes, n => requests.Of(n).Pods > 0);
    }

    private static Pod NewPod(string name, string cpu, string memory, string node, string phase)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "default" } };
        var c = new Container { Name = "c", Image = "i" };
        c.Resources.Requests[ResourceNames.Cpu] = Quantity.Parse(cpu);
        c.Resources.Requests[ResourceNames.Memory] = Quantity.Parse(memory);
        pod.Spec.Containers.Add(c);
        pod.Spec.NodeName = node;
        pod.Status.Phase = phase;
        return pod;
    }
}
