using System.Globalization;

namespace ClusterSim.Planning.Sweeping;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based, as Kubernetes' JOB_COMPLETION_INDEX): the
/// (configuration, run) pairs whose number k = configuration x runs + run has k mod Count = Index. Interleaving
/// gives every shard a share of every configuration, so shards take about the same time.
/// </summary>
public sealed record Slice(int Index, int Count)
{
    /// <summary>The whole plan.</summary>
    public static Slice All { get; } = new(0, 1);

    /// <summary>Whether pair <paramref name="k"/> belongs to this slice.</summary>
    public bool Contains(long k) => k % Count == Index;

    /// <summary>How many of the pairs 0 .. <paramref name="total"/> - 1 belong to this slice.</summary>
    public long CountOf(long total) => total <= Index ? 0 : ((total - 1 - Index) / Count) + 1;

    /// <summary>The <paramref name="i"/>-th pair (0-based) of this slice.</summary>
    public long Pair(long i) => Index + (i * Count);

    /// <summary>Parses "I/N" (0 &lt;= I &lt; N); null and the reason otherwise.</summary>
    public static Slice? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
        {
            return new Slice(i, n);
        }

        error = $"\"{text}\": expected I/N with 0 <= I < N (shard I of N, counted from 0 as JOB_COMPLETION_INDEX is)";
        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
