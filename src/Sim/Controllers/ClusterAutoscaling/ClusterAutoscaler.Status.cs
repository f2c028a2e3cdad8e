using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// The cluster state registry's bookkeeping and the status ConfigMap, as cluster-autoscaler 1.33 keeps them
/// (clusterstate/clusterstate.go): at the start of every loop the nodes' readiness per group and in total
/// (updateReadinessStats: ready, unready, not started, long unregistered, unregistered) and each group's acceptable
/// range (updateAcceptableRanges); at its end GetStatus, written to kube-system/cluster-autoscaler-status by
/// WriteStatusConfigMap (data key "status", annotation cluster-autoscaler.kubernetes.io/last-updated), as
/// static_autoscaler.go RunOnce's deferred write does. The LogRecorder's events are recorded on that ConfigMap.
/// </summary>
public sealed partial class ClusterAutoscaler
{
    /// <summary>--status-config-map-name's default.</summary>
    public const string StatusConfigMapName = "cluster-autoscaler-status";

    /// <summary>--namespace's default: where the status ConfigMap lives.</summary>
    public const string StatusNamespace = "kube-system";

    /// <summary>status.go ConfigMapLastUpdatedKey.</summary>
    public const string LastUpdatedAnnotation = "cluster-autoscaler.kubernetes.io/last-updated";

    /// <summary>clusterstate.go maxErrorMessageSize: a backoff message in the status is cut to this many bytes.</summary>
    private const int MaxErrorMessageSize = 500;

    private static readonly IReadOnlySet<string> NotReadyTaints = new HashSet<string>(StringComparer.Ordinal)
    {
        "node.kubernetes.io/not-ready", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/network-unavailable",
    };

    private readonly Dictionary<string, Readiness> _groupReadiness = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AcceptableRange> _acceptable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _unregisteredSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _loopTargets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _lastLogEvent = new(StringComparer.Ordinal);
    private Readiness _totalReadiness;
    private Dictionary<string, int> _scaleDownCandidates = new(StringComparer.Ordinal);
    private TimeSpan? _lastScaleDownUpdateTime;
    private ClusterAutoscalerStatus _lastStatus = new();
    private ConfigMap? _statusMap;

    /// <summary>The status the last loop wrote (Initializing before the first loop).</summary>
    public ClusterAutoscalerStatus Status => _lastStatus;

    /// <summary>A group's (or the cluster's) node counts at the start of a loop (clusterstate.go Readiness), and when they were measured.</summary>
    private readonly record struct Readiness(int Ready, int Unready, int NotStarted, int Registered, int LongUnregistered, int Unregistered, TimeSpan? Time)
    {
        public NodeCount Counts => new(Registered, Ready, NotStarted, 0, Unready, 0, LongUnregistered, Unregistered);
    }

    /// <summary>clusterstate.go AcceptableRange: how many nodes a group may have (MaxNodes is not read by anything modelled).</summary>
    private readonly record struct AcceptableRange(int MinNodes, int CurrentTarget);

    /// <summary>
    /// status.go NewStatusMapRecorder: the ConfigMap is created with the Initializing status when the autoscaler
    /// starts, and it is the object the LogRecorder's events are about.
    /// </summary>
    private void WriteInitialStatus() => WriteStatusConfigMap(new ClusterAutoscalerStatus());

    /// <summary>
    /// ClusterStateRegistry.UpdateNodes at the start of a loop: the unregistered instances (updateUnregisteredNodes keeps
    /// the time each was first seen), readiness (updateReadinessStats) and acceptable ranges from the target sizes now.
    /// </summary>
    private void UpdateClusterState(TimeSpan now)
    {
        _loopTargets.Clear();
        var seen = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var spec in Cloud.Groups)
        {
            _loopTargets[spec.Name] = Cloud.TargetSize(spec.Name);
            foreach (var instance in Cloud.UnregisteredInstances(spec.Name))
            {
                seen[instance] = _unregisteredSince.TryGetValue(instance, out var since) ? since : now;
            }
        }

        _unregisteredSince.Clear();
        foreach (var (instance, since) in seen)
        {
            _unregisteredSince[instance] = since;
        }

        UpdateReadinessStats(now);
        UpdateAcceptableRanges(_loopTargets);
    }

    /// <summary>
    /// updateReadinessStats: every node counts in the total and, when it belongs to one, in its group: Ready
    /// (GetNodeReadiness), else not started while younger than MaxNodeStartupTime, else unready; then each group's
    /// unregistered instances, long unregistered once first seen more than maxNodeProvisionTime ago. A group with
    /// neither has no readiness (its status leaves the counts and probe time out).
    /// </summary>
    private void UpdateReadinessStats(TimeSpan now)
    {
        _groupReadiness.Clear();
        var total = default(Readiness) with { Time = now };
        foreach (Node node in Store.List("Node"))
        {
            int bucket = IsNodeReady(node) ? 0 : node.Metadata.CreationTimestamp + MaxNodeStartupTime > now ? 1 : 2;
            total = Count(total, bucket);
            if (Cloud.GroupOf(node.Metadata.Name) is { } group)
            {
                _groupReadiness[group] = Count(_groupReadiness.GetValueOrDefault(group) with { Time = now }, bucket);
            }
        }

        foreach (var spec in Cloud.Groups)
        {
            foreach (var instance in Cloud.UnregisteredInstances(spec.Name))
            {
                var r = _groupReadiness.GetValueOrDefault(spec.Name) with { Time = now };
                bool isLong = _unregisteredSince[instance] + _config.MaxNodeProvisionTime < now;
                _groupReadiness[spec.Name] = isLong ? r with { LongUnregistered = r.LongUnregistered + 1 } : r with { Unregistered = r.Unregistered + 1 };
                total = isLong ? total with { LongUnregistered = total.LongUnregistered + 1 } : total with { Unregistered = total.Unregistered + 1 };
            }
        }

        _totalReadiness = total;

        static Readiness Count(Readiness r, int bucket) => (bucket switch
        {
            0 => r with { Ready = r.Ready + 1 },
            1 => r with { NotStarted = r.NotStarted + 1 },
            _ => r with { Unready = r.Unready + 1 },
        }) with
        { Registered = r.Registered + 1 };
    }

    /// <summary>utils/kubernetes/ready.go GetNodeReadiness: Ready True, no DiskPressure or NetworkUnavailable, none of their not-ready taints.</summary>
    private static bool IsNodeReady(Node node)
    {
        bool ready = false;
        foreach (var c in node.Status.Conditions)
        {
            switch (c.Type)
            {
                case "Ready":
                    ready = c.Status == "True";
                    break;
                case "DiskPressure" or "NetworkUnavailable" when c.Status == "True":
                    return false;
            }
        }

        return ready && !node.Spec.Taints.Any(t => NotReadyTaints.Contains(t.Key));
    }

    /// <summary>
    /// updateAcceptableRanges: a group may have from its target less its long-unregistered nodes and less the nodes of
    /// its scale-up under way, up to its target. Called with the loop's target sizes, and by Recalculate after a scale-up
    /// or a scale-down started, with the sizes then.
    /// </summary>
    private void UpdateAcceptableRanges(IReadOnlyDictionary<string, int> targets)
    {
        _acceptable.Clear();
        foreach (var spec in Cloud.Groups)
        {
            int size = targets.GetValueOrDefault(spec.Name);
            int min = size - _groupReadiness.GetValueOrDefault(spec.Name).LongUnregistered;
            if (_scaleUpRequests.TryGetValue(spec.Name, out var request))
            {
                min -= request.Increase;
            }

            _acceptable[spec.Name] = new AcceptableRange(min, size);
        }
    }

    /// <summary>ClusterStateRegistry.Recalculate: the acceptable ranges from the target sizes now.</summary>
    private void Recalculate() => UpdateAcceptableRanges(Cloud.Groups.ToDictionary(g => g.Name, g => Cloud.TargetSize(g.Name), StringComparer.Ordinal));

    /// <summary>IsClusterHealthy: unready nodes (not Ready, started long ago) within okTotalUnreadyCount or maxTotalUnreadyPercentage of all nodes.</summary>
    private bool IsClusterHealthy() =>
        !(_totalReadiness.Unready > _config.OkTotalUnreadyCount
          && _totalReadiness.Unready > _config.MaxTotalUnreadyPercentage / 100.0 * _totalReadiness.Registered);

    /// <summary>
    /// IsNodeGroupHealthy: a group without readiness is healthy when its target is 0 or its min is 0; otherwise the Ready
    /// nodes it misses below its acceptable minimum may not exceed the unready limits.
    /// </summary>
    private bool IsNodeGroupHealthy(string group)
    {
        if (!_acceptable.TryGetValue(group, out var acceptable))
        {
            return false;
        }

        if (!_groupReadiness.TryGetValue(group, out var readiness))
        {
            return acceptable.CurrentTarget == 0 || (acceptable.MinNodes == 0 && acceptable.CurrentTarget > 0);
        }

        int unjustified = Math.Max(0, acceptable.MinNodes - readiness.Ready);
        return !(unjustified > _config.OkTotalUnreadyCount
                 && unjustified > _config.MaxTotalUnreadyPercentage / 100.0 * (readiness.Ready + readiness.Unready + readiness.NotStarted));
    }

    /// <summary>areThereUpcomingNodesInNodeGroup: the target exceeds the registered nodes that have started.</summary>
    private bool AreThereUpcomingNodes(string group)
    {
        if (!_acceptable.TryGetValue(group, out var acceptable))
        {
            return false;
        }

        var r = _groupReadiness.GetValueOrDefault(group);
        return acceptable.CurrentTarget > r.Registered - r.NotStarted;
    }

    /// <summary>NodeGroupScaleUpSafety's SafeToScale: healthy and not backed off.</summary>
    private bool SafeToScaleUp(string group, TimeSpan now) => IsNodeGroupHealthy(group) && !InBackoff(group, now);

    /// <summary>UpdateScaleDownCandidates: the unneeded nodes per group, as the planner found them this loop.</summary>
    private void UpdateScaleDownCandidates(TimeSpan now)
    {
        var candidates = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (node, _) in _unneeded)
        {
            if (Cloud.GroupOf(node) is { } group)
            {
                candidates[group] = candidates.GetValueOrDefault(group) + 1;
            }
        }

        _scaleDownCandidates = candidates;
        _lastScaleDownUpdateTime = now;
    }

    /// <summary>ClusterStateRegistry.GetStatus: each running group's health, scale-up and scale-down conditions, then the cluster's.</summary>
    private ClusterAutoscalerStatus GetStatus(TimeSpan now)
    {
        var last = _lastStatus;
        var groups = new List<NodeGroupStatus>();
        foreach (var spec in Cloud.Groups)
        {
            var readiness = _groupReadiness.GetValueOrDefault(spec.Name);
            var acceptable = _acceptable.GetValueOrDefault(spec.Name);
            var lastGroup = last.Group(spec.Name);
            var health = new HealthCondition
            {
                Status = IsNodeGroupHealthy(spec.Name) ? "Healthy" : "Unhealthy",
                NodeCounts = readiness.Counts,
                Sizes = (acceptable.CurrentTarget, spec.MinSize, spec.MaxSize),
                LastProbeTime = readiness.Time,
            };
            health = WithTransition(health, lastGroup?.Health);
            groups.Add(new NodeGroupStatus
            {
                Name = spec.Name,
                Health = health,
                ScaleUp = ScaleUpStatus(spec.Name, readiness.Time, now, lastGroup?.ScaleUp),
                ScaleDown = ScaleDownStatus(_scaleDownCandidates.GetValueOrDefault(spec.Name), lastGroup?.ScaleDown),
            });
        }

        var wideHealth = new HealthCondition
        {
            Status = IsClusterHealthy() ? "Healthy" : "Unhealthy",
            NodeCounts = _totalReadiness.Counts,
            LastProbeTime = _totalReadiness.Time,
        };
        bool inProgress = groups.Any(g => g.ScaleUp.Status == "InProgress");
        var wideScaleUp = new ScaleUpCondition { Status = inProgress ? "InProgress" : "NoActivity", LastProbeTime = _totalReadiness.Time };
        var status = new ClusterAutoscalerStatus
        {
            AutoscalerStatus = ClusterAutoscalerStatus.Running,
            NodeGroups = groups,
            ClusterWide = new ClusterWideStatus
            {
                Health = WithTransition(wideHealth, last.ClusterWide?.Health),
                ScaleUp = WithTransition(wideScaleUp, last.ClusterWide?.ScaleUp),
                ScaleDown = ScaleDownStatus(_scaleDownCandidates.Values.Sum(), last.ClusterWide?.ScaleDown),
            },
        };
        _lastStatus = status;
        return status;
    }

    /// <summary>
    /// buildScaleUpStatusNodeGroup: InProgress while a scale-up's nodes are still to come, else Unhealthy, else Backoff
    /// with the error the backoff recorded (truncateIfExceedMaxLength), else NoActivity.
    /// </summary>
    private ScaleUpCondition ScaleUpStatus(string group, TimeSpan? probe, TimeSpan now, ScaleUpCondition? last)
    {
        ScaleUpCondition condition;
        if (AreThereUpcomingNodes(group) && _scaleUpRequests.ContainsKey(group))
        {
            condition = new ScaleUpCondition { Status = "InProgress", LastProbeTime = probe };
        }
        else if (!IsNodeGroupHealthy(group))
        {
            condition = new ScaleUpCondition { Status = "Unhealthy", LastProbeTime = probe };
        }
        else if (InBackoff(group, now))
        {
            var b = _backoff[group];
            condition = new ScaleUpCondition { Status = "Backoff", BackoffErrorCode = b.ErrorCode, BackoffErrorMessage = Truncate(b.ErrorMessage), LastProbeTime = probe };
        }
        else
        {
            condition = new ScaleUpCondition { Status = "NoActivity", LastProbeTime = probe };
        }

        return WithTransition(condition, last);
    }

    /// <summary>buildScaleDownStatusNodeGroup / Clusterwide: CandidatesPresent with the count, else NoCandidates; probed when the planner last ran.</summary>
    private ScaleDownCondition ScaleDownStatus(int candidates, ScaleDownCondition? last)
    {
        string status = candidates > 0 ? "CandidatesPresent" : "NoCandidates";
        return new ScaleDownCondition
        {
            Status = status,
            Candidates = candidates,
            LastProbeTime = _lastScaleDownUpdateTime,
            LastTransitionTime = last?.Status == status ? last.LastTransitionTime : _lastScaleDownUpdateTime,
        };
    }

    /// <summary>The last transition time: the last status's when the status is the same, else this probe's.</summary>
    private static HealthCondition WithTransition(HealthCondition c, HealthCondition? last) => new()
    {
        Status = c.Status,
        NodeCounts = c.NodeCounts,
        Sizes = c.Sizes,
        LastProbeTime = c.LastProbeTime,
        LastTransitionTime = last?.Status == c.Status ? last.LastTransitionTime : c.LastProbeTime,
    };

    private static ScaleUpCondition WithTransition(ScaleUpCondition c, ScaleUpCondition? last) => new()
    {
        Status = c.Status,
        BackoffErrorCode = c.BackoffErrorCode,
        BackoffErrorMessage = c.BackoffErrorMessage,
        LastProbeTime = c.LastProbeTime,
        LastTransitionTime = last?.Status == c.Status ? last.LastTransitionTime : c.LastProbeTime,
    };

    /// <summary>truncateIfExceedMaxLength: at most 500 bytes, the end replaced by "&lt;truncated&gt;".</summary>
    private static string Truncate(string s)
    {
        const string Truncated = "<truncated>";
        if (System.Text.Encoding.UTF8.GetByteCount(s) <= MaxErrorMessageSize)
        {
            return s;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(s);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, MaxErrorMessageSize - Truncated.Length) + Truncated;
    }

    /// <summary>The deferred write at the end of RunOnce: GetStatus, then WriteStatusConfigMap.</summary>
    private void WriteStatus(TimeSpan now) => WriteStatusConfigMap(GetStatus(now));

    /// <summary>
    /// status.go WriteStatusConfigMap: the status's time and the last-updated annotation are now; an existing
    /// kube-system/cluster-autoscaler-status gets data["status"] and the annotation (an update), else it is created.
    /// </summary>
    private void WriteStatusConfigMap(ClusterAutoscalerStatus status)
    {
        var now = _cluster.Epoch + Kernel.Now;
        string text = ClusterAutoscalerStatusYaml.Marshal(status, now, _cluster.Epoch);
        string updated = ClusterAutoscalerStatusYaml.LastUpdated(now);
        if (Store.Get("ConfigMap", StatusNamespace + "/" + StatusConfigMapName) is ConfigMap existing)
        {
            existing.Data["status"] = text;
            existing.Metadata.Annotations[LastUpdatedAnnotation] = updated;
            _cluster.Api.Update(existing, specChanged: true);
            _statusMap = existing;
            return;
        }

        try
        {
            _statusMap = _cluster.Api.Create(new ConfigMap
            {
                Metadata = { Name = StatusConfigMapName, Namespace = StatusNamespace, Annotations = { [LastUpdatedAnnotation] = updated } },
                Data = { ["status"] = text },
            });
        }
        catch (ApiException)
        {
            // "Failed to write status configmap" (e.g. kube-system deleted): logged, retried at the next loop.
        }
    }

    /// <summary>
    /// LogEventRecorder.Eventf: an event on the status ConfigMap from cluster-autoscaler. Its spam filter keys these
    /// events by message alone (utils/kubernetes factory.go getCustomSpamKeyFunc): the same message at most once per 5
    /// minutes.
    /// </summary>
    private void LogEvent(string type, string reason, string message)
    {
        if (_statusMap is null)
        {
            return;
        }

        var now = Kernel.Now;
        if (_lastLogEvent.TryGetValue(message, out var last) && now - last < EventSpamInterval)
        {
            return;
        }

        _lastLogEvent[message] = now;
        _cluster.Events.Record(_statusMap, type, reason, message, Source);
    }
}
