namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// rate_limited_queue.go TimedValue: a value (a node name) to process at <see cref="ProcessAt"/>.
/// </summary>
/// <param name="Value">The node name.</param>
/// <param name="Uid">Anything identifying the value (the node's uid).</param>
/// <param name="AddedAt">Virtual time it was added.</param>
/// <param name="ProcessAt">Virtual time from which it may be processed.</param>
public readonly record struct TimedValue(string Value, string Uid, TimeSpan AddedAt, TimeSpan ProcessAt);
