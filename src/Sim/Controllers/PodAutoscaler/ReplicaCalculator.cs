using ClusterSim.Sim.Api;
using ClusterSim.Sim.Metrics;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// The HPA's replica count for Resource metrics (pkg/controller/podautoscaler/replica_calculator.go of v1.32,
/// the resource parts). The caller lists the pods (Kubernetes' calculator lists them itself from its pod lister);
/// everything else, including error texts, is as Kubernetes has it. One global <paramref name="tolerance"/>, as
/// before the per-HPA tolerance of v1.33. Time is the simulation's: <c>now</c> replaces Kubernetes' time.Now().
/// </summary>
public sealed class ReplicaCalculator(IResourceMetricsClient metrics, double tolerance, TimeSpan cpuInitializationPeriod, TimeSpan delayOfInitialReadinessStatus)
{
    /// <summary>Kubernetes' error when the pod lister finds no pod.</summary>
    public const string NoPodsError = "no pods returned by selector while calculating replica count";

    /// <summary>Kubernetes' error when every pod's metric was set aside or missing.</summary>
    public const string NoMetricsForTargetedPodsError = "did not receive metrics for targeted pods (pods might be unready)";

    /// <summary>
    /// replica_calculator.go GetResourceReplicas: the replica count for a Utilization target (percent of request)
    /// of <paramref name="resource"/> over <paramref name="pods"/> (the pods of <paramref name="ns"/> matching
    /// <paramref name="selector"/>).
    /// </summary>
    public ReplicaCalculation GetResourceReplicas(int currentReplicas, int targetUtilization, string resource, string ns, Selector selector, IReadOnlyList<Pod> pods, TimeSpan now)
    {
        var fetched = metrics.GetResourceMetric(resource, ns, selector, out var fetchError);
        if (fetched is null)
        {
            return Failed($"unable to get metrics for resource {resource}: {fetchError}");
        }

        if (pods.Count == 0)
        {
            return Failed(NoPodsError);
        }

        // A working copy: the calculation removes and fills in entries, as Kubernetes does on its map.
        var podMetrics = new SortedDictionary<string, PodMetric>(fetched, StringComparer.Ordinal);
        var timestamp = Timestamp(podMetrics);

        var groups = GroupPods(pods, podMetrics, resource, cpuInitializationPeriod, delayOfInitialReadinessStatus, now);
        RemoveMetricsForPods(podMetrics, groups.IgnoredPods);
        RemoveMetricsForPods(podMetrics, groups.UnreadyPods);
        if (podMetrics.Count == 0)
        {
            return Failed(NoMetricsForTargetedPodsError);
        }

        var (requests, requestError) = CalculatePodRequests(pods, "", resource);
        if (requestError is not null)
        {
            return Failed(requestError);
        }

        var (usageRatio, utilization, rawUtilization, ratioError) = ResourceUtilization.GetResourceUtilizationRatio(podMetrics, requests!, targetUtilization);
        if (ratioError is not null)
        {
            return Failed(ratioError);
        }

        bool scaleUpWithUnready = groups.UnreadyPods.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.MissingPods.Count == 0)
        {
            if (Math.Abs(1.0 - usageRatio) <= tolerance)
            {
                // The change would be too small.
                return new(currentReplicas, utilization, rawUtilization, timestamp, null);
            }

            // No unready or missing pods: the new count follows from the ready ones.
            return new((int)Math.Ceiling(usageRatio * groups.ReadyPodCount), utilization, rawUtilization, timestamp, null);
        }

        if (groups.MissingPods.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                // On a scale-down, missing pods count as using 100% of their request, or the target when it is above 100%.
                long fallbackUtilization = Math.Max(100, targetUtilization);
                foreach (var podName in groups.MissingPods)
                {
                    podMetrics[podName] = new PodMetric(default, default, requests![podName] * fallbackUtilization / 100);
                }
            }
            else if (usageRatio > 1.0)
            {
                // On a scale-up, missing pods count as using nothing.
                foreach (var podName in groups.MissingPods)
                {
                    podMetrics[podName] = new PodMetric(default, default, 0);
                }
            }
        }

        if (scaleUpWithUnready)
        {
            // On a scale-up, unready pods count as using nothing.
            foreach (var podName in groups.UnreadyPods)
            {
                podMetrics[podName] = new PodMetric(default, default, 0);
            }
        }

        // Again with the filled-in numbers.
        var (newUsageRatio, _, _, newRatioError) = ResourceUtilization.GetResourceUtilizationRatio(podMetrics, requests!, targetUtilization);
        if (newRatioError is not null)
        {
            return new(0, utilization, rawUtilization, TimeSpan.Zero, newRatioError);
        }

        if (Math.Abs(1.0 - newUsageRatio) <= tolerance || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
        {
            // Too small a change, or the filled-in numbers would reverse the direction of scaling.
            return new(currentReplicas, utilization, rawUtilization, timestamp, null);
        }

        int newReplicas = (int)Math.Ceiling(newUsageRatio * podMetrics.Count);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
        {
            // The number of pods counted would reverse the direction of scaling.
            return new(currentReplicas, utilization, rawUtilization, timestamp, null);
        }

        // As many replicas as factored into the calculation.
        return new(newReplicas, utilization, rawUtilization, timestamp, null);
    }

    /// <summary>
    /// replica_calculator.go GetRawResourceReplicas: the replica count for an AverageValue target of
    /// <paramref name="resource"/>, in milli-units. <see cref="ReplicaCalculation.RawUtilization"/> is the
    /// average usage; <see cref="ReplicaCalculation.Utilization"/> is 0.
    /// </summary>
    public ReplicaCalculation GetRawResourceReplicas(int currentReplicas, long targetAverageValueMilli, string resource, string ns, Selector selector, IReadOnlyList<Pod> pods, TimeSpan now)
    {
        var fetched = metrics.GetResourceMetric(resource, ns, selector, out var fetchError);
        if (fetched is null)
        {
            return Failed($"unable to get metrics for resource {resource}: {fetchError}");
        }

        var podMetrics = new SortedDictionary<string, PodMetric>(fetched, StringComparer.Ordinal);
        var timestamp = Timestamp(podMetrics);
        var (replicas, usage, error) = CalcPlainMetricReplicas(podMetrics, currentReplicas, targetAverageValueMilli, resource, pods, now);

        // Kubernetes returns the metrics' timestamp with the error too.
        return new(replicas, 0, usage, timestamp, error);
    }

    /// <summary>replica_calculator.go calcPlainMetricReplicas: the replica count for a plain (non-percentage) per-pod target.</summary>
    private (int Replicas, long Usage, string? Error) CalcPlainMetricReplicas(SortedDictionary<string, PodMetric> podMetrics, int currentReplicas, long targetUsage, string resource, IReadOnlyList<Pod> pods, TimeSpan now)
    {
        if (pods.Count == 0)
        {
            return (0, 0, NoPodsError);
        }

        var groups = GroupPods(pods, podMetrics, resource, cpuInitializationPeriod, delayOfInitialReadinessStatus, now);
        RemoveMetricsForPods(podMetrics, groups.IgnoredPods);
        RemoveMetricsForPods(podMetrics, groups.UnreadyPods);
        if (podMetrics.Count == 0)
        {
            return (0, 0, NoMetricsForTargetedPodsError);
        }

        var (usageRatio, usage) = ResourceUtilization.GetMetricUsageRatio(podMetrics, targetUsage);

        bool scaleUpWithUnready = groups.UnreadyPods.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.MissingPods.Count == 0)
        {
            if (Math.Abs(1.0 - usageRatio) <= tolerance)
            {
                return (currentReplicas, usage, null);
            }

            return ((int)Math.Ceiling(usageRatio * groups.ReadyPodCount), usage, null);
        }

        if (groups.MissingPods.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                // On a scale-down, missing pods count as using exactly the target.
                foreach (var podName in groups.MissingPods)
                {
                    podMetrics[podName] = new PodMetric(default, default, targetUsage);
                }
            }
            else if (usageRatio > 1.0)
            {
                foreach (var podName in groups.MissingPods)
                {
                    podMetrics[podName] = new PodMetric(default, default, 0);
                }
            }
        }

        if (scaleUpWithUnready)
        {
            foreach (var podName in groups.UnreadyPods)
            {
                podMetrics[podName] = new PodMetric(default, default, 0);
            }
        }

        var (newUsageRatio, _) = ResourceUtilization.GetMetricUsageRatio(podMetrics, targetUsage);
        if (Math.Abs(1.0 - newUsageRatio) <= tolerance || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
        {
            return (currentReplicas, usage, null);
        }

        int newReplicas = (int)Math.Ceiling(newUsageRatio * podMetrics.Count);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
        {
            return (currentReplicas, usage, null);
        }

        return (newReplicas, usage, null);
    }

    /// <summary>
    /// replica_calculator.go groupPods: sorts the pods into ready, unready (Pending, or for cpu: no Ready condition
    /// or start time, not ready or sampled too early while within <paramref name="cpuInitializationPeriod"/> of its
    /// start, or never ready since starting after it), missing (no metric) and ignored (being deleted, or Failed).
    /// </summary>
    public static PodGroups GroupPods(IReadOnlyList<Pod> pods, IReadOnlyDictionary<string, PodMetric> metrics, string resource, TimeSpan cpuInitializationPeriod, TimeSpan delayOfInitialReadinessStatus, TimeSpan now)
    {
        var missingPods = new SortedSet<string>(StringComparer.Ordinal);
        var unreadyPods = new SortedSet<string>(StringComparer.Ordinal);
        var ignoredPods = new SortedSet<string>(StringComparer.Ordinal);
        int readyPodCount = 0;
        foreach (var pod in pods)
        {
            string name = pod.Metadata.Name;
            if (pod.Metadata.DeletionTimestamp is not null || pod.Status.Phase == "Failed")
            {
                ignoredPods.Add(name);
                continue;
            }

            // Pending pods are unready.
            if (pod.Status.Phase == "Pending")
            {
                unreadyPods.Add(name);
                continue;
            }

            if (!metrics.TryGetValue(name, out var metric))
            {
                missingPods.Add(name);
                continue;
            }

            // Readiness only matters for cpu, whose usage is high while a pod starts.
            if (resource == ResourceNames.Cpu)
            {
                bool unready;
                var condition = pod.Status.GetCondition("Ready");
                var startTime = pod.Status.StartTime;
                if (condition is null || startTime is null)
                {
                    unready = true;
                }
                else if (startTime.Value + cpuInitializationPeriod > now)
                {
                    // Within the initialization period: set aside if not ready, or if a whole metric window has not
                    // passed since the last readiness transition.
                    unready = condition.Status == "False" || metric.Timestamp < condition.LastTransitionTime + metric.Window;
                }
                else
                {
                    // After it: set aside only a pod that is not ready and has never been ready.
                    unready = condition.Status == "False" && startTime.Value + delayOfInitialReadinessStatus > condition.LastTransitionTime;
                }

                if (unready)
                {
                    unreadyPods.Add(name);
                    continue;
                }
            }

            readyPodCount++;
        }

        return new PodGroups(readyPodCount, unreadyPods, missingPods, ignoredPods);
    }

    /// <summary>
    /// replica_calculator.go calculatePodRequests: each pod's request of <paramref name="resource"/> in milli-units,
    /// summed over its containers (only <paramref name="container"/> when not empty), or Kubernetes' error for the
    /// first container without one. Restartable (sidecar) init containers are not modelled, so only regular
    /// containers count.
    /// </summary>
    public static (SortedDictionary<string, long>? Requests, string? Error) CalculatePodRequests(IReadOnlyList<Pod> pods, string container, string resource)
    {
        var requests = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            long podSum = 0;
            foreach (var c in pod.Spec.Containers)
            {
                if (container != "" && container != c.Name)
                {
                    continue;
                }

                if (!c.Resources.Requests.TryGetValue(resource, out var request))
                {
                    return (null, $"missing request for {resource} in container {c.Name} of Pod {pod.Metadata.Name}");
                }

                podSum += request.MilliValue();
            }

            requests[pod.Metadata.Name] = podSum;
        }

        return (requests, null);
    }

    /// <summary>replica_calculator.go removeMetricsForPods.</summary>
    public static void RemoveMetricsForPods(IDictionary<string, PodMetric> metrics, IEnumerable<string> pods)
    {
        foreach (var pod in pods)
        {
            metrics.Remove(pod);
        }
    }

    /// <summary>
    /// The timestamp the metrics client reports with the metrics: metrics/client.go GetResourceMetric takes the
    /// first item's; here the first pod in name order.
    /// </summary>
    private static TimeSpan Timestamp(SortedDictionary<string, PodMetric> metrics)
    {
        foreach (var metric in metrics.Values)
        {
            return metric.Timestamp;
        }

        return TimeSpan.Zero;
    }

    private static ReplicaCalculation Failed(string error) => new(0, 0, 0, TimeSpan.Zero, error);
}
