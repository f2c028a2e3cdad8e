using ClusterSim.Planning.Metrics;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Faults;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Instruments.Invariants;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.Planning.Metrics;

/// <summary>Per-run metrics measured on real runs of the example scenarios, and their edge cases on hand-made results.</summary>
public class RunMetricsTests
{
    [Fact]
    public void OneValuePerCatalogMetric()
    {
        var (scenario, result) = Run("pending-pods.yaml");
        Assert.Equal(MetricCatalog.All.Count, RunMetrics.Measure(result, scenario, CostModel.NodeHours).Length);
    }

    [Fact]
    public void NodeFailureRecoveryIsThatFaultsImpact()
    {
        var (scenario, result) = Run("node-failure.yaml");
        var values = RunMetrics.Measure(result, scenario, CostModel.NodeHours);
        var impact = Assert.Single(result.FaultImpacts);
        Assert.Equal(impact.ToAllReplicasReady!.Value.TotalSeconds, Value(values, MetricCatalog.RecoveryTime));
        Assert.Equal(357, Value(values, MetricCatalog.RecoveryTime));
        Assert.Equal(1, Value(values, MetricCatalog.CapacityFaults));
        Assert.Equal(impact.LostPodSeconds, Value(values, MetricCatalog.LostPodSeconds));
        Assert.Equal(624, Value(values, MetricCatalog.LostPodSeconds));

        // Three nodes for 12 minutes.
        Assert.Equal(0.6, Value(values, MetricCatalog.NodeHours));
        Assert.Equal(0.6, Value(values, MetricCatalog.Cost));
        Assert.Equal(0, Value(values, MetricCatalog.ExpectationsFailed));
        Assert.Equal(0, Value(values, MetricCatalog.InvariantsViolated));
        Assert.Empty(RunMetrics.Failures(result));
    }

    [Fact]
    public void LoadCapacityServesLessThanOffered()
    {
        var (scenario, result) = Run("load-capacity.yaml");
        var values = RunMetrics.Measure(result, scenario, CostModel.NodeHours);
        var load = Assert.Single(result.Load);
        double served = Value(values, MetricCatalog.ServedFraction);
        Assert.True(served < 1);
        Assert.Equal(load.FractionServed, served);
        Assert.Equal(load.ServedRequests / load.OfferedRequests, served);
        Assert.Equal(load.PeakUnservedRps, Value(values, MetricCatalog.PeakUnservedRps));
        Assert.True(Value(values, MetricCatalog.PeakUnservedRps) > 100);
        Assert.Equal(0, Value(values, MetricCatalog.CapacityFaults));
        Assert.Equal(0, Value(values, MetricCatalog.RecoveryTime));
    }

    [Fact]
    public void PendingPodsWaitUntilTheScaleDown()
    {
        var (scenario, result) = Run("pending-pods.yaml");
        var values = RunMetrics.Measure(result, scenario, CostModel.NodeHours);

        // Two of the four pods fit at once; the other two wait from t=0 until the scale-down deletes them at 2m.
        Assert.Equal(240, Value(values, MetricCatalog.PendingPodSeconds));
        Assert.Equal(120, Value(values, MetricCatalog.LongestPending));

        // Two 600m pods on two 1-CPU nodes.
        Assert.Equal(0.6, Value(values, MetricCatalog.PeakCpuRequested), 12);
        Assert.Equal(PeakFromSamples(result, "cpu"), Value(values, MetricCatalog.PeakCpuRequested));
        Assert.Equal(PeakFromSamples(result, "memory"), Value(values, MetricCatalog.PeakMemoryRequested));
        Assert.True(Value(values, MetricCatalog.PeakMemoryRequested) > 0);
    }

    [Fact]
    public void ARolloutReplacedBeforeFinishingLastsUntilItsReplacementFinishes()
    {
        var (scenario, result) = Run("bad-rollout.yaml");
        var values = RunMetrics.Measure(result, scenario, CostModel.NodeHours);

        // Revision 2 (a bad image) at 1m never finishes; the undo at 4m (revision 3) finishes at 4m05s.
        Assert.Equal([null, TimeSpan.FromSeconds(245)], result.Rollouts.Where(r => r.Revision != "1").Select(r => r.Completed));
        Assert.Equal(185, Value(values, MetricCatalog.RolloutDuration));
    }

    [Fact]
    public void OverlappingFaultsCountLostCapacityOnce()
    {
        var (scenario, result) = Run("zone-outage.yaml");
        var values = RunMetrics.Measure(result, scenario, CostModel.NodeHours);
        Assert.Equal(4, Value(values, MetricCatalog.CapacityFaults));

        // The zone outage at 2m is still short of replicas when the three crashes strike at 3m: its shortfall covers theirs.
        var first = result.FaultImpacts[0];
        Assert.All(result.FaultImpacts.Skip(1), f => Assert.True(f.Fault.Time < first.Fault.Time + first.ToAllReplicasReady!.Value));
        Assert.Equal(first.LostPodSeconds, Value(values, MetricCatalog.LostPodSeconds));
        Assert.Equal(result.FaultImpacts.Max(f => f.ToAllReplicasReady!.Value.TotalSeconds), Value(values, MetricCatalog.RecoveryTime));
    }

    [Fact]
    public void TheHpaPeakIsTheAutoscalersPeak()
    {
        var (scenario, result) = Run("php-apache-hpa.yaml");
        var values = RunMetrics.Measure(result, scenario, CostModel.NodeHours);
        Assert.Equal(Assert.Single(result.Autoscalers).PeakReplicas, Value(values, MetricCatalog.HpaPeakReplicas));
        Assert.True(Value(values, MetricCatalog.HpaPeakReplicas) > 1);
    }

    [Fact]
    public void CostPricesEachPoolsNodeHours()
    {
        var (scenario, result) = Run("node-failure.yaml");
        var pool = Assert.Single(scenario.Nodes);
        var cost = new CostModel("USD", new Dictionary<string, double>(StringComparer.Ordinal) { [pool.Name] = 0.25 }, null, null);
        Assert.Equal(0.6 * 0.25, Value(RunMetrics.Measure(result, scenario, cost), MetricCatalog.Cost), 12);
    }

    [Fact]
    public void UnrecoveredFaultsAndRolloutsCountUntilTheEnd()
    {
        var end = TimeSpan.FromMinutes(10);
        var crash = new FaultRecord(TimeSpan.FromMinutes(4), "node-crash a", true, ["a"]);
        var harmless = new FaultRecord(TimeSpan.FromMinutes(1), "node-crash b", true, ["b"]);
        var measured = RunMetrics.Measure(
            new RunResultBuilder(end)
            {
                FaultImpacts = [new FaultImpact(harmless, null, null, null, 0, 0), new FaultImpact(crash, null, null, null, 90, 2)],
                Rollouts = [new Rollout("default", "web", "2", TimeSpan.FromMinutes(7), null, 1, 3), new Rollout("default", "api", "1", TimeSpan.Zero, TimeSpan.FromSeconds(30), 0, 2)],
            }.Build(),
            EmptyScenario(),
            CostModel.NodeHours);

        // The crash left replicas missing until the end; the harmless one (nothing went missing) recovered at once.
        Assert.Equal(360, Value(measured, MetricCatalog.RecoveryTime));
        Assert.Equal(2, Value(measured, MetricCatalog.CapacityFaults));
        Assert.Equal(90, Value(measured, MetricCatalog.LostPodSeconds));
        Assert.Equal(180, Value(measured, MetricCatalog.RolloutDuration));
    }

    [Fact]
    public void AnEmptyRunHasNeutralValues()
    {
        var values = RunMetrics.Measure(new RunResultBuilder(TimeSpan.FromHours(2)).Build(), EmptyScenario(), CostModel.NodeHours);
        Assert.Equal(1, Value(values, MetricCatalog.ServedFraction));
        Assert.All(MetricCatalog.All.Where(m => m.Name != MetricCatalog.ServedFraction), m => Assert.Equal(0, Value(values, m.Name)));
    }

    [Fact]
    public void FailuresNameExpectationLocationsThenInvariants()
    {
        var result = new RunResultBuilder(TimeSpan.FromMinutes(1))
        {
            Expectations =
            [
                new ExpectationOutcome("s.yaml:40:5", "a == 1", false, null, "2"),
                new ExpectationOutcome("s.yaml:42:5", "b == 1", true, null, "1"),
                new ExpectationOutcome("s.yaml:44:5", "c == 1", false, null, "0"),
            ],
            Violations = [new InvariantViolation("capacity", TimeSpan.FromSeconds(3), "over"), new InvariantViolation("clock", TimeSpan.FromSeconds(4), "back")],
        }.Build();
        Assert.Equal(["s.yaml:40:5", "s.yaml:44:5", "invariant capacity", "invariant clock"], RunMetrics.Failures(result));
        var values = RunMetrics.Measure(result, EmptyScenario(), CostModel.NodeHours);
        Assert.Equal(2, Value(values, MetricCatalog.ExpectationsFailed));
        Assert.Equal(2, Value(values, MetricCatalog.InvariantsViolated));
    }

    [Fact]
    public void ASweepKeepingOnlyTheRowsItReadsMeasuresWhatAFullRunMeasures()
    {
        var (plan, diagnostics) = ClusterSim.Planning.Loading.PlanLoader.Load(new ClusterSim.Planning.Loading.PlanRequest(Path.Combine(RepoPaths.Scenarios, "plan-frontend-nodes.yaml")) { Runs = 3 });
        Assert.True(plan is not null, string.Join("\n", diagnostics));
        for (int config = 0; config < plan!.Configurations.Count; config++)
        {
            for (int run = 0; run < plan.Runs; run++)
            {
                var record = ClusterSim.Planning.Sweeping.Sweep.RunOne(plan, config, run);
                var scenario = plan.Configurations[config].Scenario;
                var full = ScenarioRunner.Run(scenario, new RunOptions(plan.BaseSeed + run));
                Assert.False(full.Streamed);
                Assert.Equal(RunMetrics.Measure(full, scenario, plan.Cost), record.Values);
                Assert.True(record.Values[MetricCatalog.IndexOf(MetricCatalog.PeakCpuRequested)] > 0);
            }
        }
    }

    private static double Value(double[] values, string metric) => values[MetricCatalog.IndexOf(metric)];

    private static (Scenario Scenario, RunResult Result) Run(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file)).Scenario!;
        return (scenario, ScenarioRunner.Run(scenario));
    }

    // The definition again, written the slow way: per sample time, total requested over total allocatable.
    private static double PeakFromSamples(RunResult result, string resource) =>
        result.Samples.Where(s => s.Kind == "Node").GroupBy(s => s.TimeTicks)
            .Select(g => g.Where(s => s.Metric == "status.requested." + resource).Sum(s => s.Value) / g.Where(s => s.Metric == "status.allocatable." + resource).Sum(s => s.Value))
            .Max();

    private static Scenario EmptyScenario() => new() { Name = "empty", FilePath = "empty.yaml" };

    private sealed class RunResultBuilder(TimeSpan end)
    {
        public IReadOnlyList<FaultImpact> FaultImpacts { get; init; } = [];

        public IReadOnlyList<Rollout> Rollouts { get; init; } = [];

        public IReadOnlyList<ExpectationOutcome> Expectations { get; init; } = [];

        public IReadOnlyList<InvariantViolation> Violations { get; init; } = [];

        public RunResult Build() => new()
        {
            ScenarioName = "test",
            Description = "",
            ScenarioFile = "test.yaml",
            Seed = 1,
            EndTime = end,
            Transcript = "",
            Events = [],
            Samples = [],
            Expectations = Expectations,
            Marks = [],
            Warnings = [],
            FaultImpacts = FaultImpacts,
            Rollouts = Rollouts,
            InvariantViolations = Violations,
            TraceHash = "",
            EventCount = 0,
        };
    }
}
