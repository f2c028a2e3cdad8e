using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// Finds where a character of a scalar's value is in the file, so errors inside a one-line command
/// (`run:`, `fault:`, `that:`) name the exact column. Exact for one-line plain, single- and double-quoted
/// scalars and for literal blocks; other layouts fall back to the scalar's start.
/// </summary>
internal static class ScalarOffsets
{
    public static SourceLocation Locate(YamlSource source, YamlScalarNode node, int offset)
    {
        var fallback = source.Map(node.Start);
        if (source.Pin is not null)
        {
            return fallback;
        }

        int line = (int)node.Start.Line;
        int column = (int)node.Start.Column;
        if (line < 1 || line > source.Lines.Count)
        {
            return fallback;
        }

        string raw = source.Lines[line - 1];
        int start = column - 1;
        string value = node.Value ?? "";
        offset = Math.Clamp(offset, 0, value.Length);
        switch (node.Style)
        {
            case ScalarStyle.Plain when node.End.Line == node.Start.Line:
                return source.Map(line, column + offset);

            case ScalarStyle.SingleQuoted when source.IsArtificiallyQuoted(line, column):
                // Quoted by us before parsing: the user's text starts where the quote now is.
                return source.Map(line, column + offset);
            case ScalarStyle.SingleQuoted when node.End.Line == node.Start.Line:
                {
                    int i = start + 1;
                    for (int k = 0; k < offset && i < raw.Length; k++)
                    {
                        i += raw[i] == '\'' ? 2 : 1;
                    }

                    return source.Map(line, i + 1);
                }

            case ScalarStyle.DoubleQuoted when node.End.Line == node.Start.Line:
                {
                    int i = start + 1;
                    for (int k = 0; k < offset && i < raw.Length; k++)
                    {
                        i += raw[i] != '\\' || i + 1 >= raw.Length ? 1 : raw[i + 1] switch
                        {
                            'x' => 4,
                            'u' => 6,
                            'U' => 10,
                            _ => 2,
                        };
                    }

                    return source.Map(line, i + 1);
                }

            case ScalarStyle.Literal:
                {
                    // Body lines follow the indicator line; find the line holding the offset.
                    int indent = BlockIndent(source, line);
                    if (indent < 0)
                    {
                        return fallback;
                    }

                    int bodyLine = line + 1;
                    int remaining = offset;
                    foreach (string part in value.Split('\n'))
                    {
                        if (remaining <= part.Length)
                        {
                            return source.Map(bodyLine, indent + remaining + 1);
                        }

                        remaining -= part.Length + 1;
                        bodyLine++;
                    }

                    return fallback;
                }

            default:
                return fallback;
        }
    }

    /// <summary>The indentation of a block scalar's body: that of its first non-blank line after <paramref name="indicatorLine"/>; -1 if none.</summary>
    public static int BlockIndent(YamlSource source, int indicatorLine)
    {
        for (int l = indicatorLine; l < source.Lines.Count; l++)
        {
            string text = source.Lines[l];
            if (text.Trim().Length > 0)
            {
                return text.Length - text.TrimStart(' ').Length;
            }
        }

        return -1;
    }
}
