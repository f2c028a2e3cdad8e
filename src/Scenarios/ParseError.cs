namespace ClusterSim.Scenarios;

/// <summary>An error from one of the one-line parsers (kubectl, fault, condition): a 0-based offset into the parsed text and a message.</summary>
public sealed record ParseError(int Offset, string Message);
