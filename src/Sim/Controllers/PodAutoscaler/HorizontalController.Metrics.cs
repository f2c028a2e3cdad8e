using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>The metric side of the HPA controller: computeReplicasForMetrics and the Resource metric source.</summary>
public sealed partial class HorizontalController
{
    // horizontal.go computeReplicasForMetrics: the largest proposal over the metrics; -1 when nothing can be done.
    private int ComputeReplicasForMetrics(HorizontalPodAutoscaler hpa, HorizontalPodAutoscalerStatus status, ScaleSubresource scale, out string metric, out List<MetricStatus> statuses, out string? error)
    {
        var now = _kernel.Now;
        metric = "";
        statuses = [];
        error = null;
        var selector = ValidateAndParseSelector(hpa, status, scale, out var selectorError, out var pods);
        if (selector is null)
        {
            error = selectorError;
            return -1;
        }

        int specReplicas = scale.SpecReplicas;
        var metricSpecs = hpa.Spec.Metrics;
        int replicas = 0;
        int invalidMetricsCount = 0;
        string? invalidMetricError = null;
        (string Reason, string Message) invalidMetricCondition = ("", "");
        foreach (var metricSpec in metricSpecs)
        {
            var metricStatus = new MetricStatus { Type = "" };
            statuses.Add(metricStatus);
            int proposal = ComputeReplicasForMetric(hpa, metricSpec, specReplicas, selector, pods, metricStatus, out var metricNameProposal, out var condition, out var err);
            if (err is not null)
            {
                if (invalidMetricsCount <= 0)
                {
                    invalidMetricCondition = condition;
                    invalidMetricError = err;
                }

                invalidMetricsCount++;
                continue;
            }

            if (replicas == 0 || proposal > replicas)
            {
                replicas = proposal;
                metric = metricNameProposal;
            }
        }

        if (invalidMetricError is not null)
        {
            invalidMetricError = $"invalid metrics ({invalidMetricsCount} invalid out of {metricSpecs.Count}), first error is: {invalidMetricError}";
        }

        // All metrics invalid, or some invalid while the valid ones would scale down: do nothing.
        if (invalidMetricsCount >= metricSpecs.Count || (invalidMetricsCount > 0 && replicas < specReplicas))
        {
            HpaConditions.Set(status.Conditions, HpaConditions.ScalingActive, "False", invalidMetricCondition.Reason, invalidMetricCondition.Message, now);
            error = invalidMetricError ?? "no metrics";
            return -1;
        }

        HpaConditions.Set(status.Conditions, HpaConditions.ScalingActive, "True", "ValidMetricFound", $"the HPA was able to successfully calculate a replica count from {metric}", now);
        error = invalidMetricError;
        return replicas;
    }

    // horizontal.go validateAndParseSelector (with hpasControllingPodsUnderSelector)
    private Selector? ValidateAndParseSelector(HorizontalPodAutoscaler hpa, HorizontalPodAutoscalerStatus status, ScaleSubresource scale, out string? error, out List<Pod> pods)
    {
        var now = _kernel.Now;
        pods = [];
        var selector = scale.Selector;
        if (selector is null || selector.Empty)
        {
            error = "selector is required";
            _events.Warning(hpa, "SelectorRequired", error, ControllerName);
            HpaConditions.Set(status.Conditions, HpaConditions.ScalingActive, "False", "InvalidSelector", "the HPA target's scale is missing a selector", now);
            return null;
        }

        string key = hpa.Key;
        if (_selectors.ContainsKey(key))
        {
            _selectors[key] = selector;
        }

        // podLister.Pods(namespace).List(selector), from the store's label index rather than a scan of every pod.
        pods.AddRange(Store.PodsMatching(hpa.Metadata.Namespace, selector));

        var selecting = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (otherKey, otherSelector) in _selectors)
        {
            if (!otherKey.StartsWith(hpa.Metadata.Namespace + "/", StringComparison.Ordinal))
            {
                continue;
            }

            if (pods.Exists(p => otherSelector.Matches(p.Metadata.Labels)))
            {
                selecting.Add(otherKey);
            }
        }

        if (selecting.Count > 1)
        {
            error = $"pods by selector {selector} are controlled by multiple HPAs: [{string.Join(" ", selecting)}]";
            _events.Warning(hpa, "AmbiguousSelector", error, ControllerName);
            HpaConditions.Set(status.Conditions, HpaConditions.ScalingActive, "False", "AmbiguousSelector", error, now);
            return null;
        }

        error = null;
        return selector;
    }

    // horizontal.go computeReplicasForMetric, for the Resource source (the only one the simulator models;
    // the loader refuses the others, so anything else here is InvalidMetricSourceType as in Kubernetes).
    private int ComputeReplicasForMetric(HorizontalPodAutoscaler hpa, MetricSpec spec, int specReplicas, Selector selector, List<Pod> pods, MetricStatus status, out string metricName, out (string Reason, string Message) condition, out string? error)
    {
        metricName = "";
        condition = ("", "");
        if (spec.Type != "Resource" || spec.Resource is null)
        {
            error = $"unknown metric source type \"{spec.Type}\"";
            condition = UnableToComputeReplicaCount(hpa, "InvalidMetricSourceType", error);
            return 0;
        }

        int proposal = ComputeStatusForResourceMetric(hpa, specReplicas, spec.Resource, selector, pods, status, out metricName, out var err);
        if (err is not null)
        {
            condition = UnableToComputeReplicaCount(hpa, "FailedGetResourceMetric", err);
            error = $"failed to get {spec.Resource.Name} resource metric value: {err}";
            return 0;
        }

        error = null;
        return proposal;
    }

    // horizontal.go computeStatusForResourceMetricGeneric (+ computeStatusForResourceMetric's status)
    private int ComputeStatusForResourceMetric(HorizontalPodAutoscaler hpa, int currentReplicas, ResourceMetricSource source, Selector selector, List<Pod> pods, MetricStatus status, out string metricName, out string? error)
    {
        var now = _kernel.Now;
        var target = source.Target;
        string resource = source.Name;
        metricName = "";
        if (target.AverageValue is { } averageValue)
        {
            var raw = _calculator.GetRawResourceReplicas(currentReplicas, averageValue.MilliValue(), resource, hpa.Metadata.Namespace, selector, pods, now);
            if (raw.Error is not null)
            {
                error = $"failed to get {resource} usage: {raw.Error}";
                return 0;
            }

            metricName = $"{resource} resource";
            status.Type = "Resource";
            status.Resource = new ResourceMetricStatus { Name = resource, Current = new MetricValueStatus { AverageValue = Quantity.FromMilli(raw.RawUtilization) } };
            error = null;
            return raw.Replicas;
        }

        if (target.AverageUtilization is not { } targetUtilization)
        {
            error = "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set";
            return 0;
        }

        var result = _calculator.GetResourceReplicas(currentReplicas, targetUtilization, resource, hpa.Metadata.Namespace, selector, pods, now);
        if (result.Error is not null)
        {
            error = $"failed to get {resource} utilization: {result.Error}";
            return 0;
        }

        metricName = $"{resource} resource utilization (percentage of request)";
        status.Type = "Resource";
        status.Resource = new ResourceMetricStatus
        {
            Name = resource,
            Current = new MetricValueStatus { AverageUtilization = result.Utilization, AverageValue = Quantity.FromMilli(result.RawUtilization) },
        };
        error = null;
        return result.Replicas;
    }

    // horizontal.go getUnableComputeReplicaCountCondition: a Warning event and a ScalingActive=False condition.
    private (string Reason, string Message) UnableToComputeReplicaCount(HorizontalPodAutoscaler hpa, string reason, string error)
    {
        _events.Warning(hpa, reason, error, ControllerName);
        return (reason, $"the HPA was unable to compute the replica count: {error}");
    }
}
