namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// The outcome of one scheduling attempt (schedule_one.go ScheduleResult, or the failure): the chosen node,
/// or the status and, when the pod fits nowhere, the <see cref="FitError"/>.
/// </summary>
public sealed class SchedulingResult
{
    private SchedulingResult(string? node, Status status, FitError? fitError, int evaluatedNodes, int feasibleNodes)
    {
        SuggestedHost = node;
        Status = status;
        FitError = fitError;
        EvaluatedNodes = evaluatedNodes;
        FeasibleNodes = feasibleNodes;
    }

    /// <summary>The chosen node, or null on failure.</summary>
    public string? SuggestedHost { get; }

    /// <summary>Success, or the failure status (rejected, or an error).</summary>
    public Status Status { get; }

    /// <summary>Why the pod fits no node, when that is the failure.</summary>
    public FitError? FitError { get; }

    /// <summary>Nodes the filters ran on.</summary>
    public int EvaluatedNodes { get; }

    /// <summary>Nodes that passed the filters.</summary>
    public int FeasibleNodes { get; }

    public bool Succeeded => SuggestedHost is not null;

    /// <summary>The FailedScheduling message (empty on success).</summary>
    public string Message => FitError?.Error() ?? (Status.IsSuccess ? "" : Status.Message);

    internal static SchedulingResult Scheduled(string node, int evaluated, int feasible) => new(node, Status.Success, null, evaluated, feasible);

    internal static SchedulingResult Unfit(FitError error) => new(null, new Status(StatusCode.Unschedulable, [error.Error()]), error, error.Diagnosis.NodeToStatus.Count, 0);

    internal static SchedulingResult Failed(Status status) => new(null, status, null, 0, 0);
}
