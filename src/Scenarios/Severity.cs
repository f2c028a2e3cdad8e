namespace ClusterSim.Scenarios;

/// <summary>How bad a <see cref="Diagnostic"/> is: errors stop the scenario from running, warnings do not.</summary>
public enum Severity
{
    Error,
    Warning,
}
