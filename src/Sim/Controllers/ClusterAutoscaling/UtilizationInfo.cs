using System.Globalization;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// simulator/utilization/info.go Info for a node without GPUs or DRA: the cpu and memory requested over allocatable,
/// the larger of the two (memory when equal) as Utilization, and Go's %v of the struct as the scale-down event prints it:
/// {CpuUtil MemUtil GpuUtil DynamicResourceUtil ResourceName Utilization}, e.g. "{0.25 0.0625 0 0 cpu 0.25}".
/// </summary>
internal readonly record struct UtilizationInfo(double CpuUtil, double MemUtil)
{
    public string ResourceName => CpuUtil > MemUtil ? "cpu" : "memory";

    public double Utilization => CpuUtil > MemUtil ? CpuUtil : MemUtil;

    /// <summary>utilization.Calculate over the node's pods as <paramref name="info"/> holds them.</summary>
    public static UtilizationInfo Of(NodeInfo info) => new(
        info.AllocatableMilliCpu > 0 ? (double)info.RequestedMilliCpu / info.AllocatableMilliCpu : 0,
        info.AllocatableMemory > 0 ? (double)info.RequestedMemory / info.AllocatableMemory : 0);

    public override string ToString() => $"{{{GoFloat(CpuUtil)} {GoFloat(MemUtil)} 0 0 {ResourceName} {GoFloat(Utilization)}}}";

    /// <summary>
    /// Go's %v of a float64: strconv.FormatFloat(f, 'g', -1, 64), the shortest digits that read back, in %e form
    /// (two-digit exponent at least) when the exponent is below -4 or at least 6 (the precision %v uses for shortest).
    /// </summary>
    internal static string GoFloat(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // The shortest round-trip digits and the decimal exponent, from .NET's shortest form ("0.0625", "1E-05").
        string sign = value < 0 ? "-" : "";
        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int exp;
        string digits;
        int ePos = shortest.IndexOf('E', StringComparison.Ordinal);
        if (ePos >= 0)
        {
            digits = shortest[..ePos].Replace(".", "", StringComparison.Ordinal);
            exp = int.Parse(shortest[(ePos + 1)..], CultureInfo.InvariantCulture);
        }
        else
        {
            int dot = shortest.IndexOf('.', StringComparison.Ordinal);
            string intPart = dot < 0 ? shortest : shortest[..dot];
            string frac = dot < 0 ? "" : shortest[(dot + 1)..];
            string all = (intPart + frac).TrimStart('0');
            int leadingZeros = (intPart + frac).Length - all.Length;
            digits = all;
            exp = intPart.TrimStart('0').Length > 0 ? intPart.TrimStart('0').Length - 1 : -(leadingZeros - intPart.Length) - 1;
        }

        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        if (exp < -4 || exp >= 6)
        {
            string mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            string expText = Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + expText;
        }

        if (exp < 0)
        {
            return sign + "0." + new string('0', -exp - 1) + digits;
        }

        return digits.Length <= exp + 1
            ? sign + digits + new string('0', exp + 1 - digits.Length)
            : sign + digits[..(exp + 1)] + "." + digits[(exp + 1)..];
    }
}
