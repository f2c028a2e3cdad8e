namespace ClusterSim.Sim.Api;

/// <summary>
/// How a <see cref="Quantity"/> is serialized; mirrors resource.Format in
/// k8s.io/apimachinery/pkg/api/resource/quantity.go. The format never affects the numeric value.
/// </summary>
public enum QuantityFormat
{
    /// <summary>Decimal SI suffixes: n, u, m, "", k, M, G, T, P, E (e.g. <c>12M</c> = 12 * 10^6). The default.</summary>
    DecimalSI = 0,

    /// <summary>Binary SI suffixes: Ki, Mi, Gi, Ti, Pi, Ei (e.g. <c>12Mi</c> = 12 * 2^20).</summary>
    BinarySI = 1,

    /// <summary>Decimal exponent notation (e.g. <c>12e6</c>).</summary>
    DecimalExponent = 2,
}
