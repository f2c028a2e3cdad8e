namespace ClusterSim.Sim.Api;

/// <summary>
/// A HorizontalPodAutoscaler held in its autoscaling/v2 form (the storage version), whatever version it
/// was written in: an autoscaling/v1 object's targetCPUUtilizationPercentage becomes a Resource cpu
/// Utilization metric, as Kubernetes' conversion does (pkg/apis/autoscaling/v1/conversion.go).
/// <see cref="KubeObject.ApiVersion"/> keeps the version given, for printing.
/// </summary>
public sealed class HorizontalPodAutoscaler : KubeObject
{
    public override string Kind => "HorizontalPodAutoscaler";

    public HorizontalPodAutoscalerSpec Spec { get; set; } = new();

    public HorizontalPodAutoscalerStatus Status { get; set; } = new();
}

public sealed class HorizontalPodAutoscalerSpec
{
    public CrossVersionObjectReference ScaleTargetRef { get; set; } = new();

    /// <summary>Lower bound; unset defaults to 1.</summary>
    public int? MinReplicas { get; set; }

    public int MaxReplicas { get; set; }

    /// <summary>Empty until defaulted; autoscaling/v2 defaulting puts cpu Utilization 80% here.</summary>
    public List<MetricSpec> Metrics { get; set; } = [];

    /// <summary>
    /// Null means "no behavior": the controller then normalizes the older way (horizontal.go
    /// normalizeDesiredReplicas). When given, defaulting fills every unset field (GenerateHPAScaleUpRules/DownRules).
    /// </summary>
    public HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}

/// <summary>scaleTargetRef: the workload whose scale subresource the HPA drives.</summary>
public sealed class CrossVersionObjectReference
{
    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string ApiVersion { get; set; } = "";
}

/// <summary>One metric of spec.metrics. Only type Resource is simulated (Pods/Object/External/ContainerResource are refused at load).</summary>
public sealed class MetricSpec
{
    public string Type { get; set; } = "Resource";

    public ResourceMetricSource? Resource { get; set; }
}

public sealed class ResourceMetricSource
{
    /// <summary>"cpu" or "memory".</summary>
    public string Name { get; set; } = "";

    public MetricTarget Target { get; set; } = new();
}

/// <summary>target: Utilization (averageUtilization, percent of request), AverageValue (averageValue) or Value.</summary>
public sealed class MetricTarget
{
    public string Type { get; set; } = "";

    public Quantity? Value { get; set; }

    public Quantity? AverageValue { get; set; }

    public int? AverageUtilization { get; set; }
}

public sealed class HorizontalPodAutoscalerBehavior
{
    public HpaScalingRules? ScaleUp { get; set; }

    public HpaScalingRules? ScaleDown { get; set; }
}

/// <summary>HPAScalingRules; every field is set after defaulting.</summary>
public sealed class HpaScalingRules
{
    public int? StabilizationWindowSeconds { get; set; }

    /// <summary>"Max" (default), "Min" or "Disabled".</summary>
    public string? SelectPolicy { get; set; }

    public List<HpaScalingPolicy>? Policies { get; set; }
}

/// <summary>A policy: at most Value pods ("Pods") or Value percent ("Percent") per PeriodSeconds.</summary>
public sealed class HpaScalingPolicy
{
    public string Type { get; set; } = "";

    public int Value { get; set; }

    public int PeriodSeconds { get; set; }
}

public sealed class HorizontalPodAutoscalerStatus
{
    public long? ObservedGeneration { get; set; }

    /// <summary>When the HPA last changed the target's scale.</summary>
    public TimeSpan? LastScaleTime { get; set; }

    public int CurrentReplicas { get; set; }

    public int DesiredReplicas { get; set; }

    /// <summary>The last computed values of each metric (empty before the first successful computation).</summary>
    public List<MetricStatus> CurrentMetrics { get; set; } = [];

    /// <summary>AbleToScale, ScalingActive, ScalingLimited.</summary>
    public List<WorkloadCondition> Conditions { get; set; } = [];
}

public sealed class MetricStatus
{
    public string Type { get; set; } = "Resource";

    public ResourceMetricStatus? Resource { get; set; }
}

public sealed class ResourceMetricStatus
{
    public string Name { get; set; } = "";

    public MetricValueStatus Current { get; set; } = new();
}

public sealed class MetricValueStatus
{
    public Quantity? Value { get; set; }

    public Quantity? AverageValue { get; set; }

    public int? AverageUtilization { get; set; }
}
