namespace ClusterSim.Sim.Api;

// Placeholder replaced on merge by the full implementation.
public sealed class Selector
{
    private readonly IReadOnlyDictionary<string, string>? _map;
    private Selector(IReadOnlyDictionary<string, string>? map) => _map = map;
    public static readonly Selector Everything = new(new Dictionary<string, string>());
    public static readonly Selector Nothing = new(null);
    public bool Empty => _map is { Count: 0 };
    public static Selector Parse(string s) => Everything;
    public static Selector FromMap(IReadOnlyDictionary<string, string> map) => new(map);
    public static Selector FromLabelSelector(LabelSelector? s) => s is null ? Nothing : new(s.MatchLabels);
    public bool Matches(IReadOnlyDictionary<string, string> labels) => _map is not null && _map.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    public override string ToString() => _map is null ? "" : string.Join(",", _map.Select(kv => kv.Key + "=" + kv.Value));
}
