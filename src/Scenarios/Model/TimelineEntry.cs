using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Kubectl;

namespace ClusterSim.Scenarios.Model;

/// <summary>An entry of `spec.timeline`: at <see cref="At"/>, run a kubectl command or inject a fault (exactly one is set).</summary>
public sealed record TimelineEntry(TimeSpan At, SourceLocation Location, KubectlCommand? Command, FaultSpec? Fault);
