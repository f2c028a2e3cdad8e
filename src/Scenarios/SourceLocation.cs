using System.Globalization;

namespace ClusterSim.Scenarios;

/// <summary>
/// A place in a source file: 1-based line and column. Line 0 means the file as a whole (for example a
/// file that cannot be read); <see cref="ToString"/> then prints the file name alone.
/// </summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>The whole file, for errors that have no line (unreadable file).</summary>
    public static SourceLocation WholeFile(string file) => new(file, 0, 0);

    /// <summary>`file:line:column`, or `file` for <see cref="WholeFile"/>.</summary>
    public override string ToString() =>
        Line <= 0 ? File : string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}");
}
