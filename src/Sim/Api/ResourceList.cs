namespace ClusterSim.Sim.Api;

/// <summary>Resource names Kubernetes uses, and helpers over resource lists (name -> quantity, ordered by name).</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Pods = "pods";
    public const string EphemeralStorage = "ephemeral-storage";

    /// <summary>A new, empty, ordinally ordered resource list.</summary>
    public static SortedDictionary<string, Quantity> NewList() => new(StringComparer.Ordinal);

    /// <summary>The quantity of <paramref name="name"/>, or zero.</summary>
    public static Quantity Get(this IReadOnlyDictionary<string, Quantity> list, string name) =>
        list.TryGetValue(name, out var q) ? q : Quantity.FromMilli(0);
}
