using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Planning.Metrics;

/// <summary>The pending-time instrument in whole runs: waits end at binding, at deletion, or at the end of the run.</summary>
public class PendingPodTrackerTests
{
    // One 1-CPU node: "big" asks for 2 CPUs and never fits, "small" fits at once, "pinned" is created bound.
    private const string Scenario = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: waits}
        spec:
          duration: 1m
          nodes: [{name: n, count: 1, capacity: {cpu: "1", memory: 2Gi}}]
          manifests:
            - inline: |
                apiVersion: v1
                kind: Pod
                metadata: {name: big}
                spec: {containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: "2"}}}]}
            - inline: |
                apiVersion: v1
                kind: Pod
                metadata: {name: small}
                spec: {containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: 100m}}}]}
            - inline: |
                apiVersion: v1
                kind: Pod
                metadata: {name: pinned}
                spec: {nodeName: n-1, containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: 100m}}}]}
          timeline: TIMELINE
        """;

    [Fact]
    public void APodThatNeverFitsWaitsUntilTheEndAndOneThatFitsWaitsNothing()
    {
        var result = Run("[]");
        Assert.Equal(60.0, result.Pending.PendingPodSeconds);
        Assert.Equal(TimeSpan.FromMinutes(1), result.Pending.LongestPending);
        Assert.Equal(3, result.Pending.Pods);
        Assert.Equal(1, result.Pending.StillPending);

        // "small" was bound at the instant it was created: it did not wait.
        Assert.Equal(1, result.Pending.Waited);
    }

    [Fact]
    public void DeletingAnUnboundPodEndsItsWait()
    {
        var result = Run("[{at: 20s, run: kubectl delete pod big}]");
        Assert.Empty(result.Warnings);
        Assert.Equal(20.0, result.Pending.PendingPodSeconds);
        Assert.Equal(TimeSpan.FromSeconds(20), result.Pending.LongestPending);
        Assert.Equal(0, result.Pending.StillPending);
        Assert.Equal(1, result.Pending.Waited);
    }

    [Fact]
    public void WithoutWaitingPodsNothingIsPending()
    {
        var result = Run("[{at: 0s, run: kubectl delete pod big}]");
        Assert.Equal(0.0, result.Pending.PendingPodSeconds);
        Assert.Equal(TimeSpan.Zero, result.Pending.LongestPending);
        Assert.Equal(0, result.Pending.Waited);
    }

    private static RunResult Run(string timeline)
    {
        var loaded = ScenarioLoader.LoadText(Scenario.Replace("TIMELINE", timeline, StringComparison.Ordinal), "waits.yaml");
        Assert.Empty(loaded.Errors);
        return ScenarioRunner.Run(loaded.Scenario!);
    }
}
