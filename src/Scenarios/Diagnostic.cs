namespace ClusterSim.Scenarios;

/// <summary>An error or warning about the user's input, with where it is.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Message)
{
    /// <summary>`file:line:column: error: message` (or `warning:`), the format compilers use.</summary>
    public override string ToString() =>
        Location + ": " + (Severity == Severity.Error ? "error" : "warning") + ": " + Message;
}
