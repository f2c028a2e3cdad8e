using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;

namespace ClusterSim.Fuzzing;

/// <summary>Copies of scenarios with parts changed (the loader's Scenario is built once; edits work on copies).</summary>
public static class ScenarioEdit
{
    /// <summary>A copy with its own lists (the entries themselves are shared; they are not mutated).</summary>
    public static Scenario Copy(Scenario s, TimeSpan? duration = null, long? seed = null)
    {
        var copy = new Scenario
        {
            Name = s.Name,
            Description = s.Description,
            FilePath = s.FilePath,
            Seed = seed ?? s.Seed,
            Duration = duration ?? s.Duration,
            SampleEvery = s.SampleEvery,
            ControlPlane = s.ControlPlane,
        };
        copy.Nodes.AddRange(s.Nodes);
        foreach (var (image, behavior) in s.Images)
        {
            copy.Images[image] = behavior;
        }

        copy.Manifests.AddRange(s.Manifests);
        copy.Load.AddRange(s.Load);
        copy.Timeline.AddRange(s.Timeline);
        copy.Expectations.AddRange(s.Expectations);
        return copy;
    }

    /// <summary>
    /// <paramref name="scenario"/> with <paramref name="entries"/> merged into its timeline in time order (at equal
    /// times its own entries first), written and loaded back from its own path; null when the result does not load
    /// (for example a fault schedule that clashes with the scenario's own faults) or cannot be written.
    /// </summary>
    public static Scenario? WithTimeline(Scenario scenario, IEnumerable<TimelineEntry> entries)
    {
        var copy = Copy(scenario);
        copy.Timeline.AddRange(entries);
        var ordered = copy.Timeline.OrderBy(e => e.At).ToList();
        copy.Timeline.Clear();
        copy.Timeline.AddRange(ordered);
        return ScenarioText.TryReload(copy, scenario.FilePath);
    }

    /// <summary>Drops timeline entries that name a node or zone the scenario no longer declares.</summary>
    internal static void DropDanglingReferences(Scenario s)
    {
        var nodes = s.NodeNames().ToHashSet(StringComparer.Ordinal);
        var zones = s.Zones().ToHashSet(StringComparer.Ordinal);
        var groups = s.Nodes.Where(p => p.Autoscaling is not null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        s.Timeline.RemoveAll(e => e.Fault is { } f
            ? f.Type switch
            {
                FaultType.ZoneOutage or FaultType.ZoneRecover => !zones.Contains(f.Target ?? ""),
                FaultType.ProvisionFailure or FaultType.ProvisionSlow => !groups.Contains(f.Target ?? ""),
                FaultType.PodKill or FaultType.RandomNodeCrash => false,
                _ => !nodes.Contains(f.Target ?? ""),
            }
            : e.Command?.Node is { } node && !nodes.Contains(node));
    }
}
