using System.Globalization;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// `nodegroup/POOL.status.FIELD` and `cluster.FIELD` REFs: refused at load time at their line and column when the pool
/// is not a node group (or has no price for cost), and evaluated on runs whose values are worked out by hand, totals
/// that grow with time being decided at the very tick they cross a bound.
/// </summary>
public class NodeGroupRefTests
{
    // A fixed node, a node group held at 2 (min = max, so it neither grows nor shrinks) and one pod that fits nowhere:
    // it waits from t=0 to the end, the group is paid 2 node-hours an hour (cost 1 an hour), the cluster 3.
    private static readonly string[] Head =
    [
        "apiVersion: clustersim.io/v1alpha1",                       // 1
        "kind: Scenario",                                           // 2
        "metadata: {name: refs}",                                   // 3
        "spec:",                                                    // 4
        "  duration: 30m",                                          // 5
        "  nodes:",                                                 // 6
        "    - name: fixed",                                        // 7
        "      capacity: {cpu: \"2\", memory: 4Gi}",                // 8
        "    - name: worker",                                       // 9
        "      count: 2",                                           // 10
        "      autoscaling: {min: 2, max: 2}",                      // 11
        "      capacity: {cpu: \"2\", memory: 4Gi}",                // 12
        "      price: 0.5",                                         // 13
        "    - name: spare",                                        // 14
        "      count: 0",                                           // 15
        "      autoscaling: {min: 0, max: 1}",                      // 16
        "      capacity: {cpu: \"1\", memory: 1Gi}",                // 17
        "  manifests:",                                             // 18
        "    - inline: |",                                          // 19
        "        apiVersion: v1",                                   // 20
        "        kind: Pod",                                        // 21
        "        metadata: {name: big}",                            // 22
        "        spec: {containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: \"8\"}}}]}", // 23
        "  expect:",                                                // 24
    ];

    private static LoadResult Load(params string[] expect) => ScenarioLoader.LoadText(string.Join("\n", [.. Head, .. expect]) + "\n", "refs.yaml");

    private static void AssertError(string that, int column, string message) =>
        TestFiles.AssertSingle(Load("    - always: true", "      that: " + that).Diagnostics, Severity.Error, "refs.yaml", 26, column, message);

    [Fact]
    public void ANodeGroupRefNamesAnAutoscaledPool()
    {
        AssertError("nodegroup/wroker.status.nodes <= 2", 23, "node group \"wroker\" is not declared by the scenario (did you mean \"worker\"? node groups: worker, spare)");
        AssertError("1 <= nodegroup/fixed.status.nodes", 28, "pool \"fixed\" does not autoscale: nodegroup/fixed.status.nodes needs a node group (a pool with autoscaling: {min, max})");
        AssertError("nodegroup/spare.status.cost < 1", 36, "pool \"spare\" has no price: give it one (price: PER_NODE_HOUR) to read nodegroup/spare.status.cost");
        AssertError("cluster.nodehours < 1", 21, "the cluster has no field \"nodehours\" (did you mean \"nodeHours\"? expected cluster. and one of: pendingPods, unscheduledPods, pendingPodSeconds, longestPending, nodeHours)");
        Assert.Empty(Load("    - always: true", "      that: nodegroup/spare.status.nodeHours == 0").Diagnostics);
    }

    [Fact]
    public void FiguresAtAMomentAreWorkedOutByHand()
    {
        var result = Run(
            "    - at: 10m", "      that: cluster.pendingPodSeconds == 600",
            "    - at: 10m", "      that: cluster.longestPending == 600",
            "    - at: 10m", "      that: cluster.pendingPods == 1",
            "    - at: 10m", "      that: cluster.unscheduledPods == 1",
            "    - at: 15m", "      that: cluster.nodeHours == 0.75",
            "    - at: 15m", "      that: nodegroup/worker.status.nodeHours == 0.5",
            "    - at: 15m", "      that: nodegroup/worker.status.cost == 0.25",
            "    - at: 15m", "      that: nodegroup/spare.status.nodeHours == 0",
            "    - at: 10m", "      that: nodegroup/worker.status.targetSize == 2",
            "    - at: 10m", "      that: nodegroup/worker.status.nodes == 2",
            "    - at: 10m", "      that: nodegroup/worker.status.readyNodes == 2",
            "    - at: 10m", "      that: nodegroup/worker.status.upcoming == 0",
            "    - at: 10m", "      that: nodegroup/worker.status.scaleUps == 0",
            "    - at: 0s", "      that: nodegroup/worker.status.readyNodes == nodegroup/worker.status.nodes");

        Assert.All(result.Expectations, e => Assert.True(e.Passed, e.Text + ": " + e.Seen));

        // Both sides shown when both are REFs; a group's first nodes are Ready at t=0, as a fixed pool's are.
        Assert.Equal("2 == 2", result.Expectations[^1].Seen);
    }

    [Fact]
    public void TotalsThatGrowAreDecidedAtTheTickTheyCrossABound()
    {
        // Thresholds whose crossing is exact in binary, at instants off the control plane's 10 s and 5 m beats (no store
        // write happens then): only the look-ahead finds them.
        var result = Run(
            "    - always: true", "      that: cluster.longestPending < 301.5",
            "    - by: 30m", "      that: cluster.nodeHours >= 0.9375",
            "    - always: true", "      that: nodegroup/worker.status.cost < 0.2501",
            "    - during: [1m, 2m]", "      that: cluster.pendingPodSeconds < 90.25",
            "    - always: true", "      that: cluster.pendingPodSeconds != 421.25",
            "    - by: 9m", "      after: 8m", "      that: cluster.pendingPodSeconds == 510.5",
            "    - always: true", "      that: 0.75 > cluster.nodeHours",
            "    - always: true", "      after: 20m", "      that: nodegroup/worker.status.nodeHours >= 0");

        Assert.Equal(
            [
                (false, "5m1.5s", "301.5"),
                (true, "18m45s", "0.9375"),
                (false, "15m0.36s", "0.2501"),
                (false, "1m30.25s", "90.25"),
                (false, "7m1.25s", "421.25"),
                (true, "8m30.5s", "510.5"),
                (false, "15m0s", "0.75 > 0.75"),
                (true, "30m0s", "held throughout; last 1"),
            ],
            result.Expectations.Select(e => (e.Passed, GoDurationOf(e.Time), e.Seen)));
    }

    [Fact]
    public void ANodeGroupsFiguresFollowTheCloudsCallsAndTheTimeSeries()
    {
        // autoscaler-burst: at the first loop after the burst, one call asks the worker group for 7 more nodes. The
        // cloud's create call writes nothing to the store, yet the targetSize REF sees it at that event.
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "autoscaler-burst.yaml")).Scenario!;
        var scaleUp = ScenarioRunner.Run(scenario).Events.First(e => e.Event.Reason == "TriggeredScaleUp").Time;
        var samples = ScenarioRunner.Run(scenario).Samples.Where(s => s.Kind == "NodeGroup").ToList();
        scenario.Expectations.Clear();
        scenario.Expectations.Add(Expect("by: 10m", ExpectationMode.By, TimeSpan.Zero, TimeSpan.FromMinutes(10), "nodegroup/worker.status.targetSize == 10"));
        scenario.Expectations.Add(Expect("by: 10m", ExpectationMode.By, TimeSpan.Zero, TimeSpan.FromMinutes(10), "nodegroup/worker.status.upcoming == 7"));
        scenario.Expectations.Add(Expect("by: 10m", ExpectationMode.By, TimeSpan.Zero, TimeSpan.FromMinutes(10), "nodegroup/worker.status.scaleUps == 1"));

        // Every sampled NodeGroup row, read back by its REF at the same instant.
        foreach (var s in samples)
        {
            var at = TimeSpan.FromTicks(s.TimeTicks);
            scenario.Expectations.Add(Expect("at", ExpectationMode.At, at, at, $"nodegroup/{s.Name}.status.{s.Metric} == {s.Value.ToString(CultureInfo.InvariantCulture)}"));
        }

        var result = ScenarioRunner.Run(scenario);

        Assert.Equal([scaleUp, scaleUp, scaleUp], result.Expectations.Take(3).Select(e => e.Time!.Value));
        Assert.True(samples.Count > 300);
        Assert.All(result.Expectations, e => Assert.True(e.Passed, e.Text + ": " + e.Seen));
    }

    private static Expectation Expect(string where, ExpectationMode mode, TimeSpan start, TimeSpan end, string that)
    {
        Assert.True(ConditionParser.TryParse(that, out var condition, out var error), error?.Message);
        return new() { Location = new SourceLocation(where, 0, 0), Mode = mode, Start = start, End = end, Condition = condition, That = that };
    }

    private static RunResult Run(params string[] expect)
    {
        var loaded = Load(expect);
        Assert.Empty(loaded.Diagnostics);
        return ScenarioRunner.Run(loaded.Scenario!);
    }

    private static string GoDurationOf(TimeSpan? t) => t is { } time ? GoDuration.Format(time) : "";
}
