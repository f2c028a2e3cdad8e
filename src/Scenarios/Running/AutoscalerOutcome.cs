namespace ClusterSim.Scenarios.Running;

/// <summary>
/// What one HorizontalPodAutoscaler did in a run: its target and bounds, the load targets that feed its
/// pods, how it reacted to each change of that load, and the most load left unserved meanwhile.
/// </summary>
public sealed record AutoscalerOutcome(
    string Namespace,
    string Name,
    string Reference,
    int? TargetCpuPercent,
    int MinReplicas,
    int MaxReplicas,
    IReadOnlyList<string> LoadTargets,
    IReadOnlyList<HpaReaction> Reactions,
    int Rescales,
    int PeakReplicas,
    double PeakUnservedRps,
    TimeSpan? PeakUnservedAt);

/// <summary>
/// One load change (a rise or fall of the base offered rate, before noise, of more than
/// <see cref="AutoscalerAnalysis.ChangeThreshold"/>) and the HPA's answer: its first rescale in the same
/// direction after the change began, and its last one before the next change (where replicas settled).
/// </summary>
public sealed record HpaReaction(TimeSpan ChangeAt, TimeSpan ChangeEnd, double FromRps, double ToRps, TimeSpan? FirstRescaleAt, int? FirstSize, TimeSpan? LastRescaleAt, int? SettledSize)
{
    public bool Up => ToRps > FromRps;

    /// <summary>From the start of the change to the first rescale in its direction; null when there was none.</summary>
    public TimeSpan? ReactionTime => FirstRescaleAt - ChangeAt;
}
