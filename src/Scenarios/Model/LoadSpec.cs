namespace ClusterSim.Scenarios.Model;

/// <summary>An entry of `spec.load`: requests per second offered to a target.</summary>
public sealed record LoadSpec(LoadTarget Target, IReadOnlyList<RpsComponent> Rps, NoiseSpec? Noise, SourceLocation Location)
{
    /// <summary>The rate before noise: the sum of the components, clamped at zero.</summary>
    public double BaseRpsAt(TimeSpan t) => Math.Max(0, Rps.Sum(c => c.ValueAt(t)));
}
