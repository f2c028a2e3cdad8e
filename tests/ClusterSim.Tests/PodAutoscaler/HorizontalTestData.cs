using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>horizontal_test.go's helpers for the pure-function tables.</summary>
public static class HorizontalTestData
{
    /// <summary>The tests' time.Now().</summary>
    public static readonly TimeSpan Now = TimeSpan.FromHours(2);

    /// <summary>horizontal_test.go generateScalingRules: Max of a Pods and/or a Percent policy (each left out when 0).</summary>
    public static HpaScalingRules GenerateScalingRules(int pods, int podsPeriod, int percent, int percentPeriod, int stabilizationWindow)
    {
        var rules = new HpaScalingRules { StabilizationWindowSeconds = stabilizationWindow, SelectPolicy = "Max" };
        if (pods != 0)
        {
            (rules.Policies ??= []).Add(new HpaScalingPolicy { Type = "Pods", Value = pods, PeriodSeconds = podsPeriod });
        }

        if (percent != 0)
        {
            (rules.Policies ??= []).Add(new HpaScalingPolicy { Type = "Percent", Value = percent, PeriodSeconds = percentPeriod });
        }

        return rules;
    }

    /// <summary>
    /// horizontal_test.go generateEventsUniformDistribution: the events spread over the last
    /// <paramref name="periodSeconds"/>, each in the middle of its segment (the offset truncated to whole seconds
    /// as Go's time.Duration conversion does).
    /// </summary>
    public static List<TimestampedScaleEvent> GenerateEventsUniformDistribution(int[] rawEvents, int periodSeconds)
    {
        var events = new List<TimestampedScaleEvent>();
        double segmentDuration = (double)periodSeconds / rawEvents.Length;
        for (int idx = 0; idx < rawEvents.Length; idx++)
        {
            long segmentBoundary = (long)(periodSeconds - segmentDuration * (idx + 1) + segmentDuration / 2);
            events.Add(new TimestampedScaleEvent(rawEvents[idx], Now - TimeSpan.FromSeconds(segmentBoundary), false));
        }

        return events;
    }
}
