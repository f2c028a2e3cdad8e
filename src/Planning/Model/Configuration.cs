using System.Text.Json.Serialization;

namespace ClusterSim.Planning.Model;

/// <summary>
/// One point of the plan's grid: a value for every axis, in axis order. <see cref="Index"/> is its position in
/// the grid (the first axis varies slowest), which orders every output.
/// </summary>
public sealed record Configuration(int Index, IReadOnlyList<Setting> Settings)
{
    /// <summary>"nodes.worker.count=5, nodes.worker.capacity.cpu=8"; "(the scenario as written)" with no axis.</summary>
    [JsonIgnore]
    public string Label => Settings.Count == 0 ? "(the scenario as written)" : string.Join(", ", Settings);

    /// <summary>The `--set KEY=VALUE` arguments that apply this configuration to `clustersim run`.</summary>
    [JsonIgnore]
    public string SetArguments => string.Join(" ", Settings.Select(s => "--set " + s));
}
