using ClusterSim.Scenarios.Model;

namespace ClusterSim.Scenarios.Faults;

/// <summary>
/// Checks, before the run, that each node's scripted faults make sense in time order: a node is recovered
/// only after it crashed, restarted only after it was stopped, not crashed twice in a row. Scenarios with
/// random-node-crash cannot be checked this way (the schedule is drawn at run time): there a misplaced
/// fault is a warning in the transcript instead.
/// </summary>
internal static class FaultSequenceCheck
{
    /// <summary>Adds an error for each fault that cannot apply to the state its node will be in.</summary>
    public static void Check(Scenario scenario, DiagnosticBag diagnostics)
    {
        var faults = scenario.Timeline.Where(e => e.Fault is not null).OrderBy(e => e.At).ToList();
        if (faults.Any(e => e.Fault!.Type == FaultType.RandomNodeCrash))
        {
            return;
        }

        var zoneOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pool in scenario.Nodes)
        {
            var names = pool.NodeNames();
            for (int i = 0; i < names.Count; i++)
            {
                zoneOf[names[i]] = pool.ZoneOf(i);
            }
        }

        // "up", "crashed" or "stopped" per node.
        var state = zoneOf.Keys.ToDictionary(n => n, _ => "up", StringComparer.Ordinal);
        foreach (var entry in faults)
        {
            var f = entry.Fault!;
            IEnumerable<string> nodes = f.Type switch
            {
                FaultType.ZoneOutage or FaultType.ZoneRecover => zoneOf.Where(z => z.Value == f.Target).Select(z => z.Key).ToList(),
                FaultType.PodKill or FaultType.ProvisionFailure or FaultType.ProvisionSlow => [],
                _ => f.Target is not null && state.ContainsKey(f.Target) ? [f.Target] : [],
            };
            foreach (var node in nodes)
            {
                var (need, next, verb) = f.Type switch
                {
                    FaultType.NodeCrash or FaultType.ZoneOutage => ("up", "crashed", "crash"),
                    FaultType.NodeRecover or FaultType.ZoneRecover => ("crashed", "up", "recover"),
                    FaultType.KubeletStop => ("up", "stopped", "stop the kubelet of"),
                    FaultType.KubeletStart => ("stopped", "up", "start the kubelet of"),
                    _ => ("", "", ""),
                };
                if (need.Length == 0)
                {
                    continue;
                }

                if (state[node] != need)
                {
                    // A zone fault applies to the nodes it can; only a node fault on the wrong state is an error.
                    if (f.Type is not (FaultType.ZoneOutage or FaultType.ZoneRecover))
                    {
                        diagnostics.Error(entry.Location, $"{f.Name}: cannot {verb} node \"{node}\" at {Durations.Format(entry.At)}: it is {Describe(state[node])} then");
                    }

                    continue;
                }

                state[node] = next;
            }
        }
    }

    private static string Describe(string state) => state switch
    {
        "up" => "running",
        "crashed" => "down (crashed)",
        _ => "cut off (kubelet stopped)",
    };
}
