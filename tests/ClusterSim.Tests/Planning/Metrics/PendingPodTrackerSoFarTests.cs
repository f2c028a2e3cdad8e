using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Planning.Metrics;

/// <summary>
/// The tracker's totals so far (O(1): a running sum of the open waits' starts, and the open waits oldest first) against
/// its end-of-run <see cref="PendingPodTracker.Outcome"/> (a pass over every open wait), asked at every step of random
/// pod arrivals, bindings, deletion requests and removals, now and a little ahead.
/// </summary>
public class PendingPodTrackerSoFarTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SoFarIsTheOutcomeCutAtThatTime(int seed)
    {
        var random = new Random(seed);
        var kernel = new Kernel();
        var store = new ObjectStore();
        var live = new List<Pod>();
        int next = 0;

        // Pods stored before the tracker starts are adopted from their creation times, which need not be in order.
        for (int i = 0; i < 20; i++)
        {
            live.Add(NewPod(store, ref next, TimeSpan.FromSeconds(random.Next(0, 100)), bound: random.Next(3) == 0));
        }

        kernel.RunUntil(TimeSpan.FromSeconds(100));
        var tracker = new PendingPodTracker(kernel, store);
        bool askedLongest = false;
        for (int step = 0; step < 400; step++)
        {
            kernel.RunUntil(kernel.NowTicks + random.Next(0, 3) * random.Next(1, 50_000_000));
            int action = random.Next(5);
            var waiting = live.Where(p => p.Spec.NodeName.Length == 0 && p.Metadata.DeletionTimestamp is null).ToList();
            if (action <= 1 || live.Count == 0)
            {
                live.Add(NewPod(store, ref next, kernel.Now, bound: action == 1));
            }
            else if (action == 2 && waiting.Count > 0)
            {
                var pod = waiting[random.Next(waiting.Count)];
                pod.Spec.NodeName = "n";
                store.Modified(pod);
            }
            else if (action == 3 && waiting.Count > 0)
            {
                var pod = waiting[random.Next(waiting.Count)];
                pod.Metadata.DeletionTimestamp = kernel.Now;
                store.Modified(pod);
            }
            else
            {
                var pod = live[random.Next(live.Count)];
                store.Remove(pod);
                live.Remove(pod);
            }

            // The longest wait is first asked at once or part-way (the oldest-first queue is built from the waits open then).
            askedLongest |= step >= (seed - 1) * 40;
            foreach (long ahead in new long[] { 0, 1, 7 * TimeSpan.TicksPerSecond })
            {
                long at = kernel.NowTicks + ahead;
                var outcome = tracker.Outcome(TimeSpan.FromTicks(at));
                Assert.Equal(outcome.PendingPodSeconds, tracker.PendingPodSecondsAt(at));
                if (askedLongest)
                {
                    Assert.Equal(outcome.LongestPending, tracker.LongestPendingAt(at));
                }
            }

            Assert.Equal(tracker.Outcome(kernel.Now).StillPending, tracker.Waiting);
        }

        Assert.True(tracker.Outcome(kernel.Now).PendingPodSeconds > 0);
    }

    private static Pod NewPod(ObjectStore store, ref int next, TimeSpan created, bool bound)
    {
        var pod = new Pod();
        pod.Metadata.Name = "p" + next.ToString(CultureInfo.InvariantCulture);
        pod.Metadata.Namespace = "default";
        pod.Metadata.Uid = "uid-" + next.ToString(CultureInfo.InvariantCulture);
        pod.Metadata.CreationTimestamp = created;
        pod.Spec.NodeName = bound ? "n" : "";
        next++;
        store.Add(pod);
        return pod;
    }
}
