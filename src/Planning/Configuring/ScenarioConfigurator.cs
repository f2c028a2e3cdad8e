using System.Globalization;
using ClusterSim.Fuzzing;
using ClusterSim.Planning.Model;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Sections;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;

namespace ClusterSim.Planning.Configuring;

/// <summary>
/// Applies a configuration's settings to a loaded scenario: a new <see cref="Scenario"/> with its own node pools,
/// control plane, loads, timeline and manifests where a setting changes them (everything else is shared, read
/// only). Each value is checked as the loader checks the same field in a file, and the result is checked as a
/// whole (a fault that names a node the configuration no longer has is an error, not a skipped fault). Cost: one
/// re-decode per changed manifest; done once per configuration, not per run.
/// </summary>
public static class ScenarioConfigurator
{
    /// <summary>The configured scenario, or null with every error ("KEY=VALUE: reason").</summary>
    public static Scenario? Apply(Scenario scenario, IReadOnlyList<Setting> settings, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        var pools = scenario.Nodes.ToList();
        var controlPlane = scenario.ControlPlane;
        var loads = scenario.Load.ToList();
        var timeline = scenario.Timeline.ToList();
        var manifests = scenario.Manifests.ToList();
        foreach (var setting in settings)
        {
            var key = SettingKey.Parse(setting.Key, out var keyError);
            string? error = key switch
            {
                null => keyError,
                NodeCountKey k => SetPool(pools, k.Pool, setting.Value, (p, v) => Count(p, v)),
                NodeCapacityKey k => SetPool(pools, k.Pool, setting.Value, (p, v) => Capacity(p, k.Resource, v)),
                ControlPlaneKey k => SetControlPlane(ref controlPlane, k, setting.Value),
                LoadScaleKey k => ScaleLoads(loads, k, setting.Value),
                RandomCrashKey k => SetRandomCrash(timeline, k, setting.Value),
                ManifestFieldKey k => SetManifestField(scenario, manifests, k, setting.Value),
                _ => "unsupported key",
            };
            if (error is not null)
            {
                problems.Add($"{setting}: {error}");
            }
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var configured = ScenarioEdit.Copy(scenario);
        configured.ControlPlane = controlPlane;
        Replace(configured.Nodes, pools);
        Replace(configured.Manifests, manifests);
        Replace(configured.Load, loads);
        Replace(configured.Timeline, timeline);
        CheckReferences(configured, settings, problems);
        return problems.Count > 0 ? null : configured;
    }

    private static void Replace<T>(List<T> list, List<T> items)
    {
        list.Clear();
        list.AddRange(items);
    }

    /// <summary>The value a key has in the scenario as written (for the report and for checking a key before a sweep), or null when it has none.</summary>
    public static string? Current(Scenario scenario, string key)
    {
        switch (SettingKey.Parse(key, out _))
        {
            case NodeCountKey k:
                return scenario.Nodes.FirstOrDefault(p => p.Name == k.Pool)?.Count.ToString(CultureInfo.InvariantCulture);
            case NodeCapacityKey k:
                return scenario.Nodes.FirstOrDefault(p => p.Name == k.Pool) is { } pool && pool.Capacity.TryGetValue(k.Resource, out var q) ? q.ToString() : null;
            case ManifestFieldKey k:
                return Find(scenario.Manifests, k) is { } i ? ManifestFieldSetter.Get(scenario.Manifests[i], k.Path) : null;
            default:
                return null;
        }
    }

    private static string? SetPool(List<NodePoolSpec> pools, string name, string value, Func<NodePoolSpec, string, string?> set)
    {
        int i = pools.FindIndex(p => p.Name == name);
        if (i < 0)
        {
            var names = pools.Where(p => p.Manifest is null).Select(p => p.Name).ToList();
            return $"no node pool named \"{name}\" (pools: {(names.Count > 0 ? string.Join(", ", names) : "none")})";
        }

        if (pools[i].Manifest is not null)
        {
            return $"\"{name}\" is a Node manifest, not a pool; vary a pool (spec.nodes entries with name and count)";
        }

        var copy = Copy(pools[i]);
        var error = set(copy, value);
        pools[i] = copy;
        return error;
    }

    private static NodePoolSpec Copy(NodePoolSpec p)
    {
        var copy = new NodePoolSpec { Name = p.Name, Count = p.Count, Location = p.Location, Zones = p.Zones, Labels = p.Labels, Taints = p.Taints, Autoscaling = p.Autoscaling, Price = p.Price };
        foreach (var (k, q) in p.Capacity)
        {
            copy.Capacity[k] = q;
        }

        return copy;
    }

    private static string? Count(NodePoolSpec pool, string value)
    {
        // The same bounds as a pool's count in a scenario file (NodesSection), a node group's within its min and max.
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n > 100_000)
        {
            return $"expected a node count between 0 and 100000, got \"{value}\"";
        }

        if (pool.CountError(n) is { } error)
        {
            return error;
        }

        pool.Count = n;
        return null;
    }

    private static string? Capacity(NodePoolSpec pool, string resource, string value)
    {
        if (!Quantity.TryParse(value, out var q, out var error))
        {
            return $"expected a quantity (4, 500m, 16Gi): {error}";
        }

        if (q.Sign <= 0)
        {
            return "a node's capacity must be positive";
        }

        pool.Capacity[resource] = q;
        return null;
    }

    private static string? SetControlPlane(ref ControlPlaneConfig config, ControlPlaneKey key, string value)
    {
        var updated = ControlPlaneSection.Apply(config, key.Setting, value, out var error);
        if (updated is null)
        {
            return error;
        }

        config = updated;
        return null;
    }

    private static string? ScaleLoads(List<LoadSpec> loads, LoadScaleKey key, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) || !double.IsFinite(factor) || factor < 0)
        {
            return $"expected a non-negative factor (0.5, 2), got \"{value}\"";
        }

        bool any = false;
        for (int i = 0; i < loads.Count; i++)
        {
            if (key.Target is null || Matches(loads[i].Target, key.Target))
            {
                loads[i] = loads[i] with { Rps = loads[i].Rps.Select(c => Scaled(c, factor)).ToList() };
                any = true;
            }
        }

        return any ? null : key.Target is null
            ? "the scenario has no load"
            : $"no load targets {key.Target} (targets: {string.Join(", ", loads.Select(l => l.Target.ToString()))})";
    }

    private static bool Matches(LoadTarget target, string text)
    {
        var parts = text.Split('/');
        string ns = parts.Length == 3 ? parts[0] : "default";
        return parts.Length is 2 or 3 && ApiResources.Find(parts[^2])?.Kind is { } kind
            && string.Equals(kind, target.Kind, StringComparison.OrdinalIgnoreCase) && target.Name == parts[^1] && target.Namespace == ns;
    }

    /// <summary>A component with every rate multiplied by <paramref name="k"/> (times unchanged): the same curve, scaled.</summary>
    private static RpsComponent Scaled(RpsComponent c, double k) => c switch
    {
        ConstantRps x => x with { Rps = x.Rps * k },
        RampRps x => x with { From = x.From * k, To = x.To * k },
        StepsRps x => x with { Steps = x.Steps.Select(s => s with { Rps = s.Rps * k }).ToList() },
        SineRps x => x with { Amplitude = x.Amplitude * k },
        SpikeRps x => x with { Rps = x.Rps * k },
        CsvRps x => x with { Points = x.Points.Select(p => p with { Rps = p.Rps * k }).ToList() },
        _ => throw new NotSupportedException("unknown rps component " + c.GetType().Name),
    };

    private static string? SetRandomCrash(List<TimelineEntry> timeline, RandomCrashKey key, string value)
    {
        if (!Durations.TryParse(value, out var d, out var error) || d <= TimeSpan.Zero)
        {
            return $"expected a positive duration (6h, 20m): {error ?? "must be positive"}";
        }

        bool any = false;
        for (int i = 0; i < timeline.Count; i++)
        {
            if (timeline[i].Fault is { Type: FaultType.RandomNodeCrash } f)
            {
                timeline[i] = timeline[i] with { Fault = key.Parameter == "mtbf" ? f with { Mtbf = d } : f with { Mttr = d } };
                any = true;
            }
        }

        return any ? null : "the timeline has no random-node-crash fault";
    }

    private static string? SetManifestField(Scenario scenario, List<LoadedObject> manifests, ManifestFieldKey key, string value)
    {
        if (Find(manifests, key) is not { } i)
        {
            var created = scenario.Timeline.FirstOrDefault(e => e.Command is { } c && CreatesObject(c.Text, key));
            return created is not null
                ? $"{key.Kind} \"{key.Name}\" is created by the timeline ({created.Location}); to vary it, list its manifest under spec.manifests"
                : $"spec.manifests has no {key.Kind} \"{key.Name}\"" + (key.Namespace == "default" ? "" : $" in namespace {key.Namespace}")
                    + (scenario.Timeline.Any(e => e.Command is { } c && (c.Text.Contains(" create ", StringComparison.Ordinal) || c.Text.Contains(" apply ", StringComparison.Ordinal)))
                        ? " (objects the timeline creates cannot be varied: list the manifest under spec.manifests)"
                        : "");
        }

        var updated = ManifestFieldSetter.Set(manifests[i], key.Path, value, out var error);
        if (updated is null)
        {
            return error;
        }

        manifests[i] = updated;
        return null;
    }

    private static bool CreatesObject(string command, ManifestFieldKey key) =>
        command.Contains(" " + key.Name, StringComparison.Ordinal) && (command.Contains(" autoscale ", StringComparison.Ordinal) || command.Contains(" create ", StringComparison.Ordinal) || command.Contains(" apply ", StringComparison.Ordinal));

    private static int? Find(IReadOnlyList<LoadedObject> manifests, ManifestFieldKey key)
    {
        for (int i = 0; i < manifests.Count; i++)
        {
            var o = manifests[i].Object;
            var ns = o.Metadata.Namespace.Length > 0 ? o.Metadata.Namespace : "default";
            if (o.Kind == key.Kind && o.Metadata.Name == key.Name && (!o.Namespaced || ns == key.Namespace))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Timeline entries must still name nodes and zones that exist, and faults must still make sense in order.</summary>
    private static void CheckReferences(Scenario s, IReadOnlyList<Setting> settings, List<string> problems)
    {
        var nodes = s.NodeNames().ToHashSet(StringComparer.Ordinal);
        var zones = s.Zones().ToHashSet(StringComparer.Ordinal);
        string config = string.Join(", ", settings);
        foreach (var e in s.Timeline)
        {
            string? missing = e.Fault switch
            {
                { Type: FaultType.ZoneOutage or FaultType.ZoneRecover } f when !zones.Contains(f.Target ?? "") => $"zone \"{f.Target}\"",
                { Type: FaultType.PodKill or FaultType.RandomNodeCrash or FaultType.ZoneOutage or FaultType.ZoneRecover or FaultType.ProvisionFailure or FaultType.ProvisionSlow } => null,
                { } f when !nodes.Contains(f.Target ?? "") => $"node \"{f.Target}\"",
                null when e.Command?.Node is { } node && !nodes.Contains(node) => $"node \"{node}\"",
                _ => null,
            };
            if (missing is not null)
            {
                problems.Add($"{config}: {e.Location}: the timeline names {missing}, which this configuration does not have");
            }
        }

        var bag = new DiagnosticBag();
        FaultSequenceCheck.Check(s, bag);
        problems.AddRange(bag.Items.Where(d => d.Severity == Severity.Error).Select(d => $"{config}: {d}"));
    }
}
