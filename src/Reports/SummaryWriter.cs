using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Reports;

/// <summary>summary.md: the scenario, its seed, each expectation's verdict and key durations.</summary>
public static class SummaryWriter
{
    /// <summary>Renders the summary as Markdown.</summary>
    public static string Render(RunResult r)
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
        AppendWorkloadFigures(sb, r);
        var pending = r.Samples.Where(s => s.Kind == "Cluster" && s.Metric == "pendingPods").ToList();
        double peak = pending.Count == 0 ? 0 : pending.Max(s => s.Value);
        sb.Append("- Peak pending pods (sampled): ").Append(Formatting.Number(peak));
        if (peak > 0)
        {
            var first = pending.First(s => s.Value == peak);
            sb.Append(" at ").Append(Formatting.Clock(new TimeSpan(first.TimeTicks)));
        }

        sb.Append('\n');
        var failed = r.Events.Count(e => e.Event.Reason == "FailedScheduling");
        sb.Append("- FailedScheduling events: ").Append(failed.ToString(inv)).Append('\n');
        var backoffs = r.Events.Count(e => e.Event.Reason == "BackOff");
        sb.Append("- BackOff (crash loop) events: ").Append(backoffs.ToString(inv)).Append('\n').Append('\n');

        AppendLoad(sb, r);
        AppendAutoscalers(sb, r);

        if (r.Rollouts.Count > 0)
        {
            sb.Append("## Rollouts\n\n");
            sb.Append("| deployment | revision | started | duration | min available | replicas |\n|---|---|---|---|---|---|\n");
            foreach (var ro in r.Rollouts)
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
            sb.Append("| time | fault | to NotReady | to first eviction | to all replicas ready | lost capacity (pod-seconds) | peak unready replicas |\n|---|---|---|---|---|---|---|\n");
            foreach (var f in r.FaultImpacts)
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

        return sb.ToString();
    }

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

    /// <summary>For each workload, how long after each change of its desired count the ready count first matched it.</summary>
    private static void AppendWorkloadFigures(StringBuilder sb, RunResult r)
    {
        var workloads = r.Samples.Where(s => s.Metric == "spec.replicas")
            .Select(s => (s.Kind, s.Namespace, s.Name)).Distinct().OrderBy(w => w.Kind, StringComparer.Ordinal).ThenBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal);
        foreach (var w in workloads)
        {
            var desired = r.Samples.Where(s => s.Kind == w.Kind && s.Namespace == w.Namespace && s.Name == w.Name && s.Metric == "spec.replicas").ToList();
            var ready = r.Samples.Where(s => s.Kind == w.Kind && s.Namespace == w.Namespace && s.Name == w.Name && s.Metric == "status.readyReplicas").ToDictionary(s => s.TimeTicks, s => s.Value);
            double last = -1;
            long changedAt = 0;
            bool waiting = false;
            var parts = new List<string>();
            foreach (var d in desired)
            {
                if (d.Value != last)
                {
                    last = d.Value;
                    changedAt = d.TimeTicks;
                    waiting = true;
                }

                if (waiting && ready.TryGetValue(d.TimeTicks, out var rv) && rv == d.Value)
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Value} ready {Formatting.Seconds(d.TimeTicks - changedAt)}s after it was asked for at {Formatting.Clock(new TimeSpan(changedAt))}"));
                    waiting = false;
                }
            }

            if (waiting)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{last} asked for at {Formatting.Clock(new TimeSpan(changedAt))}, never all ready"));
            }

            sb.Append("- ").Append(w.Kind).Append(' ').Append(w.Namespace).Append('/').Append(w.Name).Append(": ")
                .Append(string.Join("; ", parts)).Append(" (to sample resolution)\n");
        }
    }
}
