using System.Globalization;
using System.Text;

namespace ClusterSim.Scenarios.Fuzz;

/// <summary>fuzz-summary.md: the session's runs and failures, the first failure and its minimal schedule.</summary>
public static class FuzzSummary
{
    public static string Render(string scenarioName, FuzzOutcome outcome, string? minimalPath)
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.Append(inv, $"# Fuzz: {scenarioName}\n\n");
        b.Append(inv, $"- seed: {outcome.Seed}\n- runs: {outcome.Runs}\n- failures: {outcome.Failures}\n");
        if (outcome.FirstFailure is not { } f)
        {
            b.Append("\nEvery run met every expectation.\n");
            return b.ToString();
        }

        b.Append(inv, $"- first failure: run {f.Run} (seed {outcome.Seed})\n\n");
        b.Append("## Schedule of the first failure\n\n");
        AppendSchedule(b, f.Schedule);
        b.Append(inv, $"\n## Minimal schedule ({f.Minimal.Count} faults, {f.ShrinkRuns} runs to shrink)\n\n");
        AppendSchedule(b, f.Minimal);
        b.Append("\n## Failed expectations\n\n");
        foreach (var e in f.MinimalResult.Expectations.Where(e => !e.Passed))
        {
            var when = e.Time is { } t ? " at " + Durations.Format(t) : "";
            b.Append(inv, $"- `{e.Text}` (seen{when}: {e.Seen})\n");
        }

        if (minimalPath is not null)
        {
            b.Append(inv, $"\nReplay: `clustersim run {minimalPath}`\n");
        }

        return b.ToString();
    }

    private static void AppendSchedule(StringBuilder b, IReadOnlyList<FuzzFault> schedule)
    {
        if (schedule.Count == 0)
        {
            b.Append("(no faults: the scenario fails without any)\n");
        }

        foreach (var f in schedule)
        {
            b.Append("- ").Append(f).Append('\n');
        }
    }
}
