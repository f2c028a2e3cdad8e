namespace ClusterSim.Planning.Sweeping;

/// <summary>Runs done so far (in pair order), of how many, and how many failed.</summary>
public readonly record struct SweepProgress(int Done, int Total, int Failures);
