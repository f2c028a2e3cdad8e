namespace ClusterSim.Scenarios.Model;

/// <summary>
/// `noise: {distribution, cv, every}`: seeded noise on a load's rate, redrawn every <see cref="Every"/>.
/// Distribution normal or lognormal with coefficient of variation <see cref="Cv"/>, or poisson (cv unused, 0).
/// </summary>
public sealed record NoiseSpec(string Distribution, double Cv, TimeSpan Every, SourceLocation Location);
