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
/// downscale stabilization 5m, and the init() override scaleUpLimitFactor = 8); the run stops after the first
/// sync, one sync period after the HPA appears. Go's `time.Now()` in a case is <see cref="SyncAt"/>.
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

    /// <summary>The Go test's `recommendations`: the history to start from, each (recommendation, how long before the sync).</summary>
    public (int Recommendation, TimeSpan Ago)[]? Recommendations { get; init; }

    /// <summary>horizontal.go's scaleUpLimitFactor; horizontal_test.go's init() sets it to 8 "so we don't accidentally run into it".</summary>
    public double ScaleUpLimitFactor { get; init; } = 8;

    /// <summary>The Go test's `hpaSelectors`: other HPAs of the namespace (by name) already known with these selectors.</summary>
    public (string Name, string Selector)[] OtherHpaSelectors { get; init; } = [];

    /// <summary>Labels the pods carry besides name=test-pod (TestConditionAmbiguousSelectorWhenPartialSelectorOverlapBetweenHPAs).</summary>
    public Dictionary<string, string>? ExtraPodLabels { get; init; }

    /// <summary>The target's scale has no selector (TestConditionInvalidSelectorMissing).</summary>
    public bool TargetWithoutSelector { get; init; }

    /// <summary>The target does not exist, so getting its scale fails (TestConditionFailedGetScale).</summary>
    public bool TargetMissing { get; init; }

    /// <summary>The resource metrics API fails with this error (TestConditionFailedGetMetrics).</summary>
    public string? MetricsError { get; init; }

    /// <summary>Scale updates fail with this error (TestConditionFailedUpdateScale).</summary>
    public string? ScaleUpdateError { get; init; }

    /// <summary>Changes to the HPA before it is stored (TestAvoidUnnecessaryUpdates' own HPA).</summary>
    public Action<HorizontalPodAutoscaler>? CustomizeHpa { get; init; }

    /// <summary>The Go test's verifyEvents: an event iff the replicas change, and only SuccessfulRescale with the cpu reason.</summary>
    public bool VerifyEvents { get; init; }

    /// <summary>The HPA's events exactly, in order (type, reason, and the message unless null); null checks nothing more.</summary>
    public (string Type, string Reason, string? Message)[]? ExpectedEvents { get; init; }

    /// <summary>True when the controller must not write the HPA's status (TestAvoidUnnecessaryUpdates); else it must.</summary>
    public bool ExpectNoStatusUpdate { get; init; }

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
        controller.Normalizer.UpLimitFactor = ScaleUpLimitFactor;
        if (EmptyRecommendations || Recommendations is not null)
        {
            var history = (Recommendations ?? []).Select(r => new TimestampedRecommendation(r.Recommendation, SyncAt - r.Ago));
            controller.Normalizer.SetRecommendations("test-namespace/test-hpa", history);
        }

        foreach (var (name, selector) in OtherHpaSelectors)
        {
            controller.PutSelector($"{Namespace}/{name}", Selector.Parse(selector));
        }

        if (ScaleUpdateError is { } updateError)
        {
            controller.ScaleUpdateError = (_, _) => updateError;
        }

        kernel.RunUntil(Start);

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["name"] = "test-pod" };
        var selectorLabels = TargetWithoutSelector ? new SortedDictionary<string, string>(StringComparer.Ordinal) : labels;
        KubeObject target = Resource.Kind switch
        {
            "Deployment" => new Deployment { Replicas = SpecReplicas, Selector = TargetWithoutSelector ? null : new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) }, Status = { Replicas = StatusReplicas } },
            "ReplicaSet" => new ReplicaSet { Replicas = SpecReplicas, Selector = TargetWithoutSelector ? null : new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) }, Status = { Replicas = StatusReplicas } },
            _ => new ReplicationController { Replicas = SpecReplicas, Selector = new(selectorLabels, StringComparer.Ordinal), Status = { Replicas = StatusReplicas } },
        };
        target.ApiVersion = Resource.ApiVersion;
        target.Metadata.Name = Resource.Name;
        target.Metadata.Namespace = Namespace;
        if (!TargetMissing)
        {
            api.Store.Add(target);
        }

        var podLabels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal);
        foreach (var (key, value) in ExtraPodLabels ?? [])
        {
            podLabels[key] = value;
        }

        int podCount = ReportedCpuRequests?.Length ?? StatusReplicas;
        for (int i = 0; i < podCount; i++)
        {
            var request = Quantity.Parse(ReportedCpuRequests?[i] ?? "1.0");
            var start = PodStartAgo?[i] is { } ago ? SyncAt - ago : TimeSpan.Zero;
            var pod = new Pod
            {
                Metadata = { Name = $"test-pod-{i}", Namespace = Namespace, Labels = new(podLabels, StringComparer.Ordinal) },
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
        CustomizeHpa?.Invoke(hpa);
        api.Store.Add(hpa);
        long storedVersion = hpa.Metadata.ResourceVersion;
        kernel.RunUntil(SyncAt);
        var hpaEvents = events.Events.Where(e => e.InvolvedKind == "HorizontalPodAutoscaler" && e.InvolvedName == "test-hpa").ToList();
        var result = new HpaControllerResult(hpa, target, hpaEvents, hpa.Metadata.ResourceVersion != storedVersion);
        trace.Dispose();
        return result;
    }

    /// <summary>
    /// horizontal_test.go's checks (the status update reactor, verifyResults and the event reactor): the desired
    /// replicas, the scale written iff the replicas change, the CPU utilization, the conditions (without messages),
    /// that the status was written, and the events.
    /// </summary>
    public void Verify(string name, HpaControllerResult result)
    {
        Assert.True(ExpectedDesiredReplicas == result.Hpa.Status.DesiredReplicas, $"{name}: desired {result.Hpa.Status.DesiredReplicas}, expected {ExpectedDesiredReplicas}");
        if (ExpectedDesiredReplicas != SpecReplicas)
        {
            Assert.Equal(ExpectedDesiredReplicas, result.TargetReplicas);
            Assert.Contains(result.Events, e => e.Reason == "SuccessfulRescale");
        }
        else
        {
            Assert.Equal(SpecReplicas, result.TargetReplicas);
            Assert.DoesNotContain(result.Events, e => e.Reason == "SuccessfulRescale");
        }

        if (VerifyCpuCurrent)
        {
            Assert.Equal(ExpectedCpuCurrent(), result.CpuUtilization);
        }

        Assert.Equal(Expected(), result.Conditions);
        Assert.True(result.StatusUpdated != ExpectNoStatusUpdate, $"{name}: status updated {result.StatusUpdated}");
        if (VerifyEvents)
        {
            Assert.Equal(SpecReplicas != ExpectedDesiredReplicas, result.Events.Count > 0);
            foreach (var e in result.Events)
            {
                Assert.Equal("SuccessfulRescale", e.Reason);
                Assert.Equal($"New size: {ExpectedDesiredReplicas}; reason: cpu resource utilization (percentage of request) above target", e.Message);
            }
        }

        if (ExpectedEvents is not null)
        {
            Assert.Equal(ExpectedEvents.Select(e => (e.Type, e.Reason)), result.Events.Select(e => (e.Type, e.Reason)));
            for (int i = 0; i < ExpectedEvents.Length; i++)
            {
                if (ExpectedEvents[i].Message is { } message)
                {
                    Assert.Equal(message, result.Events[i].Message);
                }
            }
        }
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
            if (tc.MetricsError is { } failure)
            {
                error = failure;
                return null;
            }

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

public sealed record HpaControllerResult(HorizontalPodAutoscaler Hpa, KubeObject Target, List<KubeEvent> Events, bool StatusUpdated)
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
