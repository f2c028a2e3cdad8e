namespace ClusterSim.Scenarios.Running;

/// <summary>
/// One load target over a whole run: requests offered and served (rates integrated over virtual time), and
/// the worst unserved rate seen at a load step with when it was first reached (null when all was served).
/// </summary>
public sealed record LoadOutcome(string Target, string Kind, string Namespace, string Name, double OfferedRequests, double ServedRequests, double PeakUnservedRps, TimeSpan? PeakUnservedAt)
{
    /// <summary>Served over offered; 1 when nothing was offered.</summary>
    public double FractionServed => OfferedRequests > 0 ? Math.Min(1, ServedRequests / OfferedRequests) : 1;
}
