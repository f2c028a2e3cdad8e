using System.Globalization;
using ClusterSim.Planning.Metrics;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.Planning.Metrics;

/// <summary>
/// `cluster.pendingPodSeconds`, `cluster.longestPending` and `cluster.nodeHours` read at the end of a run are plan's
/// pendingPodSeconds, longestPending and nodeHours of that run, to the bit: the same measure, so far.
/// </summary>
public class RunTotalsTests
{
    private static readonly (string Field, string Metric)[] Pairs =
    [
        ("pendingPodSeconds", MetricCatalog.PendingPodSeconds),
        ("longestPending", MetricCatalog.LongestPending),
        ("nodeHours", MetricCatalog.NodeHours),
    ];

    [Theory]
    [InlineData("autoscaler-burst.yaml", null)]
    [InlineData("autoscaler-stockout.yaml", null)]
    [InlineData("autoscaler-stockout.yaml", "7m13.25s")]
    [InlineData("drain-pdb.yaml", null)]
    [InlineData("pending-pods.yaml", null)]
    [InlineData("node-failure.yaml", null)]
    public void AtTheEndTheTotalsArePlansMetrics(string file, string? until)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file)).Scenario!;
        var end = until is null ? scenario.Duration : ClusterSim.Sim.Api.GoDuration.Parse(until);
        scenario.Expectations.Clear();
        foreach (var (field, _) in Pairs)
        {
            Assert.True(ConditionParser.TryParse($"cluster.{field} >= 0", out var condition, out var error), error?.Message);
            scenario.Expectations.Add(new Expectation { Location = new SourceLocation(field, 0, 0), Mode = ExpectationMode.At, Start = end, End = end, Condition = condition, That = condition.ToString() });
        }

        var result = ScenarioRunner.Run(scenario, new RunOptions(Until: end));
        var values = RunMetrics.Measure(result, scenario, CostModel.NodeHours);

        Assert.Equal(end, result.EndTime);
        foreach (var ((_, metric), outcome) in Pairs.Zip(result.Expectations))
        {
            Assert.Equal(end, outcome.Time);
            double seen = double.Parse(outcome.Seen, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(values[MetricCatalog.IndexOf(metric)]), BitConverter.DoubleToInt64Bits(seen));
        }

        // Something was measured: every example has nodes, and these have pods that wait.
        Assert.True(values[MetricCatalog.IndexOf(MetricCatalog.NodeHours)] > 0);
        if (file is "autoscaler-burst.yaml" or "autoscaler-stockout.yaml" or "pending-pods.yaml")
        {
            Assert.True(values[MetricCatalog.IndexOf(MetricCatalog.PendingPodSeconds)] > 0);
        }
    }
}
