using ClusterSim.Planning.Analysis;
using ScottPlot;

namespace ClusterSim.Reports.Plan;

/// <summary>One colour per verdict, the same in every plan plot (green meets, amber inconclusive, red fails).</summary>
internal static class VerdictColors
{
    /// <summary>Every verdict with its name and colour, best first.</summary>
    public static readonly IReadOnlyList<(Verdict Verdict, string Name, Color Color)> All =
    [
        (Verdict.Meets, "meets", Color.FromHex("#2E7D32")),
        (Verdict.Inconclusive, "inconclusive", Color.FromHex("#E69F00")),
        (Verdict.Fails, "fails", Color.FromHex("#C62828")),
    ];
}
