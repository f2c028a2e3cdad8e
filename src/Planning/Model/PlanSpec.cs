using ClusterSim.Planning.Metrics;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;

namespace ClusterSim.Planning.Model;

/// <summary>A checked plan: the scenario, the grid of configurations (each already applied and checked), the runs, objectives and cost.</summary>
public sealed class PlanSpec
{
    /// <summary>The default number of runs per configuration.</summary>
    public const int DefaultRuns = 100;

    /// <summary>The default probability every objective must be met with.</summary>
    public const double DefaultTarget = 0.95;

    public required string Name { get; init; }

    /// <summary>The scenario file as the plan names it (relative to the current directory).</summary>
    public required string ScenarioPath { get; init; }

    public required Scenario Scenario { get; init; }

    public required long BaseSeed { get; init; }

    public required int Runs { get; init; }

    public required double Target { get; init; }

    public bool PointVerdicts { get; init; }

    public required IReadOnlyList<Axis> Axes { get; init; }

    /// <summary>The grid, first axis slowest, and each configuration's scenario.</summary>
    public required IReadOnlyList<(Configuration Config, Scenario Scenario)> Configurations { get; init; }

    public bool Expectations { get; init; } = true;

    public required IReadOnlyList<Objective> Objectives { get; init; }

    public required CostModel Cost { get; init; }

    /// <summary>The plan's canonical text (every setting that changes results, in a fixed order): its SHA-256 identifies the plan in shard manifests.</summary>
    public required string CanonicalText { get; init; }

    /// <summary>Warnings found while loading (the scenario's own, and the plan's).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    /// <summary>What the report needs, independent of this process.</summary>
    public PlanDescription Describe() => new(
        Name,
        ScenarioPath,
        Scenario.Name,
        BaseSeed,
        Runs,
        Target,
        PointVerdicts,
        Axes,
        Configurations.Select(c => c.Config).ToList(),
        Expectations,
        Objectives.Where(o => o.PerRun).Select(o => o.Text).ToList(),
        Objectives.Where(o => !o.PerRun).Select(o => o.Text).ToList(),
        Cost.Unit,
        Cost.Describe(Scenario.Nodes.Where(n => n.Manifest is null).Select(n => n.Name)));
}
