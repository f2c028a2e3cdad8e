using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Metrics;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>
/// The horizontal pod autoscaler controller (pkg/controller/podautoscaler/horizontal.go, Kubernetes v1.32):
/// every <see cref="ControlPlaneConfig.HpaSyncPeriod"/> it reads each HPA's target scale, computes the
/// replicas its Resource metrics ask for (<see cref="ReplicaCalculator"/>), normalizes them (min/max, the
/// older max(2x, 4) limit and controller-wide downscale stabilization when the HPA has no behavior, else
/// its behavior's stabilization windows and policies: <see cref="ReplicaNormalizer"/>), writes the scale
/// and the status with the AbleToScale, ScalingActive and ScalingLimited conditions, and records events.
/// <para>
/// Queueing follows the controller's rate-limited workqueue with a fixed resync interval: every add waits
/// one sync period and an add for a key already waiting is dropped, so a new HPA is first evaluated one
/// period after it appears and then once per period, whatever its status writes.
/// </para>
/// </summary>
public sealed partial class HorizontalController : IStoreWatcher
{
    /// <summary>The event source component.</summary>
    public const string ControllerName = "horizontal-pod-autoscaler";

    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly ControlPlaneConfig _config;
    private ReplicaCalculator _calculator;
    private readonly ReplicaNormalizer _normalizer;
    private readonly WorkQueue _queue;

    // Keys waiting in the delaying queue, with the time they become ready.
    private readonly Dictionary<string, TimeSpan> _waiting = new(StringComparer.Ordinal);

    // hpaSelectors: the selector each HPA last used, for the AmbiguousSelector check (validateAndParseSelector).
    private readonly SortedDictionary<string, Selector> _selectors = new(StringComparer.Ordinal);

    public HorizontalController(Kernel kernel, ApiServer api, EventRecorder events, ControlPlaneConfig config, IResourceMetricsClient metrics)
    {
        _kernel = kernel;
        _api = api;
        _events = events;
        _config = config;
        _calculator = new ReplicaCalculator(metrics, config.HpaTolerance, config.HpaCpuInitializationPeriod, config.HpaInitialReadinessDelay);
        _normalizer = new ReplicaNormalizer(config.HpaDownscaleStabilization);
        _queue = new WorkQueue(kernel, ProcessNextWorkItem);
        api.Store.Watch("HorizontalPodAutoscaler", this);
    }

    /// <summary>A test seam: reads metrics from <paramref name="metrics"/> instead (e.g. a deliberately broken metrics pipeline).</summary>
    internal void UseMetricsClient(IResourceMetricsClient metrics) =>
        _calculator = new ReplicaCalculator(metrics, _config.HpaTolerance, _config.HpaCpuInitializationPeriod, _config.HpaInitialReadinessDelay);

    /// <summary>The per-HPA recommendation and scale-event history (a test seam, as Go's tests set hpaController.recommendations).</summary>
    internal ReplicaNormalizer Normalizer => _normalizer;

    /// <summary>
    /// Test seam: an error for a scale update, or null to let it through. Nothing in the simulator makes a scale
    /// write fail, so Go's TestConditionFailedUpdateScale (a failing "update" reactor on the fake scale client)
    /// needs this to reach horizontal.go's FailedUpdateScale branch.
    /// </summary>
    internal Func<ScaleSubresource, int, string?>? ScaleUpdateError { get; set; }

    /// <summary>
    /// A test seam: given the HPA, the current count, the metrics' recommendation and the normalized count,
    /// returns the count to scale to, so a test can build a deliberately broken normalizer (one ignoring
    /// maxReplicas or the behavior's policies) and show the HPA invariants catch it.
    /// </summary>
    internal Func<HorizontalPodAutoscaler, int, int, int, int>? NormalizedReplicasSeam { get; set; }

    /// <summary>Registers the selector of an HPA under <paramref name="key"/> (a test seam, as Go's tests set hpaController.hpaSelectors).</summary>
    internal void PutSelector(string key, Selector selector) => _selectors[key] = selector;

    private ObjectStore Store => _api.Store;

    /// <summary>enqueueHPA / updateHPA / deleteHPA.</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is not HorizontalPodAutoscaler hpa)
        {
            return;
        }

        string key = hpa.Key;
        if (type == WatchEventType.Deleted)
        {
            // deleteHPA: queue.Forget and drop the selector; the state goes at the next reconcileKey (NotFound).
            _selectors.Remove(key);
            return;
        }

        AddRateLimited(key);
        if (!_selectors.ContainsKey(key))
        {
            _selectors[key] = Selector.Nothing;
        }
    }

    // workqueue AddRateLimited with NewDefaultHPARateLimiter(resyncPeriod): always one resync period later;
    // an item already waiting keeps its (earlier) ready time, so the new request is dropped.
    private void AddRateLimited(string key)
    {
        var due = _kernel.Now + _config.HpaSyncPeriod;
        if (_waiting.TryGetValue(key, out var existing) && existing <= due)
        {
            return;
        }

        _waiting[key] = due;
        _kernel.ScheduleAt(due, () =>
        {
            if (_waiting.TryGetValue(key, out var at) && at == _kernel.Now)
            {
                _waiting.Remove(key);
                _queue.Add(key);
            }
        });
    }

    // processNextWorkItem: reconcile, then requeue with the resync delay unless the HPA is gone.
    private void ProcessNextWorkItem(string key)
    {
        bool deleted = ReconcileKey(key);
        if (!deleted)
        {
            AddRateLimited(key);
        }
    }

    // horizontal.go reconcileKey
    private bool ReconcileKey(string key)
    {
        if (Store.Get("HorizontalPodAutoscaler", key) is not HorizontalPodAutoscaler hpa)
        {
            _normalizer.Forget(key);
            return true;
        }

        ReconcileAutoscaler(hpa, key);
        return false;
    }

    // horizontal.go reconcileAutoscaler
    private void ReconcileAutoscaler(HorizontalPodAutoscaler shared, string key)
    {
        var now = _kernel.Now;
        var original = HpaStatusCopy.Clone(shared.Status);
        var status = HpaStatusCopy.Clone(shared.Status);
        var spec = shared.Spec;

        var scale = ScaleSubresource.Get(Store, shared.Metadata.Namespace, spec.ScaleTargetRef, out var scaleError);
        if (scale is null)
        {
            _events.Warning(shared, "FailedGetScale", scaleError!, ControllerName);
            HpaConditions.Set(status.Conditions, HpaConditions.AbleToScale, "False", "FailedGetScale", $"the HPA controller was unable to get the target's current scale: {scaleError}", now);
            UpdateStatusIfNeeded(shared, original, status);
            return;
        }

        HpaConditions.Set(status.Conditions, HpaConditions.AbleToScale, "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale", now);
        int currentReplicas = scale.SpecReplicas;
        _normalizer.EnsureRecommendationHistory(key, currentReplicas, now);

        List<MetricStatus> metricStatuses = [];
        int desiredReplicas = 0;
        string rescaleReason = "";
        int minReplicas = spec.MinReplicas ?? 1;
        bool rescale = true;

        if (currentReplicas == 0 && minReplicas != 0)
        {
            // Autoscaling is disabled for this resource.
            desiredReplicas = 0;
            rescale = false;
            HpaConditions.Set(status.Conditions, HpaConditions.ScalingActive, "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero", now);
        }
        else if (currentReplicas > spec.MaxReplicas)
        {
            rescaleReason = "Current number of replicas above Spec.MaxReplicas";
            desiredReplicas = spec.MaxReplicas;
        }
        else if (currentReplicas < minReplicas)
        {
            rescaleReason = "Current number of replicas below Spec.MinReplicas";
            desiredReplicas = minReplicas;
        }
        else
        {
            int metricDesiredReplicas = ComputeReplicasForMetrics(shared, status, scale, out var metricName, out metricStatuses, out var error);
            if (error is not null && metricDesiredReplicas == -1)
            {
                // setCurrentReplicasAndMetricsInStatus
                SetStatus(status, currentReplicas, status.DesiredReplicas, metricStatuses, rescale: false, now);
                UpdateStatusIfNeeded(shared, original, status);
                _events.Warning(shared, "FailedComputeMetricsReplicas", error, ControllerName);
                return;
            }

            string rescaleMetric = "";
            if (metricDesiredReplicas > desiredReplicas)
            {
                desiredReplicas = metricDesiredReplicas;
                rescaleMetric = metricName;
            }

            if (desiredReplicas > currentReplicas)
            {
                rescaleReason = $"{rescaleMetric} above target";
            }

            if (desiredReplicas < currentReplicas)
            {
                rescaleReason = "All metrics below target";
            }

            ScalingLimit limit;
            ScaleStabilization stabilization;
            int prenormalizedDesiredReplicas = desiredReplicas;
            if (spec.Behavior is null)
            {
                desiredReplicas = _normalizer.NormalizeDesiredReplicas(shared, key, currentReplicas, desiredReplicas, minReplicas, now, out limit, out stabilization);
            }
            else
            {
                desiredReplicas = _normalizer.NormalizeDesiredReplicasWithBehaviors(shared, key, currentReplicas, desiredReplicas, minReplicas, now, out limit, out stabilization);
            }

            if (NormalizedReplicasSeam is { } seam)
            {
                desiredReplicas = seam(shared, currentReplicas, prenormalizedDesiredReplicas, desiredReplicas);
            }

            // normalizeDesiredReplicas(WithBehaviors) sets AbleToScale (stabilized or ReadyForNewScale), then ScalingLimited.
            HpaConditions.Set(status.Conditions, HpaConditions.AbleToScale, "True", stabilization.Reason, stabilization.Message, now);
            HpaConditions.Set(status.Conditions, HpaConditions.ScalingLimited, limit.Limited ? "True" : "False", limit.Reason, limit.Message, now);
            rescale = desiredReplicas != currentReplicas;
        }

        if (rescale)
        {
            if (UpdateScale(scale, desiredReplicas) is { } updateError)
            {
                // horizontal.go reconcileAutoscaler: a failed scale update leaves desiredReplicas as it was
                // (setCurrentReplicasAndMetricsInStatus) and records FailedRescale / FailedUpdateScale.
                _events.Warning(shared, "FailedRescale", string.Create(CultureInfo.InvariantCulture, $"New size: {desiredReplicas}; reason: {rescaleReason}; error: {updateError}"), ControllerName);
                HpaConditions.Set(status.Conditions, HpaConditions.AbleToScale, "False", "FailedUpdateScale", $"the HPA controller was unable to update the target scale: {updateError}", now);
                SetStatus(status, currentReplicas, status.DesiredReplicas, metricStatuses, rescale: false, now);
                UpdateStatusIfNeeded(shared, original, status);
                return;
            }

            HpaConditions.Set(status.Conditions, HpaConditions.AbleToScale, "True", "SucceededRescale", string.Create(CultureInfo.InvariantCulture, $"the HPA controller was able to update the target scale to {desiredReplicas}"), now);
            _events.Normal(shared, "SuccessfulRescale", string.Create(CultureInfo.InvariantCulture, $"New size: {desiredReplicas}; reason: {rescaleReason}"), ControllerName);
            _normalizer.StoreScaleEvent(spec.Behavior, key, currentReplicas, desiredReplicas, now);
        }
        else
        {
            desiredReplicas = currentReplicas;
        }

        SetStatus(status, currentReplicas, desiredReplicas, metricStatuses, rescale, now);
        UpdateStatusIfNeeded(shared, original, status);
    }

    // The scale update of reconcileAutoscaler; the error text on failure.
    private string? UpdateScale(ScaleSubresource scale, int desiredReplicas)
    {
        if (ScaleUpdateError?.Invoke(scale, desiredReplicas) is { } injected)
        {
            return injected;
        }

        try
        {
            scale.SetReplicas(_api, desiredReplicas);
            return null;
        }
        catch (ApiException e)
        {
            // The target went away between the get and the update (the API server's NotFound).
            return e.Message;
        }
    }

    // horizontal.go setStatus
    private static void SetStatus(HorizontalPodAutoscalerStatus status, int currentReplicas, int desiredReplicas, List<MetricStatus> metricStatuses, bool rescale, TimeSpan now)
    {
        status.CurrentReplicas = currentReplicas;
        status.DesiredReplicas = desiredReplicas;
        status.CurrentMetrics = metricStatuses;
        if (rescale)
        {
            status.LastScaleTime = now;
        }
    }

    // horizontal.go updateStatusIfNeeded: write only when the status changed.
    private void UpdateStatusIfNeeded(HorizontalPodAutoscaler hpa, HorizontalPodAutoscalerStatus original, HorizontalPodAutoscalerStatus status)
    {
        if (HpaStatusCopy.SemanticEquals(original, status))
        {
            return;
        }

        hpa.Status = status;
        _api.Update(hpa);
    }
}
