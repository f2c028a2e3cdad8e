using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using static ClusterSim.Tests.Deployments.DeploymentHarness;

namespace ClusterSim.Tests.Deployments;

/// <summary>Ported from pkg/controller/deployment/recreate_test.go (Kubernetes v1.32).</summary>
public class RecreateTests
{
    [Fact]
    public void ScaleDownOldReplicaSets()
    {
        using var h = new DeploymentHarness();
        var d = NewDeployment("foo", 3, null, null, null, new Dictionary<string, string> { ["foo"] = "bar" });
        var oldRSs = new List<ReplicaSet> { h.AddReplicaSet("foo-0", 3, owner: d) };

        Assert.True(h.Controller.ScaleDownOldReplicaSetsForRecreate(oldRSs, d));
        Assert.Equal(0, oldRSs[0].Replicas);
        Assert.Equal(0, h.Live("foo-0").Replicas);
    }

    private static Pod PodIn(string phase) => new() { Status = { Phase = phase } };

    private static ReplicaSet RsWithUid(string uid) => new() { Metadata = { Name = "foo-" + uid, Uid = uid } };

    private static ReplicaSet RsWithStatus(int spec, int status) => new() { Metadata = { Name = "rs-1" }, Replicas = spec, Status = { Replicas = status } };

    private static SortedDictionary<string, List<Pod>> PodMap(params (string Uid, Pod[] Pods)[] entries)
    {
        var map = new SortedDictionary<string, List<Pod>>(StringComparer.Ordinal);
        foreach (var (uid, pods) in entries)
        {
            map[uid] = [.. pods];
        }

        return map;
    }

    public static TheoryData<string, List<ReplicaSet>, SortedDictionary<string, List<Pod>>?, bool> OldPodsRunningCases => new()
    {
        { "no old RSs", [], null, false },
        { "old RSs with running pods", [RsWithUid("some-uid"), RsWithUid("other-uid")], PodMap(("some-uid", [new Pod(), new Pod()]), ("other-uid", [new Pod(), new Pod()])), true },
        { "old RSs without pods but with non-zero status replicas", [RsWithStatus(0, 1)], null, true },
        { "old RSs without pods or non-zero status replicas", [RsWithStatus(0, 0)], null, false },
        { "old RSs with zero status replicas but pods in terminal state are present", [RsWithStatus(0, 0)], PodMap(("uid-1", [PodIn("Failed"), PodIn("Succeeded")])), false },
        { "old RSs with zero status replicas but pod in unknown phase present", [RsWithStatus(0, 0)], PodMap(("uid-1", [PodIn("Unknown")])), true },
        { "old RSs with zero status replicas with pending pod present", [RsWithStatus(0, 0)], PodMap(("uid-1", [PodIn("Pending")])), true },
        { "old RSs with zero status replicas with running pod present", [RsWithStatus(0, 0)], PodMap(("uid-1", [PodIn("Running")])), true },
        { "old RSs with zero status replicas but pods in terminal state and pending are present", [RsWithStatus(0, 0)], PodMap(("uid-1", [PodIn("Failed"), PodIn("Succeeded")]), ("uid-2", []), ("uid-3", [PodIn("Pending")])), true },
    };

    [Theory]
    [MemberData(nameof(OldPodsRunningCases))]
    public void OldPodsRunning(string name, List<ReplicaSet> oldRSs, SortedDictionary<string, List<Pod>>? podMap, bool expected) =>
        Assert.True(expected == DeploymentController.OldPodsRunning(null, oldRSs, podMap), name);

    [Fact]
    public void PodsOfTheNewReplicaSetDoNotCount()
    {
        var newRS = RsWithUid("new-uid");
        Assert.False(DeploymentController.OldPodsRunning(newRS, [], PodMap(("new-uid", [PodIn("Running")]))));
    }
}
