using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using static ClusterSim.Tests.Deployments.DeploymentHarness;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>Ported from pkg/controller/deployment/sync_test.go (Kubernetes v1.32): TestScale and TestDeploymentController_cleanupDeployment.</summary>
public class SyncTests
{
    private static readonly TimeSpan OlderTimestamp = TimeSpan.FromHours(1);
    private static readonly TimeSpan OldTimestamp = TimeSpan.FromHours(2);
    private static readonly TimeSpan NewTimestamp = TimeSpan.FromHours(3);

    /// <summary>A ReplicaSet of the table: name, size, creation time.</summary>
    public sealed record Rs(string Name, int Replicas, TimeSpan Created);

    public sealed record ScaleCase(
        string Name,
        Deployment Deployment,
        Deployment OldDeployment,
        Rs? NewRS,
        Rs[] OldRSs,
        int? ExpectedNew,
        int[] ExpectedOld,
        string[]? WasntUpdated = null,
        Dictionary<string, int>? DesiredReplicasAnnotations = null,
        int NewRSAvailable = -1)
    {
        public override string ToString() => Name;
    }

    private static Rs R(string name, int replicas, TimeSpan created) => new(name, replicas, created);

    private static Deployment UpdatedTemplate(int replicas)
    {
        var d = NewDeployment("foo", replicas, null, null, null, new Dictionary<string, string> { ["foo"] = "bar" });
        d.Template.Metadata.Labels["another"] = "label";
        return d;
    }

    public static TheoryData<ScaleCase> ScaleCases => new()
    {
        new("normal scaling event: 10 -> 12", NewDeployment("foo", 12), NewDeployment("foo", 10), R("foo-v1", 10, NewTimestamp), [], 12, []),
        new("normal scaling event: 10 -> 5", NewDeployment("foo", 5), NewDeployment("foo", 10), R("foo-v1", 10, NewTimestamp), [], 5, []),
        new("proportional scaling: 5 -> 10", NewDeployment("foo", 10), NewDeployment("foo", 5), R("foo-v2", 2, NewTimestamp), [R("foo-v1", 3, OldTimestamp)], 4, [6]),
        new("proportional scaling: 5 -> 3", NewDeployment("foo", 3), NewDeployment("foo", 5), R("foo-v2", 2, NewTimestamp), [R("foo-v1", 3, OldTimestamp)], 1, [2]),
        new("proportional scaling: 9 -> 4", NewDeployment("foo", 4), NewDeployment("foo", 9), R("foo-v2", 8, NewTimestamp), [R("foo-v1", 1, OldTimestamp)], 4, [0]),
        new("proportional scaling: 7 -> 10", NewDeployment("foo", 10), NewDeployment("foo", 7), R("foo-v3", 2, NewTimestamp), [R("foo-v2", 3, OldTimestamp), R("foo-v1", 2, OlderTimestamp)], 3, [4, 3]),
        new("proportional scaling: 13 -> 8", NewDeployment("foo", 8), NewDeployment("foo", 13), R("foo-v3", 2, NewTimestamp), [R("foo-v2", 8, OldTimestamp), R("foo-v1", 3, OlderTimestamp)], 1, [5, 2]),
        // Scales up the new replica set.
        new("leftover distribution: 3 -> 4", NewDeployment("foo", 4), NewDeployment("foo", 3), R("foo-v3", 1, NewTimestamp), [R("foo-v2", 1, OldTimestamp), R("foo-v1", 1, OlderTimestamp)], 2, [1, 1]),
        // Scales down the older replica set.
        new("leftover distribution: 3 -> 2", NewDeployment("foo", 2), NewDeployment("foo", 3), R("foo-v3", 1, NewTimestamp), [R("foo-v2", 1, OldTimestamp), R("foo-v1", 1, OlderTimestamp)], 1, [1, 0]),
        // Scales up the latest replica set first.
        new("proportional scaling (no new rs): 4 -> 5", NewDeployment("foo", 5), NewDeployment("foo", 4), null, [R("foo-v2", 2, OldTimestamp), R("foo-v1", 2, OlderTimestamp)], null, [3, 2]),
        // Scales down to zero
        new("proportional scaling: 6 -> 0", NewDeployment("foo", 0), NewDeployment("foo", 6), R("foo-v3", 3, NewTimestamp), [R("foo-v2", 2, OldTimestamp), R("foo-v1", 1, OlderTimestamp)], 0, [0, 0]),
        // Scales up from zero
        new("proportional scaling: 0 -> 6", NewDeployment("foo", 6), NewDeployment("foo", 6), R("foo-v3", 0, NewTimestamp), [R("foo-v2", 0, OldTimestamp), R("foo-v1", 0, OlderTimestamp)], 6, [0, 0], ["foo-v2", "foo-v1"]),
        // deployment.spec.replicas == 3 (each set 1), scaled to 5: foo-v3 and foo-v2 should grow by 1 but foo-v2's update fails.
        new("failed rs update", NewDeployment("foo", 5), NewDeployment("foo", 5), R("foo-v3", 2, NewTimestamp), [R("foo-v2", 1, OldTimestamp), R("foo-v1", 1, OlderTimestamp)], 2, [2, 1], ["foo-v3", "foo-v1"], new() { ["foo-v2"] = 3 }),
        new("deployment with surge pods", NewDeployment("foo", 20, null, IntOrString.FromInt(2)), NewDeployment("foo", 10, null, IntOrString.FromInt(2)), R("foo-v2", 6, NewTimestamp), [R("foo-v1", 6, OldTimestamp)], 11, [11]),
        new("change both surge and size", NewDeployment("foo", 50, null, IntOrString.FromInt(6)), NewDeployment("foo", 10, null, IntOrString.FromInt(3)), R("foo-v2", 5, NewTimestamp), [R("foo-v1", 8, OldTimestamp)], 22, [34]),
        new("change both size and template", UpdatedTemplate(14), NewDeployment("foo", 10, null, null, null, new Dictionary<string, string> { ["foo"] = "bar" }), null, [R("foo-v2", 7, NewTimestamp), R("foo-v1", 3, OldTimestamp)], null, [10, 4]),
        new("saturated but broken new replica set does not affect old pods", NewDeployment("foo", 2, null, IntOrString.FromInt(1), IntOrString.FromInt(1)), NewDeployment("foo", 2, null, IntOrString.FromInt(1), IntOrString.FromInt(1)), R("foo-v2", 2, NewTimestamp), [R("foo-v1", 1, OldTimestamp)], 2, [1], NewRSAvailable: 0),
    };

    [Theory]
    [MemberData(nameof(ScaleCases))]
    public void Scale(ScaleCase test)
    {
        using var h = new DeploymentHarness();

        // The desired/max annotations of the old Deployment, as its last scaling left them.
        ReplicaSet Add(Rs r, int available)
        {
            int desired = test.DesiredReplicasAnnotations?.GetValueOrDefault(r.Name, test.OldDeployment.Replicas) ?? test.OldDeployment.Replicas;
            h.AddReplicaSet(r.Name, r.Replicas, r.Created, available: available);
            var live = h.Live(r.Name);
            DeploymentAnnotations.SetReplicasAnnotations(live, desired, desired + DeploymentUtil.MaxSurge(test.OldDeployment));
            return ObjectCopies.Clone(live);
        }

        // rs() sets no status: a new ReplicaSet is saturated only if the test says its pods are available.
        var newRS = test.NewRS is null ? null : Add(test.NewRS, test.NewRSAvailable < 0 ? test.NewRS.Replicas : test.NewRSAvailable);
        var oldRSs = test.OldRSs.Select(r => Add(r, r.Replicas)).ToList();

        h.Controller.Scale(test.Deployment, newRS, oldRSs);

        // A set the Go test marks "wasn't updated" failed to update there: its size is not checked.
        bool Checked(string name) => test.WasntUpdated is null || !test.WasntUpdated.Contains(name);
        if (test.NewRS is not null && test.ExpectedNew is { } expectedNew && Checked(test.NewRS.Name))
        {
            Assert.Equal(expectedNew, h.Live(test.NewRS.Name).Replicas);
        }

        for (int i = 0; i < test.OldRSs.Length; i++)
        {
            if (Checked(test.OldRSs[i].Name))
            {
                Assert.True(test.ExpectedOld[i] == h.Live(test.OldRSs[i].Name).Replicas, $"old {test.OldRSs[i].Name}: expected {test.ExpectedOld[i]}, got {h.Live(test.OldRSs[i].Name).Replicas}");
            }
        }
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0 }, new[] { 0, 0, 0 }, 1, 2)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }, 0, 1)] // only delete the replica set with spec.replicas = status.replicas = 0
    [InlineData(new[] { 0, 0 }, new[] { 0, 0 }, 0, 2)]
    [InlineData(new[] { 1, 1 }, new[] { 1, 1 }, 0, 0)]
    [InlineData(new[] { 0, 0, 0 }, new[] { 0, 0, 0 }, int.MaxValue, 0)] // with unlimited revisionHistoryLimit
    public void CleanupDeployment(int[] specReplicas, int[] statusReplicas, int revisionHistoryLimit, int expectedDeletions)
    {
        using var h = new DeploymentHarness();
        var oldRSs = specReplicas.Select((r, i) => h.AddReplicaSet("foo-" + DeploymentFixture.S(i + 1), r, statusReplicas: statusReplicas[i])).ToList();
        h.AllWrites.Clear();

        h.Controller.CleanupDeployment(oldRSs, NewDeployment("foo", 1, revisionHistoryLimit));
        Assert.Equal(expectedDeletions, h.Writes.Count(w => w.StartsWith("delete ReplicaSet/", StringComparison.Ordinal)));
    }

    [Fact]
    public void CleanupDeploymentSkipsReplicaSetsBeingDeleted()
    {
        using var h = new DeploymentHarness();
        var alreadyDeleted = h.AddReplicaSet("foo-1", 0);
        alreadyDeleted.Metadata.DeletionTimestamp = T0;
        h.AllWrites.Clear();

        h.Controller.CleanupDeployment([alreadyDeleted], NewDeployment("foo", 1, 0));
        Assert.Empty(h.Writes);
    }

    [Fact]
    public void CleanupDeploymentDeletesTheOldestRevisionsFirstAndWaitsForObservation()
    {
        using var h = new DeploymentHarness();
        var sets = new List<ReplicaSet>();
        foreach (var (name, revision) in new[] { ("a", "3"), ("b", "1"), ("c", "2") })
        {
            h.AddReplicaSet(name, 0);
            h.Live(name).Metadata.Annotations[DeploymentAnnotations.Revision] = revision;
            sets.Add(ObjectCopies.Clone(h.Live(name)));
        }

        // Revision 1 (b) is not yet observed by the ReplicaSet controller: it is skipped, not replaced by the next.
        sets[1].Metadata.Generation = 2;
        h.AllWrites.Clear();
        h.Controller.CleanupDeployment(sets, NewDeployment("foo", 1, 1));
        Assert.Equal(["delete ReplicaSet/default/c"], h.Writes);
    }
}
