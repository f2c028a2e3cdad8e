using YamlDotNet.Core;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// A piece of YAML text and where it sits in a user's file, so any YamlDotNet mark (line, column) maps back
/// to a <see cref="SourceLocation"/>: a whole file (offsets 0), or the body of a literal block scalar
/// (`inline: |`) whose line 1 is the file line after the `|` and whose columns are shifted by the block's
/// indentation. A pinned source maps every mark to one location (text that cannot be mapped, such as a
/// double-quoted inline manifest).
/// </summary>
internal sealed class YamlSource
{
    private readonly HashSet<(int Line, int Column)> _artificiallyQuoted = [];

    public YamlSource(string file, string text, int lineOffset = 0, int columnOffset = 0, SourceLocation? pin = null)
    {
        File = file;
        Text = text;
        LineOffset = lineOffset;
        ColumnOffset = columnOffset;
        Pin = pin;
        Lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    /// <summary>The file name as shown in diagnostics.</summary>
    public string File { get; }

    /// <summary>The YAML text that is parsed.</summary>
    public string Text { get; private set; }

    /// <summary><see cref="Text"/> split into lines (no line terminators).</summary>
    public IReadOnlyList<string> Lines { get; private set; }

    public int LineOffset { get; }

    public int ColumnOffset { get; }

    public SourceLocation? Pin { get; }

    /// <summary>The location of a YamlDotNet mark (1-based line and column).</summary>
    public SourceLocation Map(Mark mark) => Map((int)mark.Line, (int)mark.Column);

    /// <summary>The location of a 1-based line and column of <see cref="Text"/>.</summary>
    public SourceLocation Map(int line, int column) =>
        Pin ?? new SourceLocation(File, line + LineOffset, column + ColumnOffset);

    /// <summary>
    /// Whether the scalar starting at this line and column was wrapped in single quotes by <see cref="QuoteLine"/>;
    /// its characters then sit one column further left in the user's file than in <see cref="Text"/>.
    /// </summary>
    public bool IsArtificiallyQuoted(int line, int column) => _artificiallyQuoted.Contains((line, column));

    /// <summary>
    /// Wraps text of a line in single quotes (from <paramref name="start"/>, 0-based, for <paramref name="length"/>
    /// characters) before parsing, remembering it so positions still map to the user's columns.
    /// </summary>
    public void QuoteLine(int lineIndex, int start, int length)
    {
        var lines = Lines.ToArray();
        string line = lines[lineIndex];
        lines[lineIndex] = line[..start] + "'" + line.Substring(start, length) + "'" + line[(start + length)..];
        _artificiallyQuoted.Add((lineIndex + 1, start + 1));
        Lines = lines;
        Text = string.Join('\n', lines);
    }
}
