using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Fuzz;

/// <summary>
/// A user's scenario with a fuzz schedule appended to its timeline, and the run of it. The schedule goes
/// after the user's own entries in time order (stable), exactly as <see cref="MinimalScenarioWriter"/>
/// appends it to the file, so a replay of the written file schedules the same events in the same order.
/// </summary>
public static class FuzzScenario
{
    /// <summary>The schedule sorted by time, keeping the given order among equal times.</summary>
    public static IReadOnlyList<FuzzFault> Ordered(IEnumerable<FuzzFault> schedule) => schedule.OrderBy(f => f.At).ToList();

    /// <summary>A copy of <paramref name="scenario"/> whose timeline ends with <paramref name="schedule"/>.</summary>
    public static Scenario With(Scenario scenario, IEnumerable<FuzzFault> schedule)
    {
        var where = SourceLocation.WholeFile(scenario.FilePath);
        var timeline = scenario.Timeline.Concat(Ordered(schedule).Select(f => new TimelineEntry(f.At, where, null, f.Fault))).ToList();
        return new Scenario
        {
            Name = scenario.Name,
            Description = scenario.Description,
            FilePath = scenario.FilePath,
            Seed = scenario.Seed,
            Duration = scenario.Duration,
            SampleEvery = scenario.SampleEvery,
            ControlPlane = scenario.ControlPlane,
            Nodes = scenario.Nodes,
            Images = scenario.Images,
            Manifests = scenario.Manifests,
            Load = scenario.Load,
            Timeline = timeline,
            Expectations = scenario.Expectations,
        };
    }

    /// <summary>
    /// True when the loader would accept the scenario with <paramref name="schedule"/> added: no node is
    /// recovered before it crashed, restarted before it was stopped, or crashed twice. The fuzzer only runs
    /// such schedules, so the minimal file it writes always loads.
    /// </summary>
    public static bool Valid(Scenario scenario, IEnumerable<FuzzFault> schedule)
    {
        var bag = new DiagnosticBag();
        FaultSequenceCheck.Check(With(scenario, schedule), bag);
        return bag.ErrorCount == 0;
    }

    /// <summary>
    /// Runs the scenario with <paramref name="schedule"/> at <paramref name="seed"/>. Returns the result and
    /// the schedule with every run-time pod-kill replaced by the pod it killed (or left out when there was no
    /// live pod to kill), which replays to the same run.
    /// </summary>
    public static (RunResult Result, IReadOnlyList<FuzzFault> Resolved) Run(Scenario scenario, IReadOnlyList<FuzzFault> schedule, long seed)
    {
        var ordered = Ordered(schedule);
        // Each unresolved pod-kill gets its own FaultSpec instance, so the hook can tell them apart by reference.
        var picks = new Dictionary<FaultSpec, FuzzFault>(ReferenceEqualityComparer.Instance);
        var run = ordered.Select(f =>
        {
            if (!f.IsUnresolvedPodKill)
            {
                return f;
            }

            var marker = f with { Fault = new FaultSpec(FaultType.PodKill, null, "default") };
            picks[marker.Fault] = marker;
            return marker;
        }).ToList();
        var resolved = new Dictionary<FuzzFault, FuzzFault?>(ReferenceEqualityComparer.Instance);
        var options = new RunOptions(seed)
        {
            // Fuzzing judges expectations and invariants: the events and time series of its many runs are not kept.
            Outputs = new InMemoryRunOutputs { KeepEvents = false, KeepSample = _ => false },
            ResolveFault = (fault, cluster) =>
            {
                if (!picks.TryGetValue(fault, out var entry))
                {
                    return fault;
                }

                var pod = Pick(cluster, entry.PodPick);
                resolved[entry] = pod is null ? null : entry with { Fault = new FaultSpec(FaultType.PodKill, pod.Metadata.Name, pod.Metadata.Namespace) };
                // With no live pod the kill is a no-op warning, as a pod-kill of a missing pod is on replay.
                return resolved[entry]?.Fault ?? new FaultSpec(FaultType.PodKill, "(no live pod)", "default");
            },
        };
        var result = ScenarioRunner.Run(With(scenario, run), options);
        var concrete = new List<FuzzFault>();
        foreach (var f in run)
        {
            if (!picks.ContainsKey(f.Fault))
            {
                concrete.Add(f);
            }
            else if (resolved.TryGetValue(f, out var r) && r is not null)
            {
                concrete.Add(r);
            }
        }

        return (result, concrete);
    }

    /// <summary>The live (not terminating) pod at fraction <paramref name="pick"/> of all such pods outside kube-system, by namespace/name.</summary>
    private static Pod? Pick(Cluster cluster, double pick)
    {
        var pods = cluster.Store.List<Pod>()
            .Where(p => p.Metadata.DeletionTimestamp is null && p.Metadata.Namespace != "kube-system")
            .OrderBy(p => p.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return pods.Count == 0 ? null : pods[Math.Min(pods.Count - 1, (int)(pick * pods.Count))];
    }
}
