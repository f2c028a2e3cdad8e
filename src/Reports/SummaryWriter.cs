using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Reports;

/// <summary>
/// summary.md: the scenario, its seed, each expectation's verdict and key durations. Lists that grow with the cluster
/// (the key figures of each workload, rollouts, faults) are printed whole up to <see cref="ListLimit"/> entries, and
/// summarized above it (a large cluster has a workload, and a rollout, per Deployment): counts, percentiles, the worst
/// cases by name, and the <see cref="ListLimit"/> most telling rows. Such a summary also says how large each output is.
/// </summary>
public static class SummaryWriter
{
    /// <summary>Lists of workloads, rollouts and faults longer than this are summarized (no example scenario comes near it).</summary>
    public const int ListLimit = 20;

    /// <summary>The workloads listed by name in a summarized key-figures section, and the changes shown for each.</summary>
    private const int Named = 5;

    /// <summary>Renders the summary of an in-memory result as Markdown.</summary>
    public static string Render(RunResult r) => Render(r, ReportDigest.Of(r));

    /// <summary>
    /// Renders the summary as Markdown from the rows <paramref name="digest"/> kept. <paramref name="sizes"/> (file, bytes), when
    /// given, is listed under "Outputs" in a summary that summarized anything (see <see cref="ListLimit"/>).
    /// </summary>
    public static string Render(RunResult r, ReportDigest digest, IReadOnlyList<(string File, long Bytes)>? sizes = null)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append("# ").Append(r.ScenarioName).Append('\n').Append('\n');
        if (r.Description.Length > 0)
        {
            sb.Append(r.Description).Append('\n').Append('\n');
        }

        sb.Append("| | |\n|---|---|\n");
        sb.Append("| scenario file | `").Append(r.ScenarioFile).Append("` |\n");
        sb.Append("| seed | ").Append(r.Seed.ToString(inv)).Append(" |\n");
        sb.Append("| simulated | ").Append(Formatting.Clock(r.EndTime)).Append(" |\n");
        sb.Append("| events run | ").Append(r.EventCount.ToString(inv)).Append(" |\n");
        sb.Append("| verdict | ").Append(r.Passed ? "**PASS**" : "**FAIL**").Append(" |\n");
        sb.Append("| trace | `sha256:").Append(r.TraceHash).Append("` |\n\n");

        if (r.InvariantViolations.Count > 0)
        {
            sb.Append("## Invariant violations\n\n");
            foreach (var v in r.InvariantViolations)
            {
                sb.Append("- **").Append(v.Invariant).Append("** at ").Append(Formatting.Clock(v.At)).Append(": ").Append(v.Message).Append('\n');
            }

            sb.Append('\n');
        }

        sb.Append("## Expectations\n\n");
        if (r.Expectations.Count == 0)
        {
            sb.Append("None.\n\n");
        }
        else
        {
            sb.Append("| result | where | expectation | time | value seen |\n|---|---|---|---|---|\n");
            foreach (var e in r.Expectations)
            {
                sb.Append("| ").Append(e.Passed ? "pass" : "**FAIL**")
                    .Append(" | ").Append(e.Location)
                    .Append(" | `").Append(e.Text.Replace("|", "\\|", StringComparison.Ordinal)).Append('`')
                    .Append(" | ").Append(e.Time is { } t ? Formatting.Clock(t) : "")
                    .Append(" | ").Append(e.Seen.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
            }

            sb.Append('\n');
        }

        sb.Append("## Key figures\n\n");
        var workloads = digest.Workloads;
        bool summarized = workloads.Count > ListLimit || r.Rollouts.Count > ListLimit || r.FaultImpacts.Count > ListLimit;
        if (workloads.Count > ListLimit)
        {
            AppendWorkloadTotals(sb, workloads);
        }
        else
        {
            foreach (var w in workloads)
            {
                sb.Append("- ").Append(w.Describe()).Append('\n');
            }
        }

        sb.Append("- Peak pending pods (sampled): ").Append(Formatting.Number(digest.PeakPending));
        if (digest.PeakPendingAt is { } peakAt)
        {
            sb.Append(" at ").Append(Formatting.Clock(peakAt));
        }

        sb.Append('\n');
        AppendPendingWaits(sb, r);
        sb.Append("- FailedScheduling events: ").Append(digest.FailedScheduling.ToString(inv)).Append('\n');
        sb.Append("- BackOff (crash loop) events: ").Append(digest.BackOffs.ToString(inv)).Append('\n').Append('\n');

        AppendLoad(sb, r);
        AppendAutoscalers(sb, r);
        AppendNodeGroups(sb, r);

        if (r.Rollouts.Count > 0)
        {
            sb.Append("## Rollouts\n\n");
            var rollouts = r.Rollouts;
            if (rollouts.Count > ListLimit)
            {
                rollouts = AppendRolloutTotals(sb, r);
            }

            sb.Append("| deployment | revision | started | duration | min available | replicas |\n|---|---|---|---|---|---|\n");
            foreach (var ro in rollouts)
            {
                sb.Append("| ").Append(ro.Namespace == "default" ? "" : ro.Namespace + "/").Append(ro.Deployment)
                    .Append(" | ").Append(ro.Revision)
                    .Append(" | ").Append(Formatting.Clock(ro.Started))
                    .Append(" | ").Append(ro.Duration is { } d ? Sim.Api.GoDuration.Format(d) : "unfinished")
                    .Append(" | ").Append(ro.MinAvailable.ToString(inv))
                    .Append(" | ").Append(ro.Replicas.ToString(inv))
                    .Append(" |\n");
            }

            sb.Append('\n');
        }

        if (r.FaultImpacts.Count > 0)
        {
            sb.Append("## Faults\n\n");
            var faults = r.FaultImpacts;
            if (faults.Count > ListLimit)
            {
                faults = AppendFaultTotals(sb, r);
            }

            sb.Append("| time | fault | to NotReady | to first eviction | to all replicas ready | lost capacity (pod-seconds) | peak unready replicas |\n|---|---|---|---|---|---|---|\n");
            foreach (var f in faults)
            {
                sb.Append("| ").Append(Formatting.Clock(f.Fault.Time))
                    .Append(" | ").Append(f.Fault.Description)
                    .Append(" | ").Append(Span(f.ToNotReady))
                    .Append(" | ").Append(Span(f.ToFirstEviction))
                    .Append(" | ").Append(Span(f.ToAllReplicasReady))
                    .Append(" | ").Append(f.LostPodSeconds.ToString("0.#", inv))
                    .Append(" | ").Append(f.PeakUnreadyReplicas.ToString(inv))
                    .Append(" |\n");
            }

            sb.Append("\nTimes count from the fault. \"never\" means it had not happened by the end of the run (or did not need to: a node back before its pods were evicted).\n\n");
        }

        sb.Append("## Timeline\n\n");
        foreach (var m in r.Marks)
        {
            sb.Append("- `").Append(Formatting.Clock(m.Time)).Append("` ").Append(m.IsFault ? "fault: " : "$ ").Append(m.Label).Append('\n');
        }

        if (r.Warnings.Count > 0)
        {
            sb.Append("\n## Warnings\n\n");
            foreach (var w in r.Warnings)
            {
                sb.Append("- ").Append(w).Append('\n');
            }
        }

        if (sizes is not null && (summarized || digest.ManyNodes || digest.ManyWorkloads))
        {
            AppendSizes(sb, sizes, digest);
        }

        return sb.ToString();
    }

    /// <summary>Each output's size, and what was summarized where: every row is still in the CSV files.</summary>
    private static void AppendSizes(StringBuilder sb, IReadOnlyList<(string File, long Bytes)> sizes, ReportDigest d)
    {
        var inv = CultureInfo.InvariantCulture;
        sb.Append("\n## Outputs\n\n| file | size |\n|---|---|\n");
        foreach (var (file, bytes) in sizes)
        {
            sb.Append("| ").Append(file).Append(" | ").Append(Size(bytes)).Append(" (").Append(bytes.ToString("N0", inv)).Append(" bytes) |\n");
        }

        sb.Append(string.Create(inv, $"\nLists of more than {ListLimit} workloads, rollouts or faults are summarized above"));
        if (d.ManyWorkloads)
        {
            sb.Append(string.Create(inv, $"; replicas.png shows totals over all workloads (more than {ReportDigest.PlottedWorkloads})"));
        }

        if (d.ManyNodes)
        {
            sb.Append(string.Create(inv, $"; nodes.png counts Ready nodes and shows the spread of CPU requested across nodes (more than {ReportDigest.PlottedNodes})"));
        }

        sb.Append(". Every row is in events.csv and timeseries.csv.\n");
    }

    /// <summary>A byte count in binary units, one decimal (`512 B`, `4.2 KiB`, `1.3 GiB`).</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }

        return u == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " B" : v.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[u];
    }

    /// <summary>
    /// Many workloads: how many of each kind, how many changes of a desired count and how long the ready count took to
    /// catch up (percentiles and the slowest by name), which never caught up, and the workloads that changed most.
    /// </summary>
    private static void AppendWorkloadTotals(StringBuilder sb, IReadOnlyList<WorkloadFigures> workloads)
    {
        var inv = CultureInfo.InvariantCulture;
        var kinds = workloads.GroupBy(w => w.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => string.Create(inv, $"{g.Count()} {g.Key}"));
        int changes = workloads.Sum(w => w.Changes);
        sb.Append(string.Create(inv, $"- {workloads.Count} workloads ({string.Join(", ", kinds)}); their desired counts changed {changes} times"));
        var met = workloads.SelectMany(w => w.Met.Select(m => (Workload: w, m.Desired, m.ChangedAt, m.ReadyAfter))).ToList();
        if (met.Count == 0)
        {
            sb.Append(", and the ready count never caught up with one\n");
        }
        else
        {
            var sorted = met.Select(m => m.ReadyAfter).Order().ToList();
            // The first slowest, in workload then time order.
            var slowest = met.MaxBy(m => m.ReadyAfter);
            sb.Append(string.Create(inv, $"; the ready count caught up with {met.Count} of them after p50 {Formatting.Seconds(Rank(sorted, 0.5))}s, p95 {Formatting.Seconds(Rank(sorted, 0.95))}s, max {Formatting.Seconds(sorted[^1])}s"))
                .Append(string.Create(inv, $" ({slowest.Workload.Kind} {slowest.Workload.Namespace}/{slowest.Workload.Name}: {slowest.Desired} asked for at {Formatting.Clock(new TimeSpan(slowest.ChangedAt))}) (to sample resolution)\n"));
        }

        var waiting = workloads.Where(w => w.Waiting).ToList();
        if (waiting.Count == 0)
        {
            sb.Append("- Every workload's ready count caught up with its last desired count\n");
        }
        else
        {
            var named = waiting.Take(Named).Select(w => string.Create(inv, $"{w.Kind} {w.Namespace}/{w.Name} ({w.Last} asked for at {Formatting.Clock(w.LastChangedAt)})"));
            sb.Append(string.Create(inv, $"- Never all ready after their last change: {waiting.Count} ({string.Join(", ", named)}{(waiting.Count > Named ? string.Create(inv, $", and {waiting.Count - Named} more") : "")})\n"));
        }

        // Stable: among equal counts, workload order.
        var most = workloads.OrderByDescending(w => w.Changes).Take(Named).ToList();
        sb.Append(string.Create(inv, $"- The {most.Count} whose desired count changed most:\n"));
        foreach (var w in most)
        {
            sb.Append("  - ").Append(w.Describe(Named)).Append('\n');
        }
    }

    /// <summary>
    /// Many rollouts (one per Deployment as it is created): counts, duration percentiles of the finished ones, the fewest
    /// available; returns the <see cref="ListLimit"/> longest (unfinished first, as they ran to the end), in their order.
    /// </summary>
    private static IReadOnlyList<Sim.Instruments.Rollout> AppendRolloutTotals(StringBuilder sb, RunResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var all = r.Rollouts;
        var finished = all.Where(x => x.Duration is not null).Select(x => x.Duration!.Value.Ticks).Order().ToList();
        int deployments = all.Select(x => (x.Namespace, x.Deployment)).Distinct().Count();
        sb.Append(string.Create(inv, $"{all.Count} rollouts of {deployments} Deployments (a Deployment's first revision is one): {finished.Count} finished, {all.Count - finished.Count} unfinished"));
        if (finished.Count > 0)
        {
            sb.Append(string.Create(inv, $"; finished in p50 {Sim.Api.GoDuration.Format(new TimeSpan(Rank(finished, 0.5)))}, p95 {Sim.Api.GoDuration.Format(new TimeSpan(Rank(finished, 0.95)))}, max {Sim.Api.GoDuration.Format(new TimeSpan(finished[^1]))}"));
        }

        var fewest = all.MinBy(x => x.MinAvailable)!;
        sb.Append(string.Create(inv, $"; fewest available during one: {fewest.MinAvailable} ({Name(fewest)} revision {fewest.Revision}).\n\nThe {ListLimit} longest (an unfinished one counts to the end of the run; among equals, updates before first revisions), in order of start:\n\n"));

        // A Deployment's first rollout in the list is its creation; a later one is an update, usually the one to look at.
        var seen = new HashSet<(string, string)>();
        var update = all.Select(x => !seen.Add((x.Namespace, x.Deployment))).ToList();
        var longest = all.Select((x, i) => (x, i)).OrderByDescending(p => (p.x.Completed ?? r.EndTime) - p.x.Started).ThenByDescending(p => update[p.i]).ThenBy(p => p.i)
            .Take(ListLimit).OrderBy(p => p.i).Select(p => p.x).ToList();
        return longest;

        static string Name(Sim.Instruments.Rollout ro) => (ro.Namespace == "default" ? "" : ro.Namespace + "/") + ro.Deployment;
    }

    /// <summary>Many faults: totals, and the <see cref="ListLimit"/> that cost the most capacity, in time order.</summary>
    private static IReadOnlyList<Sim.Instruments.FaultImpact> AppendFaultTotals(StringBuilder sb, RunResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var all = r.FaultImpacts;
        var notReady = all.Where(f => f.ToNotReady is not null).Select(f => f.ToNotReady!.Value.Ticks).Order().ToList();
        sb.Append(string.Create(inv, $"{all.Count} faults took nodes down; {all.Sum(f => f.LostPodSeconds).ToString("0.#", inv)} pod-seconds of capacity lost in all (overlapping faults each count theirs)"));
        if (notReady.Count > 0)
        {
            sb.Append(string.Create(inv, $"; NotReady after p50 {Sim.Api.GoDuration.Format(new TimeSpan(Rank(notReady, 0.5)))}, max {Sim.Api.GoDuration.Format(new TimeSpan(notReady[^1]))}"));
        }

        sb.Append(string.Create(inv, $"; {all.Count(f => f.ToAllReplicasReady is null && f.PeakUnreadyReplicas > 0)} never saw all replicas ready again.\n\nThe {ListLimit} that cost the most capacity, in time order:\n\n"));
        return all.Select((f, i) => (f, i)).OrderByDescending(p => p.f.LostPodSeconds).ThenBy(p => p.i).Take(ListLimit).OrderBy(p => p.i).Select(p => p.f).ToList();
    }

    /// <summary>The nearest-rank quantile (an observed value, as the plan's statistics use) of sorted values.</summary>
    private static long Rank(IReadOnlyList<long> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Fraction of load served per target and overall, and each target's worst unserved rate.</summary>
    private static void AppendLoad(StringBuilder sb, RunResult r)
    {
        if (r.Load.Count == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append("## Load\n\n");
        sb.Append("| target | offered (requests) | served (requests) | fraction served | peak unserved rps | at |\n|---|---|---|---|---|---|\n");
        foreach (var l in r.Load)
        {
            sb.Append("| ").Append(l.Target)
                .Append(" | ").Append(l.OfferedRequests.ToString("0", inv))
                .Append(" | ").Append(l.ServedRequests.ToString("0", inv))
                .Append(" | ").Append(Percent(l.FractionServed))
                .Append(" | ").Append(l.PeakUnservedRps.ToString("0.#", inv))
                .Append(" | ").Append(l.PeakUnservedAt is { } at ? Formatting.Clock(at) : "")
                .Append(" |\n");
        }

        double offered = r.Load.Sum(l => l.OfferedRequests);
        double served = r.Load.Sum(l => l.ServedRequests);
        double fraction = offered > 0 ? Math.Min(1, served / offered) : 1;
        sb.Append("\n- Fraction of load served (all targets): ").Append(Percent(fraction)).Append('\n');
        var peak = r.Load.MaxBy(l => l.PeakUnservedRps)!;
        sb.Append("- Peak unserved load: ").Append(peak.PeakUnservedRps.ToString("0.#", inv)).Append(" rps");
        if (peak.PeakUnservedAt is { } when)
        {
            sb.Append(" (").Append(peak.Target).Append(" at ").Append(Formatting.Clock(when)).Append(')');
        }

        sb.Append("\n\n");
    }

    /// <summary>Each autoscaled pool: bounds, nodes at the start, peak and end, the Cluster Autoscaler's scale-ups and removals, node-hours and cost.</summary>
    private static void AppendNodeGroups(StringBuilder sb, RunResult r)
    {
        if (r.NodeGroups.Count == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append("## Node groups (Cluster Autoscaler)\n\n");
        sb.Append("| pool | min | max | nodes at start | peak | at end | scale-ups | worst time to Running | nodes removed | node-hours | cost |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var g in r.NodeGroups)
        {
            sb.Append("| ").Append(g.Name)
                .Append(" | ").Append(g.Min.ToString(inv))
                .Append(" | ").Append(g.Max.ToString(inv))
                .Append(" | ").Append(g.Initial.ToString(inv))
                .Append(" | ").Append(g.Peak.ToString(inv))
                .Append(" | ").Append(g.Final.ToString(inv))
                .Append(" | ").Append(g.ScaleUps.ToString(inv))
                .Append(" | ").Append(ToRunning(g))
                .Append(" | ").Append(g.Removed.ToString(inv))
                .Append(" | ").Append(g.NodeHours.ToString("0.##", inv))
                .Append(" | ").Append(g.Cost is { } c ? c.ToString("0.##", inv) : "")
                .Append(" |\n");
        }

        sb.Append("\nWorst time to Running: for each scale-up of the pool, of the pods that triggered it (`TriggeredScaleUp`) the one created first, from its creation to its first Running, on whichever node it got; the longest over the pool's scale-ups, with when that scale-up was asked for. A scale-up whose pod was deleted before it ran is left out; one whose pod was still not Running at the end is counted as \"not Running by the end\". ");
        sb.Append("Node-hours count each instance from the autoscaler's create call (t=0 for the pool's first nodes) to its deletion; cost is node-hours times the pool's `price`.\n\n");
    }

    /// <summary>A pool's slowest scale-up from its first pod pending to Running, and how many never got there; empty without scale-ups.</summary>
    private static string ToRunning(NodeGroupOutcome g)
    {
        var parts = new List<string>();
        if (g.SlowestToRunning is { ToRunning: { } slowest } w)
        {
            parts.Add(Sim.Api.GoDuration.Format(slowest) + " (scale-up at " + Formatting.Clock(w.At) + ")");
        }

        if (g.NeverRunning > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{g.NeverRunning} not Running by the end"));
        }

        return string.Join("; ", parts);
    }

    /// <summary>How long pods waited for a node (<see cref="RunResult.Pending"/>), when any did.</summary>
    private static void AppendPendingWaits(StringBuilder sb, RunResult r)
    {
        var p = r.Pending;
        if (p.Waited == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append(string.Create(inv, $"- Pods that waited for a node: {p.Waited} of {p.Pods}; pending pod-seconds {p.PendingPodSeconds.ToString("0.#", inv)}; longest wait {Sim.Api.GoDuration.Format(p.LongestPending)}; still pending at the end: {p.StillPending}\n"));
    }

    /// <summary>Each HPA: bounds, rescales, peak replicas and unserved load; then its reaction to each load change.</summary>
    private static void AppendAutoscalers(StringBuilder sb, RunResult r)
    {
        if (r.Autoscalers.Count == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append("## Autoscalers\n\n");
        sb.Append("| hpa | reference | target cpu | min | max | rescales | peak replicas | load | peak unserved rps |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var a in r.Autoscalers)
        {
            sb.Append("| ").Append(a.Namespace == "default" ? "" : a.Namespace + "/").Append(a.Name)
                .Append(" | ").Append(a.Reference)
                .Append(" | ").Append(a.TargetCpuPercent is { } t ? t.ToString(inv) + "%" : "")
                .Append(" | ").Append(a.MinReplicas.ToString(inv))
                .Append(" | ").Append(a.MaxReplicas.ToString(inv))
                .Append(" | ").Append(a.Rescales.ToString(inv))
                .Append(" | ").Append(a.PeakReplicas.ToString(inv))
                .Append(" | ").Append(a.LoadTargets.Count == 0 ? "none" : string.Join(", ", a.LoadTargets))
                .Append(" | ").Append(a.PeakUnservedRps.ToString("0.#", inv))
                .Append(a.PeakUnservedAt is { } at && a.PeakUnservedRps > 0 ? " at " + Formatting.Clock(at) : "")
                .Append(" |\n");
        }

        var reactions = r.Autoscalers.SelectMany(a => a.Reactions.Select(x => (a, x))).ToList();
        if (reactions.Count > 0)
        {
            sb.Append("\nHPA reaction time: from the start of each change of the load feeding the HPA (its base rate moving by more than 20%) to the HPA's first rescale in the same direction; \"settled\" is its last rescale that way before the next change.\n\n");
            sb.Append("| hpa | load change | rps | reaction time | first new size | settled at | settled size |\n|---|---|---|---|---|---|---|\n");
            foreach (var (a, x) in reactions)
            {
                sb.Append("| ").Append(a.Name)
                    .Append(" | ").Append(Formatting.Clock(x.ChangeAt)).Append(x.ChangeEnd > x.ChangeAt ? "-" + Formatting.Clock(x.ChangeEnd) : "")
                    .Append(" | ").Append(x.FromRps.ToString("0.#", inv)).Append(x.Up ? " up to " : " down to ").Append(x.ToRps.ToString("0.#", inv))
                    .Append(" | ").Append(x.ReactionTime is { } rt ? Sim.Api.GoDuration.Format(rt) : "no rescale")
                    .Append(" | ").Append(x.FirstSize?.ToString(inv) ?? "")
                    .Append(" | ").Append(x.LastRescaleAt is { } l ? Formatting.Clock(l) : "")
                    .Append(" | ").Append(x.SettledSize?.ToString(inv) ?? "")
                    .Append(" |\n");
            }
        }

        sb.Append('\n');
    }

    /// <summary>A fraction as a percentage with two decimals, never showing 100.00% for a fraction below one.</summary>
    private static string Percent(double fraction)
    {
        double p = Math.Floor((fraction * 10000) + 1e-6) / 100;
        return p.ToString("0.00", CultureInfo.InvariantCulture) + "%";
    }

    private static string Span(TimeSpan? t) => t is { } v ? Sim.Api.GoDuration.Format(v) : "never";
}
