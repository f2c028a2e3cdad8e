namespace ClusterSim.Planning.Analysis;

/// <summary>
/// Whether a configuration meets an objective: <see cref="Meets"/> when the 95% interval lies on the right side
/// of the target, <see cref="Fails"/> when it lies on the wrong side, <see cref="Inconclusive"/> when it
/// straddles the target (more runs would decide). With `--point` the point estimate alone decides.
/// </summary>
public enum Verdict
{
    Meets,
    Inconclusive,
    Fails,
}
