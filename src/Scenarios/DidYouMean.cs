namespace ClusterSim.Scenarios;

/// <summary>
/// The nearest spelling among the names a place allows, for "did you mean" hints: the candidate with the smallest
/// edit distance (Levenshtein, ignoring case), if it is close enough to be a slip (at most a third of its length, and
/// at least one edit allowed); ties go to the candidate listed first, so the hint is the same on every run.
/// </summary>
internal static class DidYouMean
{
    /// <summary>The closest of <paramref name="candidates"/> to <paramref name="given"/>, or null when none is close.</summary>
    public static string? Suggest(string given, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, given, StringComparison.Ordinal))
            {
                continue;
            }

            int distance = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= Math.Max(1, candidate.Length / 3) && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>"did you mean \"X\"? " for a close candidate, else "".</summary>
    public static string Hint(string given, IEnumerable<string> candidates) =>
        Suggest(given, candidates) is { } s ? $"did you mean \"{s}\"? " : "";

    /// <summary>Levenshtein distance (insertions, deletions, substitutions) between two strings.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
