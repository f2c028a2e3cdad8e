using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// <see cref="LoadContext.Known"/> with a "did you mean" hint: an unknown key that is a slip of an allowed one says
/// which (`unknown field "scanIntervall" in spec.controlPlane.clusterAutoscaler (did you mean "scanInterval"? expected
/// one of: ...)`); other unknown keys read as everywhere else in the loader.
/// </summary>
internal static class KnownKeys
{
    /// <summary>Reports unknown keys of <paramref name="fields"/>; returns the known ones by name (first wins).</summary>
    public static Dictionary<string, YamlField> Read(LoadContext ctx, IReadOnlyList<YamlField> fields, string where, IReadOnlyList<string> allowed)
    {
        var result = new Dictionary<string, YamlField>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (!allowed.Contains(f.Key, StringComparer.Ordinal))
            {
                ctx.Error(f.KeyNode, $"unknown field \"{f.Key}\" in {where} ({DidYouMean.Hint(f.Key, allowed)}expected one of: {string.Join(", ", allowed)})");
            }
            else
            {
                result.TryAdd(f.Key, f);
            }
        }

        return result;
    }
}
