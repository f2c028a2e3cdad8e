using System.Globalization;
using ClusterSim.Planning.Model;
using ClusterSim.Planning.Sweeping;

namespace ClusterSim.Planning.Sharding;

/// <summary>
/// `clustersim plan merge DIR...`: reads shards' shard.json and runs.csv, checks they are slices of one plan made
/// by the same ClusterSim, that no slice is missing or given twice and that each holds exactly its pairs, and
/// returns the plan's description and every run in pair order: the same inputs an unsharded run reports from.
/// </summary>
public static class PlanMerge
{
    /// <summary>The merged plan and runs, or null with every problem found.</summary>
    public static (PlanDescription? Plan, IReadOnlyList<RunRecord> Runs, IReadOnlyList<string> Errors) Merge(IReadOnlyList<string> directories)
    {
        var errors = new List<string>();
        var shards = new List<(string Dir, ShardManifest Manifest, IReadOnlyList<RunRecord> Runs)>();
        foreach (var dir in directories)
        {
            var manifestPath = Path.Combine(dir, ShardManifest.FileName);
            var runsPath = Path.Combine(dir, "runs.csv");
            if (!File.Exists(manifestPath) || !File.Exists(runsPath))
            {
                errors.Add($"{dir}: not a shard's output (expected {ShardManifest.FileName} and runs.csv from `clustersim plan ... --shard I/N`)");
                continue;
            }

            if (ShardManifest.Parse(File.ReadAllText(manifestPath), out var manifestError) is not { } manifest)
            {
                errors.Add($"{manifestPath}: {manifestError}");
                continue;
            }

            if (RunsCsv.Read(manifest.Plan, File.ReadAllText(runsPath), runsPath, out var runsError) is not { } runs)
            {
                errors.Add(runsError!);
                continue;
            }

            shards.Add((dir, manifest, runs));
        }

        if (errors.Count > 0 || shards.Count == 0)
        {
            if (shards.Count == 0 && errors.Count == 0)
            {
                errors.Add("no shard directories given");
            }

            return (null, [], errors);
        }

        var first = shards[0].Manifest;
        foreach (var (dir, m, _) in shards.Skip(1))
        {
            if (m.PlanSha256 != first.PlanSha256)
            {
                errors.Add($"{dir}: a shard of another plan (sha256 {m.PlanSha256[..12]}..., {shards[0].Dir} has {first.PlanSha256[..12]}...)");
            }
            else if (m.ClusterSimVersion != first.ClusterSimVersion)
            {
                errors.Add($"{dir}: made by ClusterSim {m.ClusterSimVersion}, {shards[0].Dir} by {first.ClusterSimVersion}: results may differ, so they are not merged");
            }
            else if (m.ShardCount != first.ShardCount)
            {
                errors.Add($"{dir}: shard {m.ShardIndex}/{m.ShardCount}, but {shards[0].Dir} is one of {first.ShardCount}");
            }
        }

        if (errors.Count > 0)
        {
            return (null, [], errors);
        }

        var inv = CultureInfo.InvariantCulture;
        foreach (var group in shards.GroupBy(s => s.Manifest.ShardIndex).Where(g => g.Count() > 1))
        {
            errors.Add($"shard {group.Key}/{first.ShardCount} given twice: {string.Join(", ", group.Select(g => g.Dir))}");
        }

        var missing = Enumerable.Range(0, first.ShardCount).Except(shards.Select(s => s.Manifest.ShardIndex)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(string.Create(inv, $"missing shards: {string.Join(", ", missing.Select(i => $"{i}/{first.ShardCount}"))} (run `clustersim plan PLAN --shard I/{first.ShardCount}` for each)"));
        }

        var plan = first.Plan;
        long total = (long)plan.Configurations.Count * plan.Runs;
        foreach (var (dir, m, runs) in shards)
        {
            var slice = new Slice(m.ShardIndex, m.ShardCount);
            long expected = slice.CountOf(total);
            var keys = runs.Select(r => ((long)r.Config * plan.Runs) + r.Run).ToList();
            if (keys.Any(k => !slice.Contains(k)) || keys.Distinct().Count() != keys.Count || keys.Count != expected || m.RunCount != keys.Count)
            {
                errors.Add(string.Create(inv, $"{dir}: shard {slice} should hold {expected} runs, each once; its runs.csv has {keys.Count} ({keys.Distinct().Count()} distinct, {keys.Count(k => !slice.Contains(k))} of other shards): incomplete or edited"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, [], errors);
        }

        var all = shards.SelectMany(s => s.Runs).OrderBy(r => r.Config).ThenBy(r => r.Run).ToList();
        return (plan, all, errors);
    }
}
