using ClusterSim.Sim.Api;
using static ClusterSim.Tests.Deployments.DeploymentHarness;

namespace ClusterSim.Tests.Deployments;

/// <summary>Ported from pkg/controller/deployment/rolling_test.go (Kubernetes v1.32), with the same tables.</summary>
public class RollingTests
{
    [Theory]
    [InlineData(10, 0, 10, 0, false, 0)] // should not scale up
    [InlineData(10, 2, 10, 0, true, 2)]
    [InlineData(10, 2, 5, 0, true, 7)]
    [InlineData(10, 2, 10, 2, false, 0)]
    [InlineData(10, 2, 2, 11, true, 10)] // should scale down
    public void ReconcileNewReplicaSet(int deploymentReplicas, int maxSurge, int oldReplicas, int newReplicas, bool scaleExpected, int expectedNewReplicas)
    {
        using var h = new DeploymentHarness();
        var newRS = h.AddReplicaSet("foo-v2", newReplicas);
        var oldRS = h.AddReplicaSet("foo-v1", oldReplicas);
        var d = NewDeployment("foo", deploymentReplicas, null, IntOrString.FromInt(maxSurge), IntOrString.FromInt(0));
        h.AllWrites.Clear();

        bool scaled = h.Controller.ReconcileNewReplicaSet([newRS, oldRS], newRS, d);
        if (!scaleExpected)
        {
            Assert.False(scaled);
            Assert.Empty(h.Writes);
            return;
        }

        Assert.True(scaled);
        Assert.Equal(["update ReplicaSet/default/foo-v2"], h.Writes);
        Assert.Equal(expectedNewReplicas, h.Live("foo-v2").Replicas);
    }

    [Theory]
    [InlineData(10, 0, 10, 0, 10, 0, true, 9)]
    [InlineData(10, 2, 10, 0, 10, 0, true, 8)]
    [InlineData(10, 2, 10, 0, 8, 0, true, 8)] // unhealthy replicas of old replica sets are cleaned up
    [InlineData(10, 2, 10, 0, 9, 0, true, 8)] // 1 unhealthy replica cleaned up, and 1 ready pod scaled down
    [InlineData(10, 2, 8, 2, 8, 0, false, 8)] // the unavailable pods of the new RS do not let old RSs scale down further
    public void ReconcileOldReplicaSets(int deploymentReplicas, int maxUnavailable, int oldReplicas, int newReplicas, int readyPodsFromOldRS, int readyPodsFromNewRS, bool scaleExpected, int expectedOldReplicas)
    {
        using var h = new DeploymentHarness();
        var newRS = h.AddReplicaSet("foo-new", newReplicas, available: readyPodsFromNewRS);
        var oldRS = h.AddReplicaSet("foo-old", oldReplicas, available: readyPodsFromOldRS);
        var d = NewDeployment("foo", deploymentReplicas, null, IntOrString.FromInt(0), IntOrString.FromInt(maxUnavailable), new Dictionary<string, string> { ["foo"] = "new" });

        bool scaled = h.Controller.ReconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, d);
        Assert.Equal(scaleExpected, scaled);
        Assert.Equal(expectedOldReplicas, h.Live("foo-old").Replicas);
    }

    [Theory]
    [InlineData(10, 8, 2, 1, 1)]
    [InlineData(10, 8, 2, 3, 2)]
    [InlineData(10, 8, 2, 0, 0)]
    [InlineData(10, 10, 0, 3, 0)]
    public void CleanupUnhealthyReplicas(int oldReplicas, int readyPods, int unHealthyPods, int maxCleanupCount, int cleanupCountExpected)
    {
        using var h = new DeploymentHarness();
        var oldRS = h.AddReplicaSet("foo-v2", oldReplicas, available: readyPods);
        var d = NewDeployment("foo", 10, null, IntOrString.FromInt(2), IntOrString.FromInt(2));

        var (_, cleanupCount) = h.Controller.CleanupUnhealthyReplicas([oldRS], d, maxCleanupCount);
        Assert.Equal(cleanupCountExpected, cleanupCount);
        Assert.Equal(oldReplicas - cleanupCount, h.Live("foo-v2").Replicas);
        Assert.Equal(unHealthyPods, oldReplicas - readyPods);
    }

    [Theory]
    [InlineData(10, 0, 10, 10, true, 9)]
    [InlineData(10, 2, 10, 10, true, 8)]
    [InlineData(10, 2, 8, 10, false, 10)]
    [InlineData(10, 2, 10, 0, false, 0)]
    [InlineData(10, 2, 1, 10, false, 10)]
    public void ScaleDownOldReplicaSetsForRollingUpdate(int deploymentReplicas, int maxUnavailable, int readyPods, int oldReplicas, bool scaleExpected, int expectedOldReplicas)
    {
        using var h = new DeploymentHarness();
        var oldRS = h.AddReplicaSet("foo-v2", oldReplicas, available: readyPods);
        var d = NewDeployment("foo", deploymentReplicas, null, IntOrString.FromInt(0), IntOrString.FromInt(maxUnavailable));
        h.AllWrites.Clear();

        int scaled = h.Controller.ScaleDownOldReplicaSetsForRollingUpdate([oldRS], [oldRS], d);
        Assert.Equal(scaleExpected, scaled != 0);
        Assert.Equal(scaleExpected ? ["update ReplicaSet/default/foo-v2"] : [], h.Writes);
        Assert.Equal(expectedOldReplicas, h.Live("foo-v2").Replicas);
    }
}
