using System.Text;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A port of Go's text/tabwriter layout (flags 0), which both kubectl get (minwidth 6, tabwidth 4,
/// padding 3, via github.com/liggitt/tabwriter) and kubectl describe (minwidth 0, tabwidth 8, padding 2)
/// pass their output through.
/// <para>
/// Text is cut into lines at '\n' and into cells at '\t'. A cell is tab-terminated; the text after the
/// last tab of a line is not part of any column and is written as is. Columns are aligned per
/// <em>column block</em>: a run of consecutive lines that all have a tab-terminated cell at that column.
/// A line with fewer cells (for example a heading without a tab) ends the block, so the next block is
/// sized on its own. A column's width is the widest cell in the block plus the padding, at least the
/// minimum width; cells are padded on the right, empty cells included. (Go's tab width only matters
/// when padding with tabs, which kubectl never does, so it is not a parameter here.)
/// </para>
/// </summary>
public sealed class TabWriter(int minWidth, int padding, char padChar = ' ')
{
    /// <summary>The writer kubectl get uses (printers.GetNewTabWriter: 6, 4, 3, ' ').</summary>
    public static TabWriter ForTables() => new(6, 3);

    /// <summary>The writer kubectl describe uses (tabbedString: 0, 8, 2, ' ').</summary>
    public static TabWriter ForDescribe() => new(0, 2);

    /// <summary>Lays out <paramref name="text"/> as Go's tabwriter does on Flush.</summary>
    public string Format(string text)
    {
        var lines = new List<string[]>();
        foreach (var line in text.Split('\n'))
        {
            lines.Add(line.Split('\t'));
        }

        var output = new StringBuilder(text.Length + (text.Length / 2));
        var widths = new List<int>();
        FormatBlock(lines, widths, 0, lines.Count, output);
        return output.ToString();
    }

    /// <summary>Go's Writer.format: finds column blocks recursively, left to right.</summary>
    private void FormatBlock(List<string[]> lines, List<int> widths, int line0, int line1, StringBuilder output)
    {
        int column = widths.Count;
        for (int current = line0; current < line1; current++)
        {
            if (column >= lines[current].Length - 1)
            {
                continue;
            }

            // A cell exists in this column: print the lines before the block, then size the block.
            WriteLines(lines, widths, line0, current, output);
            line0 = current;

            int width = minWidth;
            for (; current < line1; current++)
            {
                var cells = lines[current];
                if (column >= cells.Length - 1)
                {
                    break;
                }

                int w = CellWidth(cells[column]) + padding;
                if (w > width)
                {
                    width = w;
                }
            }

            widths.Add(width);
            FormatBlock(lines, widths, line0, current, output);
            widths.RemoveAt(widths.Count - 1);
            line0 = current;
        }

        WriteLines(lines, widths, line0, line1, output);
    }

    private void WriteLines(List<string[]> lines, List<int> widths, int line0, int line1, StringBuilder output)
    {
        for (int i = line0; i < line1; i++)
        {
            var cells = lines[i];
            for (int j = 0; j < cells.Length; j++)
            {
                output.Append(cells[j]);
                if (j < widths.Count)
                {
                    output.Append(padChar, widths[j] - CellWidth(cells[j]));
                }
            }

            if (i + 1 < lines.Count)
            {
                output.Append('\n');
            }
        }
    }

    /// <summary>Go counts a cell's width in runes (UTF-8 code points).</summary>
    private static int CellWidth(string cell)
    {
        int n = 0;
        foreach (var unused in cell.EnumerateRunes())
        {
            n++;
        }

        return n;
    }
}
