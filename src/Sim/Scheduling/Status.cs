namespace ClusterSim.Sim.Scheduling;

/// <summary>Result codes of a plugin call, as pkg/scheduler/framework/interface.go Code.</summary>
public enum StatusCode
{
    /// <summary>The plugin ran and the pod passes.</summary>
    Success,

    /// <summary>An internal error; the pod is retried after backoff.</summary>
    Error,

    /// <summary>The pod does not fit, but preemption (not modelled) might help.</summary>
    Unschedulable,

    /// <summary>The pod does not fit and preemption would not help.</summary>
    UnschedulableAndUnresolvable,

    /// <summary>PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score is skipped.</summary>
    Skip,
}

/// <summary>
/// The outcome of a plugin call: a code, the reasons (the strings the FitError message counts) and the
/// plugin that produced it. pkg/scheduler/framework/interface.go Status.
/// </summary>
public sealed class Status
{
    /// <summary>The shared success status (never carries a plugin name).</summary>
    public static readonly Status Success = new(StatusCode.Success, []);

    /// <summary>The shared skip status.</summary>
    public static readonly Status Skip = new(StatusCode.Skip, []);

    public Status(StatusCode code, IReadOnlyList<string> reasons, string? plugin = null)
    {
        Code = code;
        Reasons = reasons;
        Plugin = plugin;
    }

    public StatusCode Code { get; }

    /// <summary>Reasons, each counted separately in the FitError message.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The plugin that returned this status, when known.</summary>
    public string? Plugin { get; }

    public bool IsSuccess => Code == StatusCode.Success;

    public bool IsSkip => Code == StatusCode.Skip;

    /// <summary>Unschedulable or UnschedulableAndUnresolvable (Status.IsRejected).</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    /// <summary>The reasons joined with ", " (Status.Message).</summary>
    public string Message => string.Join(", ", Reasons);

    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);

    public static Status UnschedulableAndUnresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);

    public static Status AsError(string message) => new(StatusCode.Error, [message]);

    /// <summary>This status attributed to <paramref name="plugin"/>.</summary>
    public Status WithPlugin(string plugin) => IsSuccess || IsSkip || Plugin == plugin ? this : new Status(Code, Reasons, plugin);

    public override string ToString() => Code + (Reasons.Count > 0 ? ": " + Message : "");
}
