using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Store;

/// <summary>
/// The store's index of ReplicaSets and ReplicationControllers by controller owner: after any sequence of
/// creations, owner changes (adoption, release, a new owner) and deletions it answers what a scan of every set
/// filtered by controller uid answers, in the same key order; and the deployment controller's claim candidates
/// are the namespace's sets less those another controller owns.
/// </summary>
public class SetOwnerIndexTests
{
    private static readonly string[] Namespaces = ["a", "b"];
    private static readonly string[] Owners = ["d1", "d2", "d3"];

    [Fact]
    public void AnswersAsAScanAfterRandomChanges()
    {
        var store = new ObjectStore();
        var random = new Random(7);
        var live = new List<KubeObject>();
        int next = 0;
        for (int step = 0; step < 2000; step++)
        {
            int action = random.Next(4);
            if (action == 0 || live.Count == 0)
            {
                var kind = random.Next(4) == 0 ? "ReplicationController" : "ReplicaSet";
                KubeObject set = kind == "ReplicaSet" ? new ReplicaSet() : new ReplicationController();
                set.Metadata.Name = "s" + (next * 7919 % 1009).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + next.ToString(System.Globalization.CultureInfo.InvariantCulture);
                set.Metadata.Namespace = Namespaces[random.Next(Namespaces.Length)];
                set.Metadata.Uid = "uid-" + next.ToString(System.Globalization.CultureInfo.InvariantCulture);
                next++;
                SetOwner(set, random);
                store.Add(set);
                live.Add(set);
            }
            else if (action == 3)
            {
                var set = live[random.Next(live.Count)];
                store.Remove(set);
                live.Remove(set);
            }
            else
            {
                var set = live[random.Next(live.Count)];
                SetOwner(set, random);
                store.Modified(set);
            }

            if (step % 50 == 0)
            {
                AssertMatchesScan(store);
            }
        }

        AssertMatchesScan(store);
    }

    private static void SetOwner(KubeObject set, Random random)
    {
        set.Metadata.OwnerReferences.Clear();
        int pick = random.Next(Owners.Length + 1);
        if (pick < Owners.Length)
        {
            // Sometimes a non-controller reference too, which the index ignores.
            if (random.Next(3) == 0)
            {
                set.Metadata.OwnerReferences.Add(new OwnerReference("v1", "ConfigMap", "x", "cm-uid"));
            }

            set.Metadata.OwnerReferences.Add(new OwnerReference("apps/v1", "Deployment", Owners[pick], Owners[pick], Controller: true, BlockOwnerDeletion: true));
        }
    }

    private static void AssertMatchesScan(ObjectStore store)
    {
        foreach (var kind in new[] { "ReplicaSet", "ReplicationController" })
        {
            foreach (var owner in Owners)
            {
                var scan = store.List(kind).Where(s => s.Metadata.ControllerRef?.Uid == owner).Select(s => s.Key).ToList();
                Assert.Equal(scan, store.SetsOwnedBy(kind, owner).Select(s => s.Key).ToList());
            }

            foreach (var ns in Namespaces)
            {
                var scan = store.List(kind, ns).Where(s => s.Metadata.ControllerRef is null).Select(s => s.Key).ToList();
                Assert.Equal(scan, store.OrphanSetsIn(kind, ns).Select(s => s.Key).ToList());
            }
        }

        foreach (var ns in Namespaces)
        {
            foreach (var owner in Owners)
            {
                var d = new Deployment { Metadata = { Name = owner, Namespace = ns, Uid = owner } };
                var scan = store.List<ReplicaSet>(ns).Where(rs => rs.Metadata.ControllerRef is null || rs.Metadata.ControllerRef.Uid == owner).ToList();
                var candidates = DeploymentUtil.ClaimCandidates(store, d);
                Assert.Equal(scan.Count, candidates.Count);
                for (int i = 0; i < scan.Count; i++)
                {
                    Assert.Same(scan[i], candidates[i]);
                }
            }
        }
    }
}
