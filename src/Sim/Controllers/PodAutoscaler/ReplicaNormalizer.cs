using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// The pure part of pkg/controller/podautoscaler/horizontal.go (v1.32): turning the metrics' replica
/// recommendation into the count to scale to, with the per-HPA history the controller keeps (recommendations
/// for stabilization, scale-up and scale-down events for the behavior policies), keyed by "namespace/name".
/// Time is the simulation's: <c>now</c> replaces Kubernetes' time.Now(). The static rate functions are in
/// ReplicaNormalizer.Rates.cs.
/// </summary>
public sealed partial class ReplicaNormalizer(TimeSpan downscaleStabilisationWindow)
{
    // Looked up by key only, never enumerated, so hash order cannot leak into results.
    private readonly Dictionary<string, List<TimestampedRecommendation>> recommendations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimestampedScaleEvent>> scaleUpEvents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimestampedScaleEvent>> scaleDownEvents = new(StringComparer.Ordinal);

    /// <summary>
    /// The scale-up limit factor of an HPA without behavior (horizontal.go's package variable scaleUpLimitFactor,
    /// always <see cref="ScaleUpLimitFactor"/> in production). A test seam: horizontal_test.go's init() sets it to 8.
    /// </summary>
    internal double UpLimitFactor { get; set; } = ScaleUpLimitFactor;

    /// <summary>The window for scale-down stabilization without behavior (--horizontal-pod-autoscaler-downscale-stabilization).</summary>
    public TimeSpan DownscaleStabilisationWindow => downscaleStabilisationWindow;

    /// <summary>horizontal.go reconcileAutoscaler: <c>if a.recommendations[key] == nil { a.recommendations[key] = [{currentReplicas, now}] }</c>.</summary>
    public void EnsureRecommendationHistory(string key, int currentReplicas, TimeSpan now)
    {
        if (!recommendations.ContainsKey(key))
        {
            recommendations[key] = [new TimestampedRecommendation(currentReplicas, now)];
        }
    }

    /// <summary>horizontal.go normalizeDesiredReplicas (an HPA without behavior): stabilization, then the min/max and max(2x, 4) scale-up limits.</summary>
    public int NormalizeDesiredReplicas(HorizontalPodAutoscaler hpa, string key, int currentReplicas, int prenormalizedDesiredReplicas, int minReplicas, TimeSpan now, out ScalingLimit limit) =>
        NormalizeDesiredReplicas(hpa, key, currentReplicas, prenormalizedDesiredReplicas, minReplicas, now, out limit, out _);

    /// <summary>As the other overload, also returning the AbleToScale condition horizontal.go sets.</summary>
    public int NormalizeDesiredReplicas(HorizontalPodAutoscaler hpa, string key, int currentReplicas, int prenormalizedDesiredReplicas, int minReplicas, TimeSpan now, out ScalingLimit limit, out ScaleStabilization stabilization)
    {
        int stabilizedRecommendation = StabilizeRecommendation(key, prenormalizedDesiredReplicas, now);
        stabilization = stabilizedRecommendation != prenormalizedDesiredReplicas
            ? new ScaleStabilization(true, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation")
            : new ScaleStabilization(false, "ReadyForNewScale", "recommended size matches current size");

        var converted = ConvertDesiredReplicasWithRules(currentReplicas, stabilizedRecommendation, minReplicas, hpa.Spec.MaxReplicas, UpLimitFactor);
        limit = new ScalingLimit(converted.Replicas != stabilizedRecommendation, converted.Reason, converted.Message);
        return converted.Replicas;
    }

    /// <summary>
    /// horizontal.go normalizeDesiredReplicasWithBehaviors: stabilizeRecommendationWithBehaviors, then
    /// convertDesiredReplicasWithBehaviorRate (min/max and the behavior's rate policies).
    /// </summary>
    public int NormalizeDesiredReplicasWithBehaviors(HorizontalPodAutoscaler hpa, string key, int currentReplicas, int prenormalizedDesiredReplicas, int minReplicas, TimeSpan now, out ScalingLimit limit) =>
        NormalizeDesiredReplicasWithBehaviors(hpa, key, currentReplicas, prenormalizedDesiredReplicas, minReplicas, now, out limit, out _);

    /// <summary>As the other overload, also returning the AbleToScale condition horizontal.go sets.</summary>
    public int NormalizeDesiredReplicasWithBehaviors(HorizontalPodAutoscaler hpa, string key, int currentReplicas, int prenormalizedDesiredReplicas, int minReplicas, TimeSpan now, out ScalingLimit limit, out ScaleStabilization stabilization)
    {
        // The API server defaults a given behavior fully; an undefaulted one (or none) gets the same defaults here
        // rather than Kubernetes' nil dereference.
        var behavior = hpa.Spec.Behavior;
        var arg = new NormalizationArg(
            key,
            behavior?.ScaleUp ?? Defaults.GenerateHpaScaleUpRules(null),
            behavior?.ScaleDown ?? Defaults.GenerateHpaScaleDownRules(null),
            minReplicas,
            hpa.Spec.MaxReplicas,
            currentReplicas,
            prenormalizedDesiredReplicas);

        var stabilized = StabilizeRecommendationWithBehaviors(arg, now);
        stabilization = stabilized.Replicas != prenormalizedDesiredReplicas
            ? new ScaleStabilization(true, stabilized.Reason, stabilized.Message)
            : new ScaleStabilization(false, "ReadyForNewScale", "recommended size matches current size");

        var converted = ConvertDesiredReplicasWithBehaviorRate(arg with { DesiredReplicas = stabilized.Replicas }, now);
        limit = new ScalingLimit(converted.Replicas != stabilized.Replicas, converted.Reason, converted.Message);
        return converted.Replicas;
    }

    /// <summary>
    /// horizontal.go stabilizeRecommendation: records the recommendation (reusing the slot of one older than the
    /// window) and returns the highest recommendation within the downscale stabilization window.
    /// </summary>
    public int StabilizeRecommendation(string key, int prenormalizedDesiredReplicas, TimeSpan now)
    {
        int maxRecommendation = prenormalizedDesiredReplicas;
        bool foundOldSample = false;
        int oldSampleIndex = 0;
        var cutoff = now - downscaleStabilisationWindow;
        var recs = History(recommendations, key);
        for (int i = 0; i < recs.Count; i++)
        {
            var rec = recs[i];
            if (rec.Timestamp < cutoff)
            {
                foundOldSample = true;
                oldSampleIndex = i;
            }
            else if (rec.Recommendation > maxRecommendation)
            {
                maxRecommendation = rec.Recommendation;
            }
        }

        var entry = new TimestampedRecommendation(prenormalizedDesiredReplicas, now);
        if (foundOldSample)
        {
            recs[oldSampleIndex] = entry;
        }
        else
        {
            recs.Add(entry);
        }

        return maxRecommendation;
    }

    /// <summary>
    /// horizontal.go stabilizeRecommendationWithBehaviors: records the unstabilized recommendation (reusing the slot
    /// of one older than both windows) and brings the current count within the lowest recommendation of the
    /// scale-up window and the highest of the scale-down window. A scale-down window left unset takes the
    /// controller's downscale stabilization window, as horizontal.go maybeInitScaleDownStabilizationWindow sets it.
    /// </summary>
    public ReplicaProposal StabilizeRecommendationWithBehaviors(NormalizationArg args, TimeSpan now)
    {
        bool foundOldSample = false;
        int oldSampleIndex = 0;

        int upRecommendation = args.DesiredReplicas;
        var upCutoff = now - TimeSpan.FromSeconds(args.ScaleUpBehavior.StabilizationWindowSeconds ?? 0);

        int downRecommendation = args.DesiredReplicas;
        var downWindow = args.ScaleDownBehavior.StabilizationWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : downscaleStabilisationWindow;
        var downCutoff = now - downWindow;

        // The upper and lower stabilization limits.
        var recs = History(recommendations, args.Key);
        for (int i = 0; i < recs.Count; i++)
        {
            var rec = recs[i];
            if (rec.Timestamp > upCutoff)
            {
                upRecommendation = Math.Min(rec.Recommendation, upRecommendation);
            }

            if (rec.Timestamp > downCutoff)
            {
                downRecommendation = Math.Max(rec.Recommendation, downRecommendation);
            }

            if (rec.Timestamp < upCutoff && rec.Timestamp < downCutoff)
            {
                foundOldSample = true;
                oldSampleIndex = i;
            }
        }

        // Bring the recommendation within the limits.
        int recommendation = args.CurrentReplicas;
        if (recommendation < upRecommendation)
        {
            recommendation = upRecommendation;
        }

        if (recommendation > downRecommendation)
        {
            recommendation = downRecommendation;
        }

        var entry = new TimestampedRecommendation(args.DesiredReplicas, now);
        if (foundOldSample)
        {
            recs[oldSampleIndex] = entry;
        }
        else
        {
            recs.Add(entry);
        }

        return args.DesiredReplicas >= args.CurrentReplicas
            ? new ReplicaProposal(recommendation, "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation")
            : new ReplicaProposal(recommendation, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
    }

    /// <summary>horizontal.go convertDesiredReplicasWithBehaviorRate, over this normalizer's scale events for <see cref="NormalizationArg.Key"/>.</summary>
    public ReplicaProposal ConvertDesiredReplicasWithBehaviorRate(NormalizationArg args, TimeSpan now) =>
        ConvertDesiredReplicasWithBehaviorRate(args, Events(scaleUpEvents, args.Key), Events(scaleDownEvents, args.Key), now);

    /// <summary>
    /// horizontal.go storeScaleEvent: records a scale from <paramref name="prevReplicas"/> to
    /// <paramref name="newReplicas"/> (an equal count is stored as a scale-down of 0, as in Kubernetes), first
    /// marking events older than the direction's longest policy period outdated and reusing the last outdated slot.
    /// Nothing is stored without a behavior, since nothing would read it.
    /// </summary>
    public void StoreScaleEvent(HorizontalPodAutoscalerBehavior? behavior, string key, int prevReplicas, int newReplicas, TimeSpan now)
    {
        if (behavior is null)
        {
            return;
        }

        List<TimestampedScaleEvent> events;
        int longestPolicyPeriod;
        int replicaChange;
        if (newReplicas > prevReplicas)
        {
            longestPolicyPeriod = GetLongestPolicyPeriod(behavior.ScaleUp ?? Defaults.GenerateHpaScaleUpRules(null));
            events = History(scaleUpEvents, key);
            replicaChange = newReplicas - prevReplicas;
        }
        else
        {
            longestPolicyPeriod = GetLongestPolicyPeriod(behavior.ScaleDown ?? Defaults.GenerateHpaScaleDownRules(null));
            events = History(scaleDownEvents, key);
            replicaChange = prevReplicas - newReplicas;
        }

        MarkScaleEventsOutdated(events, longestPolicyPeriod, now);
        bool foundOldSample = false;
        int oldSampleIndex = 0;
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Outdated)
            {
                foundOldSample = true;
                oldSampleIndex = i;
            }
        }

        var newEvent = new TimestampedScaleEvent(replicaChange, now, false);
        if (foundOldSample)
        {
            events[oldSampleIndex] = newEvent;
        }
        else
        {
            events.Add(newEvent);
        }
    }

    /// <summary>Drops the history of a deleted HPA (horizontal.go reconcileKey when the HPA is gone).</summary>
    public void Forget(string key)
    {
        recommendations.Remove(key);
        scaleUpEvents.Remove(key);
        scaleDownEvents.Remove(key);
    }

    /// <summary>The recorded recommendations of <paramref name="key"/> (empty when none), oldest slot first.</summary>
    public IReadOnlyList<TimestampedRecommendation> Recommendations(string key) =>
        recommendations.TryGetValue(key, out var list) ? list : [];

    /// <summary>The recorded scale-up events of <paramref name="key"/>.</summary>
    public IReadOnlyList<TimestampedScaleEvent> ScaleUpEvents(string key) => Events(scaleUpEvents, key);

    /// <summary>The recorded scale-down events of <paramref name="key"/>.</summary>
    public IReadOnlyList<TimestampedScaleEvent> ScaleDownEvents(string key) => Events(scaleDownEvents, key);

    /// <summary>Replaces the recorded recommendations of <paramref name="key"/> (Kubernetes' tests set the controller's map directly).</summary>
    public void SetRecommendations(string key, IEnumerable<TimestampedRecommendation> history) =>
        recommendations[key] = history.ToList();

    /// <summary>Replaces the recorded scale events of <paramref name="key"/>.</summary>
    public void SetScaleEvents(string key, IEnumerable<TimestampedScaleEvent> up, IEnumerable<TimestampedScaleEvent> down)
    {
        scaleUpEvents[key] = up.ToList();
        scaleDownEvents[key] = down.ToList();
    }

    private static List<T> History<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        return list;
    }

    private static IReadOnlyList<TimestampedScaleEvent> Events(Dictionary<string, List<TimestampedScaleEvent>> map, string key) =>
        map.TryGetValue(key, out var list) ? list : [];
}
