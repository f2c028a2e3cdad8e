namespace ClusterSim.Scenarios;

/// <summary>Collects diagnostics while loading. A quiet bag drops everything (used when re-decoding a manifest already checked).</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    // What was already warned about, by file and key, with a level (e.g. an unsimulated field's impact): warnings given once per file.
    private readonly Dictionary<(string File, string Key), int> _seen = [];

    public DiagnosticBag(bool quiet = false) => Quiet = quiet;

    public bool Quiet { get; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public int ErrorCount { get; private set; }

    public void Error(SourceLocation location, string message) => Add(new Diagnostic(Severity.Error, location, message));

    public void Warning(SourceLocation location, string message) => Add(new Diagnostic(Severity.Warning, location, message));

    /// <summary>The level <paramref name="key"/> was remembered with in <paramref name="file"/>, or -1 (always -1 in a quiet bag).</summary>
    public int Seen(string file, string key) => _seen.TryGetValue((file, key), out int level) ? level : -1;

    /// <summary>Remembers <paramref name="key"/> for <paramref name="file"/> (nothing in a quiet bag).</summary>
    public void Remember(string file, string key, int level = 0)
    {
        if (!Quiet)
        {
            _seen[(file, key)] = level;
        }
    }

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
