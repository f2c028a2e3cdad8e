namespace ClusterSim.Sim.Api;

/// <summary>A pod (core/v1 Pod).</summary>
public sealed class Pod : KubeObject
{
    public Pod()
        : this(new PodSpec())
    {
    }

    /// <summary>A pod with <paramref name="spec"/> (a controller's pod from a template: no default spec built only to be replaced).</summary>
    public Pod(PodSpec spec)
    {
        Spec = spec;
    }

    public override string Kind => "Pod";

    public PodSpec Spec { get; set; }

    public PodStatus Status { get; set; } = new();
}

/// <summary>A pod's desired state (the parts the simulator models; the rest is kept as unknown fields).</summary>
public sealed class PodSpec
{
    public List<Container> Containers { get; set; } = [];

    public List<Container> InitContainers { get; set; } = [];

    /// <summary>Always (default), OnFailure or Never.</summary>
    public string RestartPolicy { get; set; } = "Always";

    /// <summary>Set by the scheduler's bind (or by the user, skipping the scheduler).</summary>
    public string NodeName { get; set; } = "";

    public SortedDictionary<string, string> NodeSelector { get; set; } = new(StringComparer.Ordinal);

    public Affinity? Affinity { get; set; }

    public List<Toleration> Tolerations { get; set; } = [];

    public string SchedulerName { get; set; } = "default-scheduler";

    /// <summary>Default 30, as in Kubernetes.</summary>
    public long TerminationGracePeriodSeconds { get; set; } = 30;

    /// <summary>Set by the Priority admission plugin on create from the pod's PriorityClass (or the default: 0).</summary>
    public int? Priority { get; set; }

    public string? PriorityClassName { get; set; }

    /// <summary>PreemptLowerPriority or Never; set by the Priority admission plugin from the pod's PriorityClass.</summary>
    [OmittedFromHashWhenNull]
    public string? PreemptionPolicy { get; set; }

    public List<TopologySpreadConstraint> TopologySpreadConstraints { get; set; } = [];

    public string? Hostname { get; set; }

    public List<Volume> Volumes { get; set; } = [];

    public PodSpec Clone()
    {
        // A memberwise copy with fresh collections (see ObjectMeta.Clone): every pod is created from a copy of
        // its template's spec. The elements of these lists other than containers are immutable records.
        var copy = (PodSpec)MemberwiseClone();
        copy.Containers = CloneAll(Containers);
        copy.InitContainers = CloneAll(InitContainers);
        copy.NodeSelector = MapCopies.Copy(NodeSelector);
        copy.Tolerations = [.. Tolerations];
        copy.TopologySpreadConstraints = [.. TopologySpreadConstraints];
        copy.Volumes = [.. Volumes];
        return copy;
    }

    private static List<Container> CloneAll(List<Container> containers)
    {
        var copies = new List<Container>(containers.Count);
        foreach (var c in containers)
        {
            copies.Add(c.Clone());
        }

        return copies;
    }
}

/// <summary>A volume, kept only for display (the simulator does not model storage).</summary>
public sealed record Volume(string Name, string Type);

/// <summary>A container of a pod.</summary>
public sealed class Container
{
    public string Name { get; set; } = "";

    public string Image { get; set; } = "";

    /// <summary>Defaulted as Kubernetes does: Always for ":latest" or no tag, IfNotPresent otherwise.</summary>
    public string ImagePullPolicy { get; set; } = "";

    public List<string> Command { get; set; } = [];

    public List<string> Args { get; set; } = [];

    public List<ContainerPort> Ports { get; set; } = [];

    public List<EnvVar> Env { get; set; } = [];

    public ResourceRequirements Resources { get; set; } = new();

    public Probe? ReadinessProbe { get; set; }

    public Probe? LivenessProbe { get; set; }

    public Probe? StartupProbe { get; set; }

    public List<VolumeMount> VolumeMounts { get; set; } = [];

    public Container Clone()
    {
        // A memberwise copy with fresh lists (see ObjectMeta.Clone); probes, ports, env vars and mounts are immutable records.
        var copy = (Container)MemberwiseClone();
        copy.Command = [.. Command];
        copy.Args = [.. Args];
        copy.Ports = [.. Ports];
        copy.Env = [.. Env];
        copy.Resources = Resources.Clone();
        copy.VolumeMounts = [.. VolumeMounts];
        return copy;
    }
}

public sealed record ContainerPort(int Port, string? Name = null, string Protocol = "TCP", int? HostPort = null);

public sealed record EnvVar(string Name, string? Value);

public sealed record VolumeMount(string Name, string MountPath, bool ReadOnly = false);

/// <summary>Requests and limits by resource name.</summary>
public sealed class ResourceRequirements
{
    public SortedDictionary<string, Quantity> Requests { get; set; }

    public SortedDictionary<string, Quantity> Limits { get; set; }

    public ResourceRequirements Clone() => new(MapCopies.Copy(Requests), MapCopies.Copy(Limits));

    public ResourceRequirements()
        : this(ResourceNames.NewList(), ResourceNames.NewList())
    {
    }

    private ResourceRequirements(SortedDictionary<string, Quantity> requests, SortedDictionary<string, Quantity> limits)
    {
        Requests = requests;
        Limits = limits;
    }
}

/// <summary>A probe; only its timing matters to the simulator (the check itself always succeeds once the container is up).</summary>
public sealed record Probe(
    string Handler,
    int InitialDelaySeconds = 0,
    int PeriodSeconds = 10,
    int TimeoutSeconds = 1,
    int SuccessThreshold = 1,
    int FailureThreshold = 3);

/// <summary>A toleration (core/v1 Toleration).</summary>
public sealed record Toleration(string? Key, string Operator, string? Value, string? Effect, long? TolerationSeconds)
{
    /// <summary>Whether this toleration tolerates <paramref name="taint"/>; pkg/apis/core/v1/helper ToleratesTaint / Toleration.ToleratesTaint.</summary>
    public bool ToleratesTaint(Taint taint)
    {
        if (!string.IsNullOrEmpty(Effect) && Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(Key) && Key != taint.Key)
        {
            return false;
        }

        return Operator switch
        {
            "Exists" => true,
            "" or "Equal" => (Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}

/// <summary>A pod's scheduling constraints (core/v1 Affinity): node affinity and inter-pod (anti-)affinity.</summary>
public sealed record Affinity(
    NodeAffinity? NodeAffinity,
    [property: OmittedFromHashWhenNull] PodAffinity? PodAffinity = null,
    [property: OmittedFromHashWhenNull] PodAntiAffinity? PodAntiAffinity = null);

public sealed record NodeAffinity(
    NodeSelector? RequiredDuringSchedulingIgnoredDuringExecution,
    IReadOnlyList<PreferredSchedulingTerm> PreferredDuringSchedulingIgnoredDuringExecution);

/// <summary>ORed terms.</summary>
public sealed record NodeSelector(IReadOnlyList<NodeSelectorTerm> NodeSelectorTerms);

/// <summary>ANDed requirements over labels (matchExpressions) and fields (matchFields, metadata.name only).</summary>
public sealed record NodeSelectorTerm(IReadOnlyList<NodeSelectorRequirement> MatchExpressions, IReadOnlyList<NodeSelectorRequirement> MatchFields);

/// <summary>Operators In, NotIn, Exists, DoesNotExist, Gt, Lt.</summary>
public sealed record NodeSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);

public sealed record PreferredSchedulingTerm(int Weight, NodeSelectorTerm Preference);

public sealed record TopologySpreadConstraint(int MaxSkew, string TopologyKey, string WhenUnsatisfiable, LabelSelector? LabelSelector);

/// <summary>A pod's observed state.</summary>
public sealed class PodStatus
{
    /// <summary>Pending, Running, Succeeded, Failed or Unknown.</summary>
    public string Phase { get; set; } = "Pending";

    public List<PodCondition> Conditions { get; set; } = [];

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string HostIP { get; set; } = "";

    public string PodIP { get; set; } = "";

    public TimeSpan? StartTime { get; set; }

    public List<ContainerStatus> ContainerStatuses { get; set; } = [];

    /// <summary>Guaranteed, Burstable or BestEffort (computed at creation as Kubernetes does).</summary>
    public string QosClass { get; set; } = "BestEffort";

    /// <summary>The node the scheduler nominated after preempting pods there (status.nominatedNodeName); "" when none.</summary>
    public string NominatedNodeName { get; set; } = "";

    /// <summary>The condition of <paramref name="type"/>, if present.</summary>
    public PodCondition? GetCondition(string type)
    {
        // A loop rather than List.Find with a lambda: this runs for every pod in every ReplicaSet status sync,
        // and the lambda capturing `type` allocated a closure and a delegate per call.
        foreach (var c in Conditions)
        {
            if (c.Type == type)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Sets a condition, keeping its transition time when the status does not change.</summary>
    public void SetCondition(string type, string status, TimeSpan now, string? reason = null, string? message = null)
    {
        var existing = GetCondition(type);
        if (existing is null)
        {
            Conditions.Add(new PodCondition { Type = type, Status = status, LastTransitionTime = now, Reason = reason, Message = message });
            return;
        }

        if (existing.Status != status)
        {
            existing.LastTransitionTime = now;
        }

        existing.Status = status;
        existing.Reason = reason;
        existing.Message = message;
    }
}

public sealed class PodCondition
{
    /// <summary>PodScheduled, Initialized, ContainersReady, Ready.</summary>
    public string Type { get; set; } = "";

    public string Status { get; set; } = "False";

    public TimeSpan LastTransitionTime { get; set; }

    public TimeSpan? LastProbeTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}

public sealed class ContainerStatus
{
    public string Name { get; set; } = "";

    public string Image { get; set; } = "";

    public string ImageId { get; set; } = "";

    public string ContainerId { get; set; } = "";

    public bool Ready { get; set; }

    public bool Started { get; set; }

    public int RestartCount { get; set; }

    public ContainerState State { get; set; } = ContainerState.Waiting("ContainerCreating");

    public ContainerState? LastTerminationState { get; set; }
}

/// <summary>Exactly one of waiting, running or terminated, as in core/v1 ContainerState.</summary>
public sealed record ContainerState(string Kind, string? Reason, string? Message, TimeSpan? StartedAt, TimeSpan? FinishedAt, int ExitCode)
{
    public const string WaitingKind = "Waiting";
    public const string RunningKind = "Running";
    public const string TerminatedKind = "Terminated";

    public static ContainerState Waiting(string reason, string? message = null) => new(WaitingKind, reason, message, null, null, 0);

    public static ContainerState Running(TimeSpan startedAt) => new(RunningKind, null, null, startedAt, null, 0);

    public static ContainerState Terminated(string reason, int exitCode, TimeSpan? startedAt, TimeSpan finishedAt, string? message = null) =>
        new(TerminatedKind, reason, message, startedAt, finishedAt, exitCode);

    public bool IsWaiting => Kind == WaitingKind;

    public bool IsRunning => Kind == RunningKind;

    public bool IsTerminated => Kind == TerminatedKind;
}
