namespace ClusterSim.Sim.Scheduling;

/// <summary>Score normalization helpers (pkg/scheduler/framework/plugins/helper/normalize_score.go).</summary>
public static class ScoreNormalizer
{
    /// <summary>
    /// normalize_score.go DefaultNormalizeScore: scales scores so the highest becomes <paramref name="maxPriority"/>
    /// (int64 arithmetic), optionally reversed; all-zero scores stay 0, or become maxPriority when reversed.
    /// </summary>
    public static void DefaultNormalizeScore(long maxPriority, bool reverse, NodeScore[] scores)
    {
        long maxCount = 0;
        foreach (var s in scores)
        {
            if (s.Score > maxCount)
            {
                maxCount = s.Score;
            }
        }

        if (maxCount == 0)
        {
            if (reverse)
            {
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i].Score = maxPriority;
                }
            }

            return;
        }

        for (int i = 0; i < scores.Length; i++)
        {
            long score = maxPriority * scores[i].Score / maxCount;
            if (reverse)
            {
                score = maxPriority - score;
            }

            scores[i].Score = score;
        }
    }
}
