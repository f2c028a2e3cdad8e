using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Load;

namespace ClusterSim.Scenarios.Running;

/// <summary>Turns the scenario's load entries into the simulator's load sources, and its traffic into rows and outcomes.</summary>
internal static class LoadAdapter
{
    /// <summary>timeseries.csv metric names of a load target (contract section 1).</summary>
    public const string OfferedMetric = "load.offeredRps";

    public const string ServedMetric = "load.servedRps";

    public static LoadTargetRef Target(LoadTarget t) => new(t.Namespace, t.Kind, t.Name);

    public static LoadNoise? Noise(NoiseSpec? spec) => spec is null ? null : new LoadNoise(
        spec.Distribution switch
        {
            "lognormal" => NoiseDistribution.LogNormal,
            "poisson" => NoiseDistribution.Poisson,
            _ => NoiseDistribution.Normal,
        },
        spec.Cv,
        spec.Every);

    /// <summary>Two rows per target at each sample: the rates in force since the last load step.</summary>
    public static void Sample(LoadModel load, long t, List<Sample> rows)
    {
        foreach (var target in load.Targets)
        {
            var r = target.Target;
            rows.Add(new Sample(t, r.Kind, r.Namespace, r.Name, OfferedMetric, target.OfferedRps));
            rows.Add(new Sample(t, r.Kind, r.Namespace, r.Name, ServedMetric, target.ServedRps));
        }
    }

    public static IReadOnlyList<LoadOutcome> Outcomes(LoadModel load, TimeSpan end) =>
        load.Targets.Select(t => new LoadOutcome(
            t.Target.ToString(), t.Target.Kind, t.Target.Namespace, t.Target.Name,
            t.OfferedRequestsUntil(end), t.ServedRequestsUntil(end), t.PeakUnservedRps, t.PeakUnservedAt)).ToList();
}
