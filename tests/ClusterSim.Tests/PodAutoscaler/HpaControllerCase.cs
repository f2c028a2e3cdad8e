using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Metrics;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// horizontal_test.go's testCase, on our controller: a target (RC "test-rc" unless given) whose scale is
/// SpecReplicas/StatusReplicas with selector name=test-pod, pods test-pod-0.. with the given CPU requests
/// (split over two containers), readiness, start times, phases and deletion marks, a metrics client reporting
/// ReportedLevels (millicores per pod, timestamp now, window 1m), and one HPA test-hpa in test-namespace.
/// The controller runs with the test's settings (tolerance 0.1, cpu initialization 2m, readiness delay 10s,
/// downscale stabilization 5m); the run stops after the first sync, one sync period after the HPA appears.
/// </summary>
public sealed class HpaControllerCase
{
    public const string Namespace = "test-namespace";

    /// <summary>When the HPA is created; pods "started" at Go's zero time sit well before it.</summary>
    public static readonly TimeSpan Start = TimeSpan.FromHours(10);

    public static readonly TimeSpan SyncAt = Start + TimeSpan.FromSeconds(15);

    public int MinReplicas { get; init; } = 1;

    public int MaxReplicas { get; init; }

    public int SpecReplicas { get; init; }

    public int StatusReplicas { get; init; }

    public int CpuTarget { get; init; }

    /// <summary>Expected reported utilization; computed from levels and requests when 0 (computeCPUCurrent).</summary>
    public int CpuCurrent { get; init; }

    public bool VerifyCpuCurrent { get; init; }

    public ulong[] ReportedLevels { get; init; } = [];

    public string[]? ReportedCpuRequests { get; init; }

    public string[]? PodReadiness { get; init; }

    /// <summary>Pod start times relative to the sync (null: Go's zero time, long ago).</summary>
    public TimeSpan?[]? PodStartAgo { get; init; }

    public string[]? PodPhase { get; init; }

    public bool[]? PodDeletion { get; init; }

    public List<MetricSpec>? MetricsTarget { get; init; }

    public HpaScalingRules? ScaleUpRules { get; init; }

    public HpaScalingRules? ScaleDownRules { get; init; }

    /// <summary>Target kind/apiVersion/name (default ReplicationController v1 test-rc).</summary>
    public (string Kind, string ApiVersion, string Name) Resource { get; init; } = ("ReplicationController", "v1", "test-rc");

    public TimeSpan? LastScaleTime { get; init; }

    /// <summary>The Go test's `recommendations: []timestampedRecommendation{}`: start with an empty history, so the initial size does not stabilize a scale-down.</summary>
    public bool EmptyRecommendations { get; init; }

    /// <summary>Pods to create without a CPU request (TestEmptyCPURequest).</summary>
    public bool NoCpuRequests { get; init; }

    public int ExpectedDesiredReplicas { get; init; }

    /// <summary>Expected (type, status, reason) in order; null means statusOk with <see cref="ConditionOverrides"/>.</summary>
    public (string Type, string Status, string Reason)[]? ExpectedConditions { get; init; }

    public (string Type, string Status, string Reason)[] ConditionOverrides { get; init; } = [];

    /// <summary>The statusOk list of horizontal_test.go.</summary>
    public static readonly (string Type, string Status, string Reason)[] StatusOk =
    [
        ("AbleToScale", "True", "SucceededRescale"),
        ("ScalingActive", "True", "ValidMetricFound"),
        ("ScalingLimited", "False", "DesiredWithinRange"),
    ];

    /// <summary>statusOkWithOverrides.</summary>
    public (string Type, string Status, string Reason)[] Expected()
    {
        if (ExpectedConditions is not null)
        {
            return ExpectedConditions;
        }

        var list = StatusOk.ToList();
        foreach (var o in ConditionOverrides)
        {
            int i = list.FindIndex(c => c.Type == o.Type);
            if (i < 0)
            {
                list.Add(o);
            }
            else
            {
                list[i] = o;
            }
        }

        return [.. list];
    }

    /// <summary>Runs the controller for one sync and returns what it did.</summary>
    public HpaControllerResult Run()
    {
        var trace = new Trace();
        var kernel = new Kernel();
        var config = new ControlPlaneConfig
        {
            HpaTolerance = 0.1,
            HpaCpuInitializationPeriod = TimeSpan.FromMinutes(2),
            HpaInitialReadinessDelay = TimeSpan.FromSeconds(10),
            HpaDownscaleStabilization = TimeSpan.FromMinutes(5),
        };
        var api = new ApiServer(kernel, trace, 1, config);
        api.Bootstrap("192.168.0.2");
        api.Create(new Namespace { Metadata = { Name = Namespace } });
        var events = new EventRecorder(kernel, trace);
        var metrics = new FakeMetrics(this);
        var controller = new HorizontalController(kernel, api, events, config, metrics);
        if (EmptyRecommendations)
        {
            controller.Normalizer.SetRecommendations("test-namespace/test-hpa", []);
        }
        kernel.RunUntil(Start);

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["name"] = "test-pod" };
        KubeObject target = Resource.Kind switch
        {
            "Deployment" => new Deployment { Replicas = SpecReplicas, Selector = new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) }, Status = { Replicas = StatusReplicas } },
            "ReplicaSet" => new ReplicaSet { Replicas = SpecReplicas, Selector = new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) }, Status = { Replicas = StatusReplicas } },
            _ => new ReplicationController { Replicas = SpecReplicas, Selector = new(labels, StringComparer.Ordinal), Status = { Replicas = StatusReplicas } },
        };
        target.ApiVersion = Resource.ApiVersion;
        target.Metadata.Name = Resource.Name;
        target.Metadata.Namespace = Namespace;
        api.Store.Add(target);

        int podCount = ReportedCpuRequests?.Length ?? StatusReplicas;
        for (int i = 0; i < podCount; i++)
        {
            var request = Quantity.Parse(ReportedCpuRequests?[i] ?? "1.0");
            var start = PodStartAgo?[i] is { } ago ? SyncAt - ago : TimeSpan.Zero;
            var pod = new Pod
            {
                Metadata = { Name = $"test-pod-{i}", Namespace = Namespace, Labels = new(labels, StringComparer.Ordinal) },
                Status = { Phase = PodPhase?[i] ?? "Running", StartTime = start },
            };
            pod.Status.Conditions.Add(new PodCondition { Type = "Ready", Status = PodReadiness?[i] ?? "True", LastTransitionTime = start });
            foreach (var name in new[] { "container1", "container2" })
            {
                var c = new Container { Name = name, Image = "test" };
                if (!NoCpuRequests)
                {
                    c.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(request.MilliValue() / 2);
                }

                pod.Spec.Containers.Add(c);
            }

            if (PodDeletion?[i] == true)
            {
                pod.Metadata.DeletionTimestamp = SyncAt;
            }

            api.Store.Add(pod);
        }

        HpaScalingRules? up = ScaleUpRules, down = ScaleDownRules;
        var hpa = new HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Metadata = { Name = "test-hpa", Namespace = Namespace },
            Spec =
            {
                ScaleTargetRef = new CrossVersionObjectReference { Kind = Resource.Kind, Name = Resource.Name, ApiVersion = Resource.ApiVersion },
                MinReplicas = MinReplicas,
                MaxReplicas = MaxReplicas,
                Behavior = up is null && down is null ? null : new HorizontalPodAutoscalerBehavior { ScaleUp = up, ScaleDown = down },
            },
            Status = { CurrentReplicas = SpecReplicas, DesiredReplicas = SpecReplicas, LastScaleTime = LastScaleTime },
        };
        if (CpuTarget > 0)
        {
            hpa.Spec.Metrics.Add(new MetricSpec { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization", AverageUtilization = CpuTarget } } });
        }

        hpa.Spec.Metrics.AddRange(MetricsTarget ?? []);
        if (hpa.Spec.Metrics.Count == 0)
        {
            // As the Go test: "manually add in the defaulting logic", a cpu metric with no target.
            hpa.Spec.Metrics.Add(new MetricSpec { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu" } });
        }
        Defaults.ApplyHorizontalPodAutoscaler(hpa);
        api.Store.Add(hpa);
        kernel.RunUntil(SyncAt);
        var result = new HpaControllerResult(hpa, target, events.Events.Where(e => e.InvolvedKind == "HorizontalPodAutoscaler").ToList());
        trace.Dispose();
        return result;
    }

    /// <summary>The computeCPUCurrent of the Go test.</summary>
    public int ExpectedCpuCurrent()
    {
        if (CpuCurrent != 0)
        {
            return CpuCurrent;
        }

        long reported = ReportedLevels.Sum(l => (long)l);
        long requested = (ReportedCpuRequests ?? []).Sum(r => Quantity.Parse(r).MilliValue());
        return requested == 0 ? 0 : (int)(100 * reported / requested);
    }

    private sealed class FakeMetrics(HpaControllerCase tc) : IResourceMetricsClient
    {
        public SortedDictionary<string, PodMetric>? GetResourceMetric(string resource, string ns, Selector selector, out string? error)
        {
            var result = new SortedDictionary<string, PodMetric>(StringComparer.Ordinal);
            for (int i = 0; i < tc.ReportedLevels.Length; i++)
            {
                // Two containers at level/2 each, summed as the metrics client does.
                long value = resource == "cpu" ? 2 * (long)(tc.ReportedLevels[i] / 2) : 1024L * 1024 * 1000;
                result[$"test-pod-{i}"] = new PodMetric(SyncAt, TimeSpan.FromMinutes(1), value);
            }

            error = result.Count == 0 ? "no metrics returned from resource metrics API" : null;
            return result.Count == 0 ? null : result;
        }
    }
}

public sealed record HpaControllerResult(HorizontalPodAutoscaler Hpa, KubeObject Target, List<KubeEvent> Events)
{
    public int TargetReplicas => Target switch
    {
        Deployment d => d.Replicas,
        ReplicatedSet s => s.Replicas,
        _ => -1,
    };

    public (string Type, string Status, string Reason)[] Conditions =>
        Hpa.Status.Conditions.Select(c => (c.Type, c.Status, c.Reason)).ToArray();

    public int? CpuUtilization =>
        Hpa.Status.CurrentMetrics.FirstOrDefault(m => m.Resource?.Name == "cpu")?.Resource?.Current.AverageUtilization;
}
