using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;

namespace ClusterSim.Fuzzing;

/// <summary>
/// Shrinks a scenario towards a small, readable one: fewer timeline entries (faults and actions), fewer
/// workloads, fewer loads, fewer nodes and pools, smaller replica counts and image timings, earlier times,
/// a shorter run, seed 1. The boldest candidates come first (FsCheck keeps the first that still fails and
/// shrinks again). Every candidate is written and loaded back from the scenario's path; one that does not
/// load is skipped, so every scenario this yields is a runnable scenario file.
/// </summary>
public static class ScenarioShrinker
{
    /// <summary>Smaller scenarios than <paramref name="scenario"/>, each loaded from its YAML.</summary>
    public static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        foreach (var candidate in Candidates(scenario))
        {
            if (ScenarioText.TryReload(candidate, scenario.FilePath) is { } loaded)
            {
                yield return loaded;
            }
        }
    }

    /// <summary>The candidates before loading (some may not load: a recovery without its crash, for instance).</summary>
    internal static IEnumerable<Scenario> Candidates(Scenario s)
    {
        if (s.Timeline.Count > 1)
        {
            yield return Edit(s, c => c.Timeline.Clear());
        }

        for (int i = s.Timeline.Count - 1; i >= 0; i--)
        {
            int index = i;
            yield return Edit(s, c => c.Timeline.RemoveAt(index));
        }

        foreach (var name in s.Manifests.Select(m => m.Object.Metadata.Name).Distinct(StringComparer.Ordinal).ToList())
        {
            yield return Edit(s, c => RemoveObjects(c, name));
        }

        for (int i = s.Load.Count - 1; i >= 0; i--)
        {
            int index = i;
            yield return Edit(s, c => c.Load.RemoveAt(index));
        }

        for (int i = 0; i < s.Nodes.Count; i++)
        {
            int index = i;
            var pool = s.Nodes[i];
            if (s.Nodes.Count > 1)
            {
                yield return Edit(s, c => c.Nodes.RemoveAt(index));
            }

            if (pool.Manifest is not null)
            {
                continue;
            }

            if (pool.Count > 1)
            {
                yield return Edit(s, c => c.Nodes[index] = WithPool(pool, 1, pool.Zones, pool.Taints));
                yield return Edit(s, c => c.Nodes[index] = WithPool(pool, pool.Count - 1, pool.Zones, pool.Taints));
            }

            if (pool.Zones.Count > 0)
            {
                yield return Edit(s, c => c.Nodes[index] = WithPool(pool, pool.Count, [], pool.Taints));
            }

            if (pool.Taints.Count > 0)
            {
                yield return Edit(s, c => c.Nodes[index] = WithPool(pool, pool.Count, pool.Zones, []));
            }
        }

        for (int i = 0; i < s.Load.Count; i++)
        {
            int index = i;
            var load = s.Load[i];
            if (load.Noise is not null)
            {
                yield return Edit(s, c => c.Load[index] = load with { Noise = null });
            }

            if (load.Rps.Count > 1)
            {
                yield return Edit(s, c => c.Load[index] = load with { Rps = [load.Rps[0]] });
            }
        }

        for (int i = 0; i < s.Manifests.Count; i++)
        {
            int index = i;
            foreach (var smaller in SmallerObjects(s.Manifests[i]))
            {
                yield return Edit(s, c => c.Manifests[index] = smaller);
            }
        }

        foreach (var (image, behavior) in s.Images)
        {
            foreach (var smaller in SmallerImages(behavior))
            {
                yield return Edit(s, c => c.Images[image] = smaller);
            }
        }

        for (int i = 0; i < s.Timeline.Count; i++)
        {
            int index = i;
            var entry = s.Timeline[i];
            if (entry.At >= TimeSpan.FromSeconds(2))
            {
                var earlier = TimeSpan.FromSeconds(Math.Floor(entry.At.TotalSeconds / 2));
                yield return Edit(s, c =>
                {
                    c.Timeline[index] = entry with { At = earlier };
                    var ordered = c.Timeline.OrderBy(e => e.At).ToList();
                    c.Timeline.Clear();
                    c.Timeline.AddRange(ordered);
                });
            }
        }

        var lastEvent = s.Timeline.Count > 0 ? s.Timeline.Max(e => e.At) : TimeSpan.Zero;
        var shorter = TimeSpan.FromMinutes(Math.Max(1, Math.Floor(s.Duration.TotalMinutes / 2)));
        if (shorter < s.Duration)
        {
            var keepingTimeline = Max(shorter, lastEvent + TimeSpan.FromMinutes(1));
            if (keepingTimeline < s.Duration)
            {
                yield return Shorter(s, keepingTimeline);
            }

            if (keepingTimeline != shorter)
            {
                yield return Shorter(s, shorter);
            }
        }

        if (s.Seed != 1)
        {
            yield return ScenarioEdit.Copy(s, seed: 1);
        }
    }

    private static Scenario Edit(Scenario s, Action<Scenario> change)
    {
        var copy = ScenarioEdit.Copy(s);
        change(copy);
        ScenarioEdit.DropDanglingReferences(copy);
        return copy;
    }

    private static Scenario Shorter(Scenario s, TimeSpan duration)
    {
        var copy = ScenarioEdit.Copy(s, duration: duration);
        copy.Timeline.RemoveAll(e => e.At > copy.Duration);
        copy.Expectations.RemoveAll(e => (e.End ?? e.Start) > copy.Duration);
        return copy;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Every object named <paramref name="name"/> (a workload, its Service and HPA) and what refers to it by name.</summary>
    private static void RemoveObjects(Scenario c, string name)
    {
        c.Manifests.RemoveAll(m => m.Object.Metadata.Name == name);
        c.Load.RemoveAll(l => l.Target.Name == name);
        c.Timeline.RemoveAll(e => e.Command is { } cmd && (cmd.Names.Contains(name, StringComparer.Ordinal) || cmd.Text.Contains("/" + name, StringComparison.Ordinal))
            || e.Fault is { } f && f.Target == name);
        c.Expectations.RemoveAll(e => e.That.Contains(name, StringComparison.Ordinal));
    }

    private static NodePoolSpec WithPool(NodePoolSpec p, int count, List<string> zones, List<Taint> taints) => new()
    {
        Name = p.Name,
        Count = count,

        // A node group stays one; a smaller count lowers its min with it, so the pool still loads.
        Autoscaling = p.Autoscaling is { } a ? a with { Min = Math.Min(a.Min, count) } : null,
        Price = p.Price,
        Capacity = new SortedDictionary<string, Quantity>(p.Capacity, StringComparer.Ordinal),
        Labels = new SortedDictionary<string, string>(p.Labels, StringComparer.Ordinal),
        Taints = taints.ToList(),
        Zones = zones.ToList(),
        Location = p.Location,
    };

    /// <summary>Fewer replicas (1, then half), a tighter HPA (max = min).</summary>
    private static IEnumerable<LoadedObject> SmallerObjects(LoadedObject m)
    {
        int replicas = m.Object switch
        {
            ReplicatedSet set => set.Replicas,
            Deployment d => d.Replicas,
            _ => 0,
        };
        foreach (int smaller in new[] { 1, replicas / 2 }.Distinct().Where(n => n < replicas && n >= 1))
        {
            var obj = m.CreateFresh();
            switch (obj)
            {
                case ReplicatedSet set:
                    set.Replicas = smaller;
                    break;
                case Deployment d:
                    d.Replicas = smaller;
                    break;
            }

            yield return new LoadedObject(obj, m.Location, m.CreateFresh);
        }

        if (m.Object is HorizontalPodAutoscaler { Spec: var spec } && spec.MaxReplicas > (spec.MinReplicas ?? 1))
        {
            var hpa = (HorizontalPodAutoscaler)m.CreateFresh();
            hpa.Spec.MaxReplicas = hpa.Spec.MinReplicas ?? 1;
            yield return new LoadedObject(hpa, m.Location, m.CreateFresh);
        }
    }

    /// <summary>No crash, ready at once instead of never, no pull or start time.</summary>
    private static IEnumerable<ImageBehavior> SmallerImages(ImageBehavior b)
    {
        if (b.CrashAfter is not null)
        {
            yield return b with { CrashAfter = null };
        }

        if (b.ReadyAfter != TimeSpan.Zero)
        {
            yield return b with { ReadyAfter = TimeSpan.Zero };
        }

        if (b.PullTime != TimeSpan.Zero || b.StartTime != TimeSpan.Zero)
        {
            yield return b with { PullTime = TimeSpan.Zero, StartTime = TimeSpan.Zero };
        }
    }
}
