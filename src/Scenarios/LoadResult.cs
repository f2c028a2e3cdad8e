namespace ClusterSim.Scenarios;

/// <summary>
/// What <see cref="ScenarioLoader.Load"/> returns: the scenario when it has no errors, and every
/// diagnostic (errors and warnings) in the order they were found.
/// </summary>
public sealed class LoadResult
{
    public LoadResult(Model.Scenario? scenario, IReadOnlyList<Diagnostic> diagnostics)
    {
        Scenario = scenario;
        Diagnostics = diagnostics;
    }

    /// <summary>The scenario; null when there is at least one error.</summary>
    public Model.Scenario? Scenario { get; }

    /// <summary>Errors and warnings, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The errors.</summary>
    public IReadOnlyList<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error).ToList();

    /// <summary>The warnings.</summary>
    public IReadOnlyList<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();

    /// <summary>True when the scenario loaded without errors.</summary>
    public bool Succeeded => Scenario is not null;
}
