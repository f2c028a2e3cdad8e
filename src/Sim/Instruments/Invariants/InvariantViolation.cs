namespace ClusterSim.Sim.Instruments.Invariants;

/// <summary>The first violation of one invariant: which, when (virtual time), and what was seen.</summary>
public sealed record InvariantViolation(string Invariant, TimeSpan At, string Message)
{
    public override string ToString() => $"{Invariant} at {At}: {Message}";
}
