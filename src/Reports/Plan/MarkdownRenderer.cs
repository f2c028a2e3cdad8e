using System.Text;

namespace ClusterSim.Reports.Plan;

/// <summary>Renders a <see cref="ReportDocument"/> as Markdown (CommonMark with GitHub tables), "\n" line ends.</summary>
internal static class MarkdownRenderer
{
    /// <summary>The Markdown text.</summary>
    public static string Render(ReportDocument document)
    {
        var sb = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case AnswerBlock a:
                    sb.Append(OneLine(a.Text)).Append('\n');
                    break;
                case HeadingBlock h:
                    sb.Append('#', h.Level).Append(' ').Append(OneLine(h.Text)).Append('\n');
                    break;
                case ParagraphBlock p:
                    sb.Append(Inline(p.Spans, inTable: false)).Append('\n');
                    break;
                case ListBlock l:
                    foreach (var item in l.Items)
                    {
                        sb.Append("- ").Append(Inline(item, inTable: false)).Append('\n');
                    }

                    break;
                case CodeBlock c:
                    sb.Append("```sh\n");
                    foreach (var line in c.Lines)
                    {
                        sb.Append(line).Append('\n');
                    }

                    sb.Append("```\n");
                    break;
                case ImageBlock i:
                    sb.Append("![").Append(OneLine(i.Alt).Replace("]", "\\]", StringComparison.Ordinal)).Append("](").Append(i.File).Append(")\n");
                    break;
                case TableBlock t:
                    AppendTable(sb, t);
                    break;
                default:
                    throw new InvalidOperationException("unknown block " + block.GetType().Name);
            }

            sb.Append('\n');
        }

        // One final newline, not a blank line.
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static void AppendTable(StringBuilder sb, TableBlock t)
    {
        sb.Append('|');
        foreach (var h in t.Headers)
        {
            sb.Append(' ').Append(Cell(h)).Append(" |");
        }

        sb.Append("\n|");
        for (int i = 0; i < t.Headers.Count; i++)
        {
            sb.Append(t.RightAligned[i] ? "---:|" : "---|");
        }

        sb.Append('\n');
        foreach (var row in t.Rows)
        {
            sb.Append('|');
            foreach (var cell in row)
            {
                sb.Append(' ').Append(Inline(cell.Spans, inTable: true)).Append(" |");
            }

            sb.Append('\n');
        }
    }

    private static string Inline(IReadOnlyList<Span> spans, bool inTable)
    {
        var sb = new StringBuilder();
        foreach (var s in spans)
        {
            var text = inTable ? Cell(s.Text) : OneLine(s.Text);
            switch (s.Style)
            {
                case SpanStyle.Code:
                    // A backtick inside needs a longer fence (and spaces, so the fence is not read as text).
                    sb.Append(text.Contains('`', StringComparison.Ordinal) ? "`` " + text + " ``" : "`" + text + "`");
                    break;
                case SpanStyle.Strong:
                    sb.Append("**").Append(text).Append("**");
                    break;
                default:
                    sb.Append(text);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A table cell: one line, `|` escaped so it does not end the cell (also inside code spans, per GFM).</summary>
    private static string Cell(string text) => OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string OneLine(string text) => text.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
}
