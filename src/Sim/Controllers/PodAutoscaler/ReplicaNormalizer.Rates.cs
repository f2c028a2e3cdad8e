using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>The pure functions of horizontal.go that limit how fast an HPA scales.</summary>
public sealed partial class ReplicaNormalizer
{
    /// <summary>horizontal.go scaleUpLimitFactor: without behavior, at most this times the current replicas...</summary>
    public const double ScaleUpLimitFactor = 2.0;

    /// <summary>horizontal.go scaleUpLimitMinimum: ...or this many, whichever is more.</summary>
    public const double ScaleUpLimitMinimum = 4.0;

    /// <summary>
    /// horizontal.go calculateScaleUpLimit: max(factor × current, 4). The factor is a parameter because Go's tests
    /// change the package variable scaleUpLimitFactor (to 8); production always uses <see cref="ScaleUpLimitFactor"/>.
    /// </summary>
    public static int CalculateScaleUpLimit(int currentReplicas, double scaleUpLimitFactor = ScaleUpLimitFactor) =>
        (int)Math.Max(scaleUpLimitFactor * currentReplicas, ScaleUpLimitMinimum);

    /// <summary>
    /// horizontal.go convertDesiredReplicasWithRules: clamps to [min, min(max, scale-up limit)]; the reason is the
    /// ScalingLimited condition's (DesiredWithinRange, TooFewReplicas, TooManyReplicas or ScaleUpLimit).
    /// </summary>
    public static ReplicaProposal ConvertDesiredReplicasWithRules(int currentReplicas, int desiredReplicas, int hpaMinReplicas, int hpaMaxReplicas, double scaleUpLimitFactor = ScaleUpLimitFactor)
    {
        int minimumAllowedReplicas = hpaMinReplicas;
        int maximumAllowedReplicas;
        string possibleLimitingCondition;
        string possibleLimitingReason;

        // Do not scale up too much, against bogus usage reports (Kubernetes issue #32304).
        int scaleUpLimit = CalculateScaleUpLimit(currentReplicas, scaleUpLimitFactor);
        if (hpaMaxReplicas > scaleUpLimit)
        {
            maximumAllowedReplicas = scaleUpLimit;
            possibleLimitingCondition = "ScaleUpLimit";
            possibleLimitingReason = "the desired replica count is increasing faster than the maximum scale rate";
        }
        else
        {
            maximumAllowedReplicas = hpaMaxReplicas;
            possibleLimitingCondition = "TooManyReplicas";
            possibleLimitingReason = "the desired replica count is more than the maximum replica count";
        }

        if (desiredReplicas < minimumAllowedReplicas)
        {
            return new ReplicaProposal(minimumAllowedReplicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
        }

        if (desiredReplicas > maximumAllowedReplicas)
        {
            return new ReplicaProposal(maximumAllowedReplicas, possibleLimitingCondition, possibleLimitingReason);
        }

        return new ReplicaProposal(desiredReplicas, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    /// <summary>
    /// horizontal.go convertDesiredReplicasWithBehaviorRate: limits the (stabilized) desired count by the
    /// behavior's rate policies over the given scale events, and by min/max. The scale-up limit never goes below
    /// the current count, nor the scale-down limit above it, however the policies changed.
    /// </summary>
    public static ReplicaProposal ConvertDesiredReplicasWithBehaviorRate(NormalizationArg args, IReadOnlyList<TimestampedScaleEvent> scaleUpEvents, IReadOnlyList<TimestampedScaleEvent> scaleDownEvents, TimeSpan now)
    {
        string possibleLimitingReason, possibleLimitingMessage;
        if (args.DesiredReplicas > args.CurrentReplicas)
        {
            int scaleUpLimit = CalculateScaleUpLimitWithScalingRules(args.CurrentReplicas, scaleUpEvents, scaleDownEvents, args.ScaleUpBehavior, now);
            if (scaleUpLimit < args.CurrentReplicas)
            {
                // No further scale-up until the scale-up events age out.
                scaleUpLimit = args.CurrentReplicas;
            }

            int maximumAllowedReplicas = args.MaxReplicas;
            if (maximumAllowedReplicas > scaleUpLimit)
            {
                maximumAllowedReplicas = scaleUpLimit;
                possibleLimitingReason = "ScaleUpLimit";
                possibleLimitingMessage = "the desired replica count is increasing faster than the maximum scale rate";
            }
            else
            {
                possibleLimitingReason = "TooManyReplicas";
                possibleLimitingMessage = "the desired replica count is more than the maximum replica count";
            }

            if (args.DesiredReplicas > maximumAllowedReplicas)
            {
                return new ReplicaProposal(maximumAllowedReplicas, possibleLimitingReason, possibleLimitingMessage);
            }
        }
        else if (args.DesiredReplicas < args.CurrentReplicas)
        {
            int scaleDownLimit = CalculateScaleDownLimitWithBehaviors(args.CurrentReplicas, scaleUpEvents, scaleDownEvents, args.ScaleDownBehavior, now);
            if (scaleDownLimit > args.CurrentReplicas)
            {
                // No further scale-down until the scale-down events age out.
                scaleDownLimit = args.CurrentReplicas;
            }

            int minimumAllowedReplicas = args.MinReplicas;
            if (minimumAllowedReplicas < scaleDownLimit)
            {
                minimumAllowedReplicas = scaleDownLimit;
                possibleLimitingReason = "ScaleDownLimit";
                possibleLimitingMessage = "the desired replica count is decreasing faster than the maximum scale rate";
            }
            else
            {
                possibleLimitingReason = "TooFewReplicas";
                possibleLimitingMessage = "the desired replica count is less than the minimum replica count";
            }

            if (args.DesiredReplicas < minimumAllowedReplicas)
            {
                return new ReplicaProposal(minimumAllowedReplicas, possibleLimitingReason, possibleLimitingMessage);
            }
        }

        return new ReplicaProposal(args.DesiredReplicas, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    /// <summary>
    /// horizontal.go calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now, each policy
    /// counting from the replicas at the start of its period (current − added + deleted within it); Max picks the
    /// largest, Min the smallest, Disabled keeps the current count.
    /// </summary>
    public static int CalculateScaleUpLimitWithScalingRules(int currentReplicas, IReadOnlyList<TimestampedScaleEvent> scaleUpEvents, IReadOnlyList<TimestampedScaleEvent> scaleDownEvents, HpaScalingRules scalingRules, TimeSpan now)
    {
        int result;
        Func<int, int, int> selectPolicyFn;
        if (scalingRules.SelectPolicy == "Disabled")
        {
            return currentReplicas;
        }
        else if (scalingRules.SelectPolicy == "Min")
        {
            // For scaling up, the lowest change produces the minimum.
            result = int.MaxValue;
            selectPolicyFn = Math.Min;
        }
        else
        {
            // Max (the default): the highest possible change.
            result = int.MinValue;
            selectPolicyFn = Math.Max;
        }

        // Go keeps `proposed` across iterations, so a policy of an unknown type repeats the previous proposal.
        int proposed = 0;
        foreach (var policy in scalingRules.Policies ?? [])
        {
            int replicasAddedInCurrentPeriod = GetReplicasChangePerPeriod(policy.PeriodSeconds, scaleUpEvents, now);
            int replicasDeletedInCurrentPeriod = GetReplicasChangePerPeriod(policy.PeriodSeconds, scaleDownEvents, now);
            int periodStartReplicas = currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod;
            if (policy.Type == "Pods")
            {
                proposed = periodStartReplicas + policy.Value;
            }
            else if (policy.Type == "Percent")
            {
                // Rounded up, or a small percentage of a few replicas would never scale up at all.
                proposed = (int)Math.Ceiling(periodStartReplicas * (1 + (double)policy.Value / 100));
            }

            result = selectPolicyFn(result, proposed);
        }

        return result;
    }

    /// <summary>
    /// horizontal.go calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now (Percent
    /// rounds toward zero); Min picks the largest, Max (default) the smallest, Disabled keeps the current count.
    /// </summary>
    public static int CalculateScaleDownLimitWithBehaviors(int currentReplicas, IReadOnlyList<TimestampedScaleEvent> scaleUpEvents, IReadOnlyList<TimestampedScaleEvent> scaleDownEvents, HpaScalingRules scalingRules, TimeSpan now)
    {
        int result;
        Func<int, int, int> selectPolicyFn;
        if (scalingRules.SelectPolicy == "Disabled")
        {
            return currentReplicas;
        }
        else if (scalingRules.SelectPolicy == "Min")
        {
            // For scaling down, the lowest change produces the maximum.
            result = int.MinValue;
            selectPolicyFn = Math.Max;
        }
        else
        {
            result = int.MaxValue;
            selectPolicyFn = Math.Min;
        }

        int proposed = 0;
        foreach (var policy in scalingRules.Policies ?? [])
        {
            int replicasAddedInCurrentPeriod = GetReplicasChangePerPeriod(policy.PeriodSeconds, scaleUpEvents, now);
            int replicasDeletedInCurrentPeriod = GetReplicasChangePerPeriod(policy.PeriodSeconds, scaleDownEvents, now);
            int periodStartReplicas = currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod;
            if (policy.Type == "Pods")
            {
                proposed = periodStartReplicas - policy.Value;
            }
            else if (policy.Type == "Percent")
            {
                proposed = (int)(periodStartReplicas * (1 - (double)policy.Value / 100));
            }

            result = selectPolicyFn(result, proposed);
        }

        return result;
    }

    /// <summary>horizontal.go getReplicasChangePerPeriod: the replicas changed by events strictly after now − period.</summary>
    public static int GetReplicasChangePerPeriod(int periodSeconds, IReadOnlyList<TimestampedScaleEvent> scaleEvents, TimeSpan now)
    {
        var cutoff = now - TimeSpan.FromSeconds(periodSeconds);
        int replicas = 0;
        foreach (var rec in scaleEvents)
        {
            if (rec.Timestamp > cutoff)
            {
                replicas += rec.ReplicaChange;
            }
        }

        return replicas;
    }

    /// <summary>horizontal.go markScaleEventsOutdated: marks events from before now − longest policy period for reuse.</summary>
    public static void MarkScaleEventsOutdated(IList<TimestampedScaleEvent> scaleEvents, int longestPolicyPeriod, TimeSpan now)
    {
        var cutoff = now - TimeSpan.FromSeconds(longestPolicyPeriod);
        for (int i = 0; i < scaleEvents.Count; i++)
        {
            if (scaleEvents[i].Timestamp < cutoff)
            {
                scaleEvents[i] = scaleEvents[i] with { Outdated = true };
            }
        }
    }

    /// <summary>horizontal.go getLongestPolicyPeriod.</summary>
    public static int GetLongestPolicyPeriod(HpaScalingRules scalingRules)
    {
        int longestPolicyPeriod = 0;
        foreach (var policy in scalingRules.Policies ?? [])
        {
            if (policy.PeriodSeconds > longestPolicyPeriod)
            {
                longestPolicyPeriod = policy.PeriodSeconds;
            }
        }

        return longestPolicyPeriod;
    }
}
