using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Sections;
using ClusterSim.Sim;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// spec.controlPlane.clusterAutoscaler: cluster-autoscaler 1.33's defaults when absent, every flag read, the expander
/// chain checked as expander/factory/expander_factory.go Factory.Build checks it, the priority expander's priorities,
/// and each refused value at its line and column.
/// </summary>
public sealed class ClusterAutoscalerSectionTests : IDisposable
{
    private static readonly string[] Head =
    [
        "apiVersion: clustersim.io/v1alpha1", // 1
        "kind: Scenario",                      // 2
        "metadata:",                           // 3
        "  name: ca-flags",                    // 4
        "spec:",                               // 5
        "  duration: 30m",                     // 6
        "  controlPlane:",                     // 7
        "    clusterAutoscaler:",              // 8
    ];

    private readonly TestFiles _files = TestFiles.Create();

    public void Dispose() => _files.Dispose();

    private LoadResult Load(params string[] lines) => ScenarioLoader.Load(_files.Write("scenario.yaml", [.. Head, .. lines]));

    private ClusterAutoscalerConfig Config(params string[] lines)
    {
        var result = Load(lines);
        Assert.Empty(result.Diagnostics);
        return result.Scenario!.ControlPlane.ClusterAutoscaler;
    }

    private void AssertError(int column, string message, string line)
    {
        var result = Load(line);
        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "scenario.yaml", 9, column, message);
    }

    [Fact]
    public void WithoutTheSectionTheDefaultsOfClusterAutoscaler133()
    {
        var result = ScenarioLoader.LoadText(string.Join("\n", Head[..6]) + "\n", "scenario.yaml");
        Assert.Empty(result.Diagnostics);
        var c = result.Scenario!.ControlPlane.ClusterAutoscaler;

        Assert.Equal("1.33", ClusterAutoscalerConfig.Version);
        Assert.Equal(TimeSpan.FromSeconds(10), c.ScanInterval);
        Assert.Equal("least-waste", c.Expander);
        Assert.True(c.ScaleDownEnabled);
        Assert.Equal(TimeSpan.FromMinutes(10), c.ScaleDownUnneededTime);
        Assert.Equal(TimeSpan.FromMinutes(20), c.ScaleDownUnreadyTime);
        Assert.Equal(TimeSpan.FromMinutes(10), c.ScaleDownDelayAfterAdd);
        Assert.Null(c.ScaleDownDelayAfterDelete);
        Assert.Equal(c.ScanInterval, c.EffectiveScaleDownDelayAfterDelete);
        Assert.Equal(TimeSpan.FromMinutes(3), c.ScaleDownDelayAfterFailure);
        Assert.Equal(0.5, c.ScaleDownUtilizationThreshold);
        Assert.Equal(TimeSpan.FromMinutes(15), c.MaxNodeProvisionTime);
        Assert.Equal(600, c.MaxGracefulTerminationSec);
        Assert.Equal(10, c.MaxEmptyBulkDelete);
        Assert.Equal(45, c.MaxTotalUnreadyPercentage);
        Assert.Equal(3, c.OkTotalUnreadyCount);
        Assert.Equal(TimeSpan.Zero, c.NewPodScaleUpDelay);
        Assert.False(c.BalanceSimilarNodeGroups);
        Assert.Equal(0, c.MaxNodesTotal);
        Assert.Equal(TimeSpan.FromMinutes(5), c.InitialNodeGroupBackoffDuration);
        Assert.Equal(TimeSpan.FromMinutes(30), c.MaxNodeGroupBackoffDuration);
        Assert.Equal(TimeSpan.FromHours(3), c.NodeGroupBackoffResetTimeout);
        Assert.Empty(c.Priorities);
    }

    [Fact]
    public void AnEmptySectionKeepsTheDefaults()
    {
        var c = Config("      {}");

        Assert.Equal(TimeSpan.FromSeconds(10), c.ScanInterval);
        Assert.Equal("least-waste", c.Expander);
    }

    [Fact]
    public void EveryFlag()
    {
        var c = Config(
            "      scanInterval: 20s",
            "      expander: priority,least-waste",
            "      scaleDownEnabled: false",
            "      scaleDownUnneededTime: 5m",
            "      scaleDownUnreadyTime: 30m",
            "      scaleDownDelayAfterAdd: 2m",
            "      scaleDownDelayAfterDelete: 0s",
            "      scaleDownDelayAfterFailure: 1m",
            "      scaleDownUtilizationThreshold: 0.7",
            "      maxNodeProvisionTime: 10m",
            "      maxGracefulTerminationSec: 120",
            "      maxEmptyBulkDelete: 5",
            "      maxTotalUnreadyPercentage: 30.5",
            "      okTotalUnreadyCount: 0",
            "      newPodScaleUpDelay: 30s",
            "      balanceSimilarNodeGroups: true",
            "      maxNodesTotal: 50",
            "      initialNodeGroupBackoffDuration: 1m",
            "      maxNodeGroupBackoffDuration: 10m",
            "      nodeGroupBackoffResetTimeout: 1h",
            "      enforceNodeGroupMinSize: true",
            "      priorities: {10: [\".*small.*\"], 50: [big, \"^huge-\"]}",
            "      expendablePodsPriorityCutoff: -1000");

        Assert.Equal(TimeSpan.FromSeconds(20), c.ScanInterval);
        Assert.Equal("priority,least-waste", c.Expander);
        Assert.False(c.ScaleDownEnabled);
        Assert.Equal(TimeSpan.FromMinutes(5), c.ScaleDownUnneededTime);
        Assert.Equal(TimeSpan.FromMinutes(30), c.ScaleDownUnreadyTime);
        Assert.Equal(TimeSpan.FromMinutes(2), c.ScaleDownDelayAfterAdd);
        Assert.Equal(TimeSpan.Zero, c.ScaleDownDelayAfterDelete);
        Assert.Equal(TimeSpan.Zero, c.EffectiveScaleDownDelayAfterDelete);
        Assert.Equal(TimeSpan.FromMinutes(1), c.ScaleDownDelayAfterFailure);
        Assert.Equal(0.7, c.ScaleDownUtilizationThreshold);
        Assert.Equal(TimeSpan.FromMinutes(10), c.MaxNodeProvisionTime);
        Assert.Equal(120, c.MaxGracefulTerminationSec);
        Assert.Equal(5, c.MaxEmptyBulkDelete);
        Assert.Equal(30.5, c.MaxTotalUnreadyPercentage);
        Assert.Equal(0, c.OkTotalUnreadyCount);
        Assert.Equal(TimeSpan.FromSeconds(30), c.NewPodScaleUpDelay);
        Assert.True(c.BalanceSimilarNodeGroups);
        Assert.Equal(50, c.MaxNodesTotal);
        Assert.Equal(TimeSpan.FromMinutes(1), c.InitialNodeGroupBackoffDuration);
        Assert.Equal(TimeSpan.FromMinutes(10), c.MaxNodeGroupBackoffDuration);
        Assert.Equal(TimeSpan.FromHours(1), c.NodeGroupBackoffResetTimeout);
        Assert.True(c.EnforceNodeGroupMinSize);
        Assert.Equal(2, c.Priorities.Count);
        Assert.Equal([10, 50], c.Priorities.Select(p => p.Priority));
        Assert.Equal([".*small.*"], c.Priorities[0].Patterns);
        Assert.Equal(["big", "^huge-"], c.Priorities[1].Patterns);
        Assert.Equal(-1000, c.ExpendablePodsPriorityCutoff);
    }

    [Theory]
    [InlineData("least-waste", "least-waste")]
    [InlineData("most-pods", "most-pods")]
    [InlineData("least-nodes", "least-nodes")]
    [InlineData("price", "price")]
    [InlineData("random", "random")]
    [InlineData("least-waste,most-pods,random", "least-waste,most-pods,random")]
    [InlineData("\"price, least-waste\"", "price,least-waste")]
    public void Expanders(string written, string expected) => Assert.Equal(expected, Config("      expander: " + written).Expander);

    [Fact]
    public void ThePriorityExpanderWithPriorities() =>
        Assert.Equal("priority", Config("      expander: priority", "      priorities: {1: [\".*\"]}").Expander);

    [Theory]
    [InlineData("      expander: least-wast", 17, "spec.controlPlane.clusterAutoscaler.expander: Expander least-wast not supported (did you mean \"least-waste\"? expected one of: least-waste, most-pods, least-nodes, random, price, priority, or a comma-separated chain of them)")]
    [InlineData("      expander: cheapest", 17, "spec.controlPlane.clusterAutoscaler.expander: Expander cheapest not supported (expected one of: least-waste, most-pods, least-nodes, random, price, priority, or a comma-separated chain of them)")]
    [InlineData("      expander: grpc", 17, "spec.controlPlane.clusterAutoscaler.expander: Expander grpc not supported (the grpc expander calls an external server, which is not simulated) (expected one of: least-waste, most-pods, least-nodes, random, price, priority, or a comma-separated chain of them)")]
    [InlineData("      expander: price,least-waste,price", 17, "spec.controlPlane.clusterAutoscaler.expander: Expander price was specified multiple times, each expander must not be specified more than once")]
    [InlineData("      expander: random,least-waste", 17, "spec.controlPlane.clusterAutoscaler.expander: Expander least-waste came after an expander random that will always return only one result, this is not allowed since least-waste will never be used")]
    [InlineData("      expander: least-waste,", 17, "spec.controlPlane.clusterAutoscaler.expander: Expander  not supported (expected one of: least-waste, most-pods, least-nodes, random, price, priority, or a comma-separated chain of them)")]
    [InlineData("      scanInterval: 0s", 21, "spec.controlPlane.clusterAutoscaler.scanInterval: must be greater than zero, got 0s")]
    [InlineData("      scanIntervall: 20s", 7, "unknown field \"scanIntervall\" in spec.controlPlane.clusterAutoscaler (did you mean \"scanInterval\"? expected one of: scanInterval, expander, scaleDownEnabled, scaleDownUnneededTime, scaleDownUnreadyTime, scaleDownDelayAfterAdd, scaleDownDelayAfterDelete, scaleDownDelayAfterFailure, scaleDownUtilizationThreshold, maxNodeProvisionTime, maxGracefulTerminationSec, maxEmptyBulkDelete, maxTotalUnreadyPercentage, okTotalUnreadyCount, newPodScaleUpDelay, balanceSimilarNodeGroups, maxNodesTotal, initialNodeGroupBackoffDuration, maxNodeGroupBackoffDuration, nodeGroupBackoffResetTimeout, enforceNodeGroupMinSize, priorities, expendablePodsPriorityCutoff)")]
    [InlineData("      scaleDownEnabled: \"yes\"", 25, "spec.controlPlane.clusterAutoscaler.scaleDownEnabled: expected a boolean (true or false), got string \"yes\"")]
    [InlineData("      scaleDownUnneededTime: -1m", 30, "spec.controlPlane.clusterAutoscaler.scaleDownUnneededTime: must not be negative, got -1m")]
    [InlineData("      scaleDownUnreadyTime: later", 29, "spec.controlPlane.clusterAutoscaler.scaleDownUnreadyTime: time: invalid duration \"later\" (expected a duration such as 500ms, 90s, 1m30s, 2h)")]
    [InlineData("      scaleDownDelayAfterAdd: -5s", 31, "spec.controlPlane.clusterAutoscaler.scaleDownDelayAfterAdd: must not be negative, got -5s")]
    [InlineData("      scaleDownDelayAfterDelete: -5s", 34, "spec.controlPlane.clusterAutoscaler.scaleDownDelayAfterDelete: must not be negative, got -5s")]
    [InlineData("      scaleDownDelayAfterFailure: -5s", 35, "spec.controlPlane.clusterAutoscaler.scaleDownDelayAfterFailure: must not be negative, got -5s")]
    [InlineData("      scaleDownUtilizationThreshold: 0", 38, "spec.controlPlane.clusterAutoscaler.scaleDownUtilizationThreshold: expected a utilization above 0 and at most 1 (0.5 is 50%), got 0")]
    [InlineData("      scaleDownUtilizationThreshold: 1.5", 38, "spec.controlPlane.clusterAutoscaler.scaleDownUtilizationThreshold: expected a utilization above 0 and at most 1 (0.5 is 50%), got 1.5")]
    [InlineData("      maxNodeProvisionTime: 0s", 29, "spec.controlPlane.clusterAutoscaler.maxNodeProvisionTime: must be greater than zero, got 0s")]
    [InlineData("      maxGracefulTerminationSec: -1", 34, "spec.controlPlane.clusterAutoscaler.maxGracefulTerminationSec: expected an integer of at least 0, got -1")]
    [InlineData("      maxEmptyBulkDelete: 0", 27, "spec.controlPlane.clusterAutoscaler.maxEmptyBulkDelete: expected an integer of at least 1, got 0")]
    [InlineData("      maxTotalUnreadyPercentage: 101", 34, "spec.controlPlane.clusterAutoscaler.maxTotalUnreadyPercentage: expected a percentage between 0 and 100, got 101")]
    [InlineData("      maxTotalUnreadyPercentage: -1", 34, "spec.controlPlane.clusterAutoscaler.maxTotalUnreadyPercentage: expected a percentage between 0 and 100, got -1")]
    [InlineData("      okTotalUnreadyCount: 1.5", 28, "spec.controlPlane.clusterAutoscaler.okTotalUnreadyCount: expected an integer, got number 1.5")]
    [InlineData("      newPodScaleUpDelay: -1s", 27, "spec.controlPlane.clusterAutoscaler.newPodScaleUpDelay: must not be negative, got -1s")]
    [InlineData("      balanceSimilarNodeGroups: 1", 33, "spec.controlPlane.clusterAutoscaler.balanceSimilarNodeGroups: expected a boolean (true or false), got number 1")]
    [InlineData("      enforceNodeGroupMinSize: sometimes", 32, "spec.controlPlane.clusterAutoscaler.enforceNodeGroupMinSize: expected a boolean (true or false), got string \"sometimes\"")]
    [InlineData("      maxNodesTotal: -3", 22, "spec.controlPlane.clusterAutoscaler.maxNodesTotal: expected an integer of at least 0, got -3")]
    [InlineData("      initialNodeGroupBackoffDuration: 0s", 40, "spec.controlPlane.clusterAutoscaler.initialNodeGroupBackoffDuration: must be greater than zero, got 0s")]
    [InlineData("      maxNodeGroupBackoffDuration: 1m", 36, "spec.controlPlane.clusterAutoscaler.maxNodeGroupBackoffDuration: maxNodeGroupBackoffDuration (1m0s) must not be less than initialNodeGroupBackoffDuration (5m0s): the backoff starts at the initial duration and doubles up to the max")]
    [InlineData("      nodeGroupBackoffResetTimeout: 0s", 37, "spec.controlPlane.clusterAutoscaler.nodeGroupBackoffResetTimeout: must be greater than zero, got 0s")]
    [InlineData("      priorities: {}", 19, "spec.controlPlane.clusterAutoscaler.priorities: priority configuration is empty; please provide valid configuration (e.g. {10: [\".*small.*\"], 50: [\"big\"]})")]
    [InlineData("      priorities: {high: [big]}", 20, "spec.controlPlane.clusterAutoscaler.priorities.high: a priority is an integer (higher wins), got \"high\"")]
    [InlineData("      priorities: {10: big}", 24, "spec.controlPlane.clusterAutoscaler.priorities.10: expected a list, got string \"big\"")]
    [InlineData("      priorities: {10: [\"(big\"]}", 25, "spec.controlPlane.clusterAutoscaler.priorities.10[0]: Can't compile regexp rule for priority 10 and rule (big: Invalid pattern '(big' at offset 4. Not enough )'s.")]
    public void Refused(string line, int column, string message) => AssertError(column, message, line);

    [Fact]
    public void PrioritiesThatAreNotAMappingAreOneError()
    {
        var result = Load("      priorities: foo");
        Assert.Null(result.Scenario);
        Assert.Single(result.Diagnostics);
    }

    [Fact]
    public void APatternGosRegexpWouldRefuseIsRefused()
    {
        // RE2 has no backreferences; neither has .NET's non-backtracking engine.
        var result = Load("      priorities: {10: [\"(a)\\\\1\"]}");

        Assert.Null(result.Scenario);
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith("spec.controlPlane.clusterAutoscaler.priorities.10[0]: Can't compile regexp rule for priority 10 and rule (a)\\1: ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APriorityGivenTwiceIsRefusedWithoutAWarningAboutMissingPriorities()
    {
        var result = Load("      expander: priority", "      priorities: {10: [a], +10: [b]}");

        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "scenario.yaml", 10, 29, "spec.controlPlane.clusterAutoscaler.priorities.+10: priority 10 is given twice");
    }

    [Fact]
    public void APriorityExpanderWithoutPrioritiesIsAWarning()
    {
        var result = Load("      expander: priority");

        Assert.NotNull(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "scenario.yaml", 9, 17, "spec.controlPlane.clusterAutoscaler: the priority expander has no priorities (cluster-autoscaler reads them from the cluster-autoscaler-priority-expander ConfigMap): add priorities: {10: [\".*\"]}");
    }

    [Fact]
    public void PrioritiesWithoutThePriorityExpanderAreAWarning()
    {
        var result = Load("      priorities: {10: [big]}");

        Assert.NotNull(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "scenario.yaml", 9, 7, "spec.controlPlane.clusterAutoscaler.priorities: only the priority expander reads priorities, and the expander is least-waste");
    }

    [Fact]
    public void AMisspelledSectionIsSuggested()
    {
        var result = ScenarioLoader.LoadText(string.Join("\n", [.. Head[..7], "    clusterAutoscalr: {}"]) + "\n", "scenario.yaml");

        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith("unknown field \"clusterAutoscalr\" in spec.controlPlane (did you mean \"clusterAutoscaler\"? expected one of: ", d.Message, StringComparison.Ordinal);
        Assert.Equal((8, 5), (d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void TheOtherControlPlaneSettingsStay()
    {
        var result = ScenarioLoader.LoadText(string.Join("\n", [.. Head, "      scanInterval: 30s", "    hpaSyncPeriod: 30s"]) + "\n", "scenario.yaml");
        Assert.Empty(result.Diagnostics);

        Assert.Equal(TimeSpan.FromSeconds(30), result.Scenario!.ControlPlane.HpaSyncPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Scenario.ControlPlane.ClusterAutoscaler.ScanInterval);
    }

    [Fact]
    public void ASettingOnTopOfAConfigurationKeepsItsOtherFlags()
    {
        var start = new ControlPlaneConfig { ClusterAutoscaler = new ClusterAutoscalerConfig { Expander = "most-pods" } };

        var updated = ControlPlaneSection.Apply(start, "clusterAutoscaler", "{scaleDownUnneededTime: 2m}", out var error);

        Assert.Null(error);
        Assert.Equal(("most-pods", TimeSpan.FromMinutes(2)), (updated!.ClusterAutoscaler.Expander, updated.ClusterAutoscaler.ScaleDownUnneededTime));
        Assert.Equal("most-pods", start.ClusterAutoscaler.Expander);
        Assert.Equal(TimeSpan.FromMinutes(10), start.ClusterAutoscaler.ScaleDownUnneededTime);
    }

    [Fact]
    public void ARefusedSettingSaysWhy()
    {
        Assert.Null(ControlPlaneSection.Apply(new ControlPlaneConfig(), "clusterAutoscaler", "{expander: cheapest}", out var error));
        Assert.StartsWith("controlPlane.clusterAutoscaler.expander: Expander cheapest not supported", error, StringComparison.Ordinal);
    }
}
