using System.Globalization;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// Works out each HPA's reaction times after a run: which load entries feed its target's pods (a load on
/// the target itself, or on a Service or workload whose selector matches the target's pod template),
/// where that load's base rate changes, and when the HPA's SuccessfulRescale events answered.
/// </summary>
internal static class AutoscalerAnalysis
{
    /// <summary>A change of the base rate by more than this fraction of the level it left starts a load change.</summary>
    public const double ChangeThreshold = 0.2;

    public static IReadOnlyList<AutoscalerOutcome> Analyze(Cluster cluster, IReadOnlyList<LoadSpec> loads, IReadOnlyList<LoadOutcome> loadOutcomes, TimeSpan step, TimeSpan end)
    {
        var result = new List<AutoscalerOutcome>();
        foreach (HorizontalPodAutoscaler hpa in cluster.Store.List("HorizontalPodAutoscaler"))
        {
            string ns = hpa.Metadata.Namespace;
            var reference = hpa.Spec.ScaleTargetRef;
            var templateLabels = TemplateLabels(cluster, ns, reference);
            var feeding = loads.Where(l => l.Target.Namespace == ns && Feeds(cluster, l.Target, reference, templateLabels)).ToList();
            var rescales = cluster.Events.Occurrences
                .Where(o => o.Event.InvolvedKind == "HorizontalPodAutoscaler" && o.Event.InvolvedNamespace == ns && o.Event.InvolvedName == hpa.Metadata.Name && o.Event.Reason == "SuccessfulRescale")
                .Select(o => (o.Time, Size: NewSize(o.Event.Message), Up: IsScaleUp(o.Event.Message)))
                .ToList();
            var reactions = new List<HpaReaction>();
            if (feeding.Count > 0)
            {
                var changes = Changes(t => feeding.Sum(l => l.BaseRpsAt(t)), step, end);
                for (int i = 0; i < changes.Count; i++)
                {
                    var c = changes[i];
                    var until = i + 1 < changes.Count ? changes[i + 1].Start : end + TimeSpan.FromTicks(1);
                    bool up = c.To > c.From;
                    var inDirection = rescales.Where(r => r.Time >= c.Start && r.Time < until && r.Up == up).ToList();
                    reactions.Add(inDirection.Count > 0
                        ? new HpaReaction(c.Start, c.End, c.From, c.To, inDirection[0].Time, inDirection[0].Size, inDirection[^1].Time, inDirection[^1].Size)
                        : new HpaReaction(c.Start, c.End, c.From, c.To, null, null, null, null));
                }
            }

            var feedingNames = feeding.Select(l => l.Target.ToString()).Distinct(StringComparer.Ordinal).ToList();
            var unserved = loadOutcomes.Where(o => feedingNames.Contains(o.Target, StringComparer.Ordinal)).MaxBy(o => o.PeakUnservedRps);
            int? target = hpa.Spec.Metrics.FirstOrDefault(m => m.Resource is { Name: "cpu" })?.Resource?.Target.AverageUtilization;
            int peak = Math.Max(hpa.Status.CurrentReplicas, rescales.Count > 0 ? rescales.Max(r => r.Size) : 0);
            result.Add(new AutoscalerOutcome(
                ns,
                hpa.Metadata.Name,
                $"{reference.Kind}/{reference.Name}",
                target,
                hpa.Spec.MinReplicas ?? 1,
                hpa.Spec.MaxReplicas,
                feedingNames,
                reactions,
                rescales.Count,
                peak,
                unserved?.PeakUnservedRps ?? 0,
                unserved?.PeakUnservedAt));
        }

        return result;
    }

    /// <summary>
    /// Load changes of a rate function sampled every <paramref name="step"/>: a change starts when the rate leaves
    /// the current level by more than <see cref="ChangeThreshold"/> and lasts while it keeps moving the same way
    /// (a ramp or the rising half of a sine is one change, not one per step).
    /// </summary>
    public static List<(TimeSpan Start, TimeSpan End, double From, double To)> Changes(Func<TimeSpan, double> rate, TimeSpan step, TimeSpan end)
    {
        var changes = new List<(TimeSpan, TimeSpan, double, double)>();
        double level = rate(TimeSpan.Zero);
        var t = step;
        while (t <= end)
        {
            double v = rate(t);
            if (Math.Abs(v - level) > ChangeThreshold * Math.Max(Math.Abs(level), 1))
            {
                // Back up over the steps already moving this way, then find to the second where the move began
                // (a step change at 12m starts at 12m, a ramp from 1m at 1m, not at the sample that showed them).
                int sign = Math.Sign(v - level);
                bool Moved(TimeSpan at) => Math.Sign(rate(at) - level) == sign;
                var start = t;
                while (start - step >= TimeSpan.Zero && Moved(start - step))
                {
                    start -= step;
                }

                var lo = start - step < TimeSpan.Zero ? TimeSpan.Zero : start - step;
                while (start - lo > TimeSpan.FromSeconds(1))
                {
                    var mid = lo + TimeSpan.FromSeconds(Math.Floor((start - lo).TotalSeconds / 2));
                    if (Moved(mid))
                    {
                        start = mid;
                    }
                    else
                    {
                        lo = mid;
                    }
                }

                double previous = v;
                var stop = t;
                while (stop + step <= end)
                {
                    double next = rate(stop + step);
                    if (Math.Sign(next - previous) != sign || Math.Abs(next - previous) < 1e-9)
                    {
                        break;
                    }

                    previous = next;
                    stop += step;
                }

                changes.Add((start, stop, level, previous));
                level = previous;
                t = stop + step;
                continue;
            }

            t += step;
        }

        return changes;
    }

    // The direction of a rescale from its reason (horizontal.go reconcileAutoscaler's rescaleReason).
    private static bool IsScaleUp(string message) =>
        message.EndsWith("above target", StringComparison.Ordinal) || message.EndsWith("below Spec.MinReplicas", StringComparison.Ordinal);

    // "New size: 4; reason: ..." (horizontal.go's SuccessfulRescale message).
    private static int NewSize(string message)
    {
        const string prefix = "New size: ";
        if (!message.StartsWith(prefix, StringComparison.Ordinal))
        {
            return 0;
        }

        int semicolon = message.IndexOf(';', StringComparison.Ordinal);
        var digits = semicolon > 0 ? message[prefix.Length..semicolon] : message[prefix.Length..];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
    }

    private static SortedDictionary<string, string>? TemplateLabels(Cluster cluster, string ns, CrossVersionObjectReference reference) =>
        cluster.Store.Get(reference.Kind, ns + "/" + reference.Name) switch
        {
            Deployment d => d.Template.Metadata.Labels,
            ReplicatedSet s => s.Template.Metadata.Labels,
            _ => null,
        };

    private static bool Feeds(Cluster cluster, LoadTarget load, CrossVersionObjectReference reference, SortedDictionary<string, string>? templateLabels)
    {
        if (load.Kind == reference.Kind && load.Name == reference.Name)
        {
            return true;
        }

        if (templateLabels is null)
        {
            return false;
        }

        Selector? selector = cluster.Store.Get(load.Kind, load.Namespace + "/" + load.Name) switch
        {
            Service s when s.Spec.Selector is { Count: > 0 } sel => Selector.FromMap(sel),
            Deployment d => Selector.FromLabelSelector(d.Selector),
            ReplicatedSet s => s.GetSelector(),
            _ => null,
        };
        return selector is not null && !selector.Empty && selector.Matches(templateLabels);
    }
}
