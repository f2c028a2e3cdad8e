using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Scenarios.Fuzz;

/// <summary>
/// Draws a random fault schedule for one fuzz run: 1-4 faults (node-crash, kubelet-stop, pod-kill and, when
/// the nodes have zones, zone-outage) at whole seconds in [0, duration), each node or zone fault followed by its
/// recovery half of the time. The stream is derived from (seed, run index) only, so run 37 of seed 7 is the
/// same schedule on every machine and whatever runs came before it.
/// </summary>
public static class FaultScheduleGenerator
{
    /// <summary>Most faults drawn per run (recoveries not counted).</summary>
    public const int MaxFaults = 4;

    /// <summary>The schedule of run <paramref name="run"/>, sorted by time; every entry passes the loader's fault sequence check.</summary>
    public static IReadOnlyList<FuzzFault> Generate(Scenario scenario, long seed, int run)
    {
        var random = new RandomStream(seed, "fuzz/run/" + run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var nodes = scenario.NodeNames();
        var zones = scenario.Zones();
        long seconds = Math.Max(1, (long)scenario.Duration.TotalSeconds);
        var kinds = new List<FaultType> { FaultType.PodKill };
        if (nodes.Count > 0)
        {
            kinds.Insert(0, FaultType.NodeCrash);
            kinds.Insert(1, FaultType.KubeletStop);
        }

        if (zones.Count > 0)
        {
            kinds.Add(FaultType.ZoneOutage);
        }

        var schedule = new List<FuzzFault>();
        int count = 1 + random.NextInt(MaxFaults);
        for (int i = 0; i < count; i++)
        {
            var kind = kinds[random.NextInt(kinds.Count)];
            var at = TimeSpan.FromSeconds(random.NextInt((int)Math.Min(seconds, int.MaxValue)));
            string? target = kind switch
            {
                FaultType.ZoneOutage => zones[random.NextInt(zones.Count)],
                FaultType.PodKill => null,
                _ => nodes[random.NextInt(nodes.Count)],
            };
            double pick = kind == FaultType.PodKill ? random.NextDouble() : 0;
            var fault = new FuzzFault(at, new FaultSpec(kind, target, kind == FaultType.PodKill ? "default" : null), pick);
            var candidate = new List<FuzzFault>(schedule) { fault };
            if (FuzzScenario.Valid(scenario, candidate))
            {
                schedule = candidate;
            }
            else
            {
                continue;
            }

            // Half of the node and zone faults heal later, so schedules exercise recovery paths too.
            if (FuzzFault.RecoveryOf(kind) is { } recovery && random.NextDouble() < 0.5 && at.TotalSeconds + 1 < seconds)
            {
                var healAt = TimeSpan.FromSeconds(at.TotalSeconds + 1 + random.NextInt((int)(seconds - (long)at.TotalSeconds - 1)));
                candidate = new List<FuzzFault>(schedule) { new(healAt, new FaultSpec(recovery, target)) };
                if (FuzzScenario.Valid(scenario, candidate))
                {
                    schedule = candidate;
                }
            }
        }

        return FuzzScenario.Ordered(schedule);
    }
}
