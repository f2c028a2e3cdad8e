namespace ClusterSim.Scenarios.Faults;

/// <summary>
/// A parsed `fault:`. <see cref="Target"/> is the node, zone, pod or node group (pool) name (null for
/// random-node-crash); <see cref="Namespace"/> is set for pod-kill ("default" unless NS/POD); <see cref="Mtbf"/> and
/// <see cref="Mttr"/> for random-node-crash; <see cref="Duration"/> is how long a provision-failure lasts (null: to
/// the end of the run) and a provision-slow's new provisioning delay.
/// </summary>
public sealed record FaultSpec(FaultType Type, string? Target, string? Namespace = null, TimeSpan? Mtbf = null, TimeSpan? Mttr = null, TimeSpan? Duration = null)
{
    /// <summary>The spelling in a scenario: node-crash, random-node-crash, ...</summary>
    public string Name => FaultParser.NameOf(Type);

    /// <summary>The fault as a scenario would write it.</summary>
    public override string ToString() => Type switch
    {
        FaultType.RandomNodeCrash => $"{Name} {{mtbf: {Durations.Format(Mtbf ?? TimeSpan.Zero)}, mttr: {Durations.Format(Mttr ?? TimeSpan.Zero)}}}",
        FaultType.PodKill when Namespace is not null and not "default" => $"{Name} {Namespace}/{Target}",
        FaultType.ProvisionFailure when Duration is { } d => $"{Name} {Target} for {Durations.Format(d)}",
        FaultType.ProvisionSlow => $"{Name} {Target} {Durations.Format(Duration ?? TimeSpan.Zero)}",
        _ => $"{Name} {Target}",
    };
}
