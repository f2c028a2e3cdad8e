namespace ClusterSim.Sim.Api;

/// <summary>A node (core/v1 Node). Cluster-scoped.</summary>
public sealed class Node : KubeObject
{
    public override string Kind => "Node";

    public override bool Namespaced => false;

    public NodeSpec Spec { get; set; } = new();

    public NodeStatus Status { get; set; } = new();
}

public sealed class NodeSpec
{
    /// <summary>Set by kubectl cordon; the scheduler skips the node.</summary>
    public bool Unschedulable { get; set; }

    public List<Taint> Taints { get; set; } = [];

    public string PodCidr { get; set; } = "";

    public string? ProviderId { get; set; }
}

/// <summary>A taint (core/v1 Taint). Effects: NoSchedule, PreferNoSchedule, NoExecute.</summary>
public sealed record Taint(string Key, string? Value, string Effect, TimeSpan? TimeAdded = null)
{
    public override string ToString() => Key + (string.IsNullOrEmpty(Value) ? "" : "=" + Value) + ":" + Effect;
}

public sealed class NodeStatus
{
    public SortedDictionary<string, Quantity> Capacity { get; set; } = ResourceNames.NewList();

    public SortedDictionary<string, Quantity> Allocatable { get; set; } = ResourceNames.NewList();

    public List<NodeCondition> Conditions { get; set; } = [];

    public List<NodeAddress> Addresses { get; set; } = [];

    public NodeSystemInfo NodeInfo { get; set; } = new();

    /// <summary>Images present on the node, with their sizes in bytes (for ImageLocality).</summary>
    public List<ContainerImage> Images { get; set; } = [];

    public NodeCondition? GetCondition(string type) => Conditions.Find(c => c.Type == type);
}

public sealed class NodeCondition
{
    /// <summary>Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.</summary>
    public string Type { get; set; } = "";

    public string Status { get; set; } = "Unknown";

    public TimeSpan LastHeartbeatTime { get; set; }

    public TimeSpan LastTransitionTime { get; set; }

    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";
}

public sealed record NodeAddress(string Type, string Address);

public sealed record ContainerImage(IReadOnlyList<string> Names, long SizeBytes);

public sealed class NodeSystemInfo
{
    public string KubeletVersion { get; set; } = "";

    public string KubeProxyVersion { get; set; } = "";

    public string OperatingSystem { get; set; } = "linux";

    public string Architecture { get; set; } = "amd64";

    public string ContainerRuntimeVersion { get; set; } = "containerd://1.7.22";

    public string OsImage { get; set; } = "Ubuntu 22.04.4 LTS";

    public string KernelVersion { get; set; } = "5.15.0-119-generic";

    public string MachineId { get; set; } = "";

    public string SystemUuid { get; set; } = "";

    public string BootId { get; set; } = "";
}
