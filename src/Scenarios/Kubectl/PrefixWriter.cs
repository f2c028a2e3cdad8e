using System.Text;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// kubectl describe's PrefixWriter over tabbedString's tabwriter: Write indents the start of its text
/// by two spaces per level (not the lines after an embedded newline), and everything written is laid
/// out by <see cref="TabWriter.ForDescribe"/> when flushed.
/// </summary>
internal sealed class PrefixWriter
{
    public const int Level0 = 0;
    public const int Level1 = 1;
    public const int Level2 = 2;
    public const int Level3 = 3;

    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _flushed = new();

    /// <summary>Writes <paramref name="text"/> prefixed by 2 × <paramref name="level"/> spaces.</summary>
    public void Write(int level, string text) => _pending.Append(' ', 2 * level).Append(text);

    /// <summary>Writes <paramref name="text"/> and a newline, without indentation (fmt.Sprintln).</summary>
    public void WriteLine(string text) => _pending.Append(text).Append('\n');

    /// <summary>Lays out what was written so far; later text is aligned on its own.</summary>
    public void Flush()
    {
        _flushed.Append(TabWriter.ForDescribe().Format(_pending.ToString()));
        _pending.Clear();
    }

    /// <summary>Flushes and returns everything written.</summary>
    public override string ToString()
    {
        Flush();
        return _flushed.ToString();
    }
}
