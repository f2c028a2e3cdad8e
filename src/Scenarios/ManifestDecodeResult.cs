using ClusterSim.Scenarios.Model;

namespace ClusterSim.Scenarios;

/// <summary>The objects decoded from a manifest file or text, and the diagnostics (objects with errors are left out).</summary>
public sealed record ManifestDecodeResult(IReadOnlyList<LoadedObject> Objects, IReadOnlyList<Diagnostic> Diagnostics)
{
    public IReadOnlyList<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error).ToList();

    public IReadOnlyList<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();
}
