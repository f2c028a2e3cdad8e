using System.Text;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// kubectl get's human-readable table (cli-runtime printers.printTable through GetNewTabWriter):
/// upper-case headers, cells separated by tabs, laid out by <see cref="TabWriter.ForTables"/> so every
/// column but the last is padded to its widest cell plus 3 spaces (at least 6 wide) and the last column
/// is not padded. A cell is cut at its first newline and marked with "...", as kubectl does. A table
/// without rows prints nothing, headers included.
/// </summary>
public static class TablePrinter
{
    /// <summary>Renders a table; <paramref name="headers"/> are column names as the server defines them ("Nominated Node").</summary>
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        AppendRow(text, headers.Select(h => h.ToUpperInvariant()).ToList());
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException("every row needs one cell per header", nameof(rows));
            }

            AppendRow(text, row);
        }

        return TabWriter.ForTables().Format(text.ToString());
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\t');
            }

            var cell = cells[i];
            int newline = cell.IndexOf('\n', StringComparison.Ordinal);
            if (newline >= 0)
            {
                text.Append(cell, 0, newline).Append("...");
            }
            else
            {
                text.Append(cell);
            }
        }

        text.Append('\n');
    }
}
