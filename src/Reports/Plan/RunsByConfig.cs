using ClusterSim.Planning.Model;

namespace ClusterSim.Reports.Plan;

/// <summary>
/// The runs of each configuration, in run order, looked up by configuration index (never iterated as a
/// dictionary, so no output depends on hashing).
/// </summary>
internal sealed class RunsByConfig
{
    private readonly Dictionary<int, IReadOnlyList<RunRecord>> _byConfig;

    public RunsByConfig(IReadOnlyList<RunRecord> runs)
    {
        _byConfig = runs.GroupBy(r => r.Config)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RunRecord>)g.OrderBy(r => r.Run).ThenBy(r => r.Seed).ToList());
    }

    /// <summary>The runs of configuration <paramref name="config"/>, by run number; empty when it has none.</summary>
    public IReadOnlyList<RunRecord> Of(int config) => _byConfig.TryGetValue(config, out var list) ? list : [];
}
