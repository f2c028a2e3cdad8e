namespace ClusterSim.Scenarios;

/// <summary>Collects diagnostics while loading. A quiet bag drops everything (used when re-decoding a manifest already checked).</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public DiagnosticBag(bool quiet = false) => Quiet = quiet;

    public bool Quiet { get; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public int ErrorCount { get; private set; }

    public void Error(SourceLocation location, string message) => Add(new Diagnostic(Severity.Error, location, message));

    public void Warning(SourceLocation location, string message) => Add(new Diagnostic(Severity.Warning, location, message));

    public void Add(Diagnostic diagnostic)
    {
        if (Quiet)
        {
            return;
        }

        if (diagnostic.Severity == Severity.Error)
        {
            ErrorCount++;
        }

        _items.Add(diagnostic);
    }
}
