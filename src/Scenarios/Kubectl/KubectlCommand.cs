using ClusterSim.Scenarios.Model;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A parsed `run: kubectl ...` line (contract section 6). <see cref="Verb"/> is one of create, apply, delete,
/// get, describe, scale, autoscale, set, rollout, cordon, uncordon, drain, label, annotate, top; set, rollout
/// and top carry a <see cref="Subcommand"/> (top: pod or node). Kinds are canonical (`Pod`, `ReplicationController`, ...). Fields a verb
/// does not take stay at their defaults.
/// </summary>
public sealed record KubectlCommand
{
    /// <summary>The command as written.</summary>
    public required string Text { get; init; }

    public required string Verb { get; init; }

    /// <summary>`image` for set; status, history, undo, pause or resume for rollout; pod or node for top.</summary>
    public string? Subcommand { get; init; }

    /// <summary>Canonical kinds, in the order given (get rc,pods: ReplicationController, Pod).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Object names (from `KIND NAME...` or `KIND/NAME`).</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The first name, or null.</summary>
    public string? Name => Names.Count > 0 ? Names[0] : null;

    /// <summary>-n / --namespace; null means the default namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>-A / --all-namespaces.</summary>
    public bool AllNamespaces { get; init; }

    /// <summary>-o: wide or yaml.</summary>
    public string? Output { get; init; }

    /// <summary>-l / --selector, as written (syntax checked).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>delete --all.</summary>
    public bool All { get; init; }

    /// <summary>-f files, resolved against the scenario's directory (directories expanded to their .yaml/.yml/.json files).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The objects of <see cref="Files"/>, decoded and checked at load time, in file and document order.</summary>
    public IReadOnlyList<LoadedObject> Objects { get; init; } = [];

    /// <summary>scale --replicas.</summary>
    public int? Replicas { get; init; }

    /// <summary>autoscale --cpu-percent (null, as for a negative value: no target, the v1 default of 80% applies; 0 is the server's to refuse).</summary>
    public int? CpuPercent { get; init; }

    /// <summary>autoscale --min (null, as for 0 or a negative value: unset, the server defaults it to 1).</summary>
    public int? Min { get; init; }

    /// <summary>autoscale --max.</summary>
    public int? Max { get; init; }

    /// <summary>autoscale --name: the HPA's name (null: the target's name).</summary>
    public string? AutoscalerName { get; init; }

    /// <summary>set image CONTAINER=IMAGE pairs (container `*` means all).</summary>
    public IReadOnlyList<ImageUpdate> Images { get; init; } = [];

    /// <summary>rollout undo --to-revision (null: the previous revision).</summary>
    public int? ToRevision { get; init; }

    /// <summary>label / annotate updates: k=v sets, k- removes.</summary>
    public IReadOnlyList<MetadataUpdate> Updates { get; init; } = [];

    /// <summary>label / annotate --overwrite.</summary>
    public bool Overwrite { get; init; }

    /// <summary>cordon / uncordon / drain NODE.</summary>
    public string? Node { get; init; }

    /// <summary>drain --ignore-daemonsets.</summary>
    public bool IgnoreDaemonSets { get; init; }

    /// <summary>drain --delete-emptydir-data (or the older --delete-local-data).</summary>
    public bool DeleteEmptyDirData { get; init; }

    /// <summary>drain / delete --force.</summary>
    public bool Force { get; init; }

    /// <summary>drain / delete --grace-period (null: the pod's own; 0 with --force means immediate).</summary>
    public int? GracePeriod { get; init; }

    /// <summary>drain --timeout: how long to wait before giving up (null or zero: forever, as kubectl's default 0s).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>drain --disable-eviction: delete pods instead of evicting them, bypassing PodDisruptionBudgets.</summary>
    public bool DisableEviction { get; init; }

    /// <summary>The -f arguments as written, with their offsets in <see cref="Text"/> (for error columns).</summary>
    internal IReadOnlyList<(string Path, int Offset)> FileArguments { get; init; } = [];

    /// <summary>The offset of the node name in <see cref="Text"/>.</summary>
    internal int NodeOffset { get; init; }

    public override string ToString() => Text;
}

/// <summary>One `set image` pair: container (or `*`) and new image.</summary>
public sealed record ImageUpdate(string Container, string Image);

/// <summary>One label or annotation update: <see cref="Value"/> null removes <see cref="Key"/> (`key-`).</summary>
public sealed record MetadataUpdate(string Key, string? Value)
{
    public bool Remove => Value is null;
}
