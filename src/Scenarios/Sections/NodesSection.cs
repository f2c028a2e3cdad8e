using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// spec.nodes (contract section 4): pools of identical nodes, or real v1 Node manifests. A pool with
/// `autoscaling: {min, max}` (and optionally `provisioning: {delay, jitter}`) is a Cluster Autoscaler node group;
/// any pool may carry a `price` per node-hour.
/// </summary>
internal static partial class NodesSection
{
    private static readonly string[] PoolKeys = ["name", "count", "capacity", "labels", "taints", "zones", "autoscaling", "provisioning", "price"];

    private static readonly string[] AutoscalingKeys = ["min", "max"];

    private static readonly string[] ProvisioningKeys = ["delay", "jitter"];

    private static readonly string[] TaintKeys = ["key", "value", "effect"];

    public static List<NodePoolSpec> Read(LoadContext ctx, YamlField section)
    {
        var r = ctx.Reader;
        var pools = new List<NodePoolSpec>();
        var firstSeen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var item in r.Items(section.Value, section.Path))
        {
            var fields = r.Fields(item.Node, item.Path);
            if (fields.Count == 0 && item.Node is not YamlMappingNode)
            {
                continue;
            }

            var entries = fields.Any(f => f.Key == "manifest") ? Manifest(ctx, item, fields) : Pool(ctx, item, fields);
            foreach (var pool in entries)
            {
                var names = pool.NodeNames();
                foreach (string name in names)
                {
                    if (firstSeen.TryGetValue(name, out var first))
                    {
                        ctx.Diagnostics.Error(pool.Location, string.Create(CultureInfo.InvariantCulture, $"node \"{name}\" is declared twice (first at line {first.Line})"));
                    }
                    else
                    {
                        firstSeen[name] = pool.Location;
                        ctx.NodeNames.Add(name);
                    }
                }

                pools.Add(pool);
            }
        }

        CheckGroupNames(ctx, pools);
        return pools;
    }

    /// <summary>
    /// A node group names the nodes it adds NAME-(count+1), NAME-(count+2), ... (never reusing a name): another
    /// declared node of that form would clash with one of them, so it is an error at the node's entry.
    /// </summary>
    private static void CheckGroupNames(LoadContext ctx, List<NodePoolSpec> pools)
    {
        foreach (var group in pools.Where(p => p.Autoscaling is not null))
        {
            string prefix = group.Name + "-";
            var own = group.NodeNames();
            foreach (var other in pools.Where(p => !ReferenceEquals(p, group)))
            {
                // Names the group has at t=0 are already reported as declared twice; one clash per entry is enough.
                string? clash = other.NodeNames().FirstOrDefault(name => name.StartsWith(prefix, StringComparison.Ordinal)
                    && GroupIndex().IsMatch(name[prefix.Length..]) && !own.Contains(name, StringComparer.Ordinal));
                if (clash is not null)
                {
                    ctx.Diagnostics.Error(other.Location, $"node \"{clash}\" clashes with the nodes that node group \"{group.Name}\" adds as it grows ({group.Name}-1, {group.Name}-2, ...): rename the node or the pool");
                }
            }
        }
    }

    private static List<NodePoolSpec> Manifest(LoadContext ctx, YamlItem item, IReadOnlyList<YamlField> fields)
    {
        var result = new List<NodePoolSpec>();
        foreach (var f in fields.Where(f => f.Key != "manifest"))
        {
            if (f.Key is "autoscaling" or "provisioning")
            {
                ctx.Error(f.KeyNode, $"a `manifest:` node entry cannot autoscale: it is one given Node; make a pool (name, count, capacity, ...) with autoscaling: {{min, max}} for a node group");
                continue;
            }

            ctx.Error(f.KeyNode, $"unknown field \"{f.Key}\" in a manifest node entry (a `manifest:` entry takes no other fields; labels, taints and capacity come from the Node)");
        }

        var field = fields.First(f => f.Key == "manifest");
        if (!ctx.Reader.Text(field.Value, field.Path, out var path))
        {
            ctx.Error(field.Value, $"{field.Path}: expected the path of a v1 Node manifest");
            return result;
        }

        var objects = ctx.DecodeReferenced(path, field.Value);
        if (objects is null)
        {
            return result;
        }

        if (objects.Count == 0)
        {
            ctx.Error(field.Value, $"\"{path}\" holds no Node");
        }

        foreach (var o in objects)
        {
            if (o.Object is not Node node)
            {
                ctx.Diagnostics.Error(o.Location, $"spec.nodes manifest \"{path}\" must hold v1 Node objects, found {o.Object.Kind} \"{o.Object.Metadata.Name}\"");
                continue;
            }

            result.Add(new NodePoolSpec
            {
                Name = node.Metadata.Name,
                Count = 1,
                Capacity = new SortedDictionary<string, Quantity>(node.Status.Allocatable, StringComparer.Ordinal),
                Labels = new SortedDictionary<string, string>(node.Metadata.Labels, StringComparer.Ordinal),
                Taints = node.Spec.Taints.ToList(),
                Manifest = o,
                Location = ctx.Reader.Location(item.Node),
            });
        }

        return result;
    }

    private static List<NodePoolSpec> Pool(LoadContext ctx, YamlItem item, IReadOnlyList<YamlField> fields)
    {
        var r = ctx.Reader;
        var known = KnownKeys.Read(ctx, fields, "a spec.nodes pool", PoolKeys);
        string name = "";
        if (!known.TryGetValue("name", out var nameField) || !r.Text(nameField.Value, nameField.Path, out name))
        {
            ctx.Error(item.Node, $"{item.Path}: a node pool needs a name (or use `manifest: FILE` for a Node manifest)");
            return [];
        }

        if (!PoolName().IsMatch(name) || name.Length > 240)
        {
            ctx.Error(nameField.Value, $"{nameField.Path}: invalid pool name \"{name}\": nodes are named NAME-1, NAME-2, ... so it must be lower case letters, digits and '-', starting and ending with a letter or digit");
            return [];
        }

        var autoscaling = Autoscaling(ctx, known);
        int count = autoscaling?.Min ?? 1;
        if (known.TryGetValue("count", out var countField) && r.Integer(countField.Value, countField.Path, out long c))
        {
            var probe = new NodePoolSpec { Name = name, Autoscaling = autoscaling, Location = r.Location(item.Node) };
            if (probe.CountError(c) is { } countError)
            {
                ctx.Error(countField.Value, $"{countField.Path}: {countError}");
            }
            else
            {
                count = (int)c;
            }
        }

        double? price = null;
        if (known.TryGetValue("price", out var priceField) && r.Number(priceField.Value, priceField.Path, out double p))
        {
            if (p < 0)
            {
                ctx.Error(priceField.Value, string.Create(CultureInfo.InvariantCulture, $"{priceField.Path}: a price per node-hour must not be negative, got {p}"));
            }
            else
            {
                price = p;
            }
        }

        var capacity = ResourceNames.NewList();
        if (known.TryGetValue("capacity", out var capField))
        {
            foreach (var f in r.Fields(capField.Value, capField.Path))
            {
                if (r.Quantity(f.Value, f.Path, out var q))
                {
                    if (q.MilliValue() < 0)
                    {
                        ctx.Error(f.Value, $"{f.Path}: capacity must not be negative");
                    }

                    capacity[f.Key] = q;
                }
            }
        }

        foreach (var required in new[] { ResourceNames.Cpu, ResourceNames.Memory })
        {
            if (!capacity.ContainsKey(required))
            {
                ctx.Error(capField.Value ?? item.Node, $"{item.Path}.capacity.{required} is required (e.g. capacity: {{cpu: \"4\", memory: 8Gi}})");
            }
        }

        capacity.TryAdd(ResourceNames.Pods, Quantity.FromMilli(110_000));
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (known.TryGetValue("labels", out var labelsField))
        {
            foreach (var f in r.Fields(labelsField.Value, labelsField.Path))
            {
                labels[f.Key] = r.Text(f.Value, f.Path, out var v) ? v : "";
            }
        }

        var taints = new List<Taint>();
        if (known.TryGetValue("taints", out var taintsField))
        {
            foreach (var t in r.Items(taintsField.Value, taintsField.Path))
            {
                var tf = ctx.Known(r.Fields(t.Node, t.Path), "a taint", TaintKeys);
                string key = tf.TryGetValue("key", out var k) && r.Text(k.Value, k.Path, out var ks) ? ks : "";
                string? value = tf.TryGetValue("value", out var vf) && r.Text(vf.Value, vf.Path, out var vs) ? vs : null;
                string effect = tf.TryGetValue("effect", out var ef) && r.Text(ef.Value, ef.Path, out var es) ? es : "";
                if (key.Length == 0)
                {
                    ctx.Error(t.Node, $"{t.Path}.key is required");
                }

                if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                {
                    ctx.Error(tf.TryGetValue("effect", out var e2) ? e2.Value : t.Node, $"{t.Path}.effect: expected NoSchedule, PreferNoSchedule or NoExecute, got \"{effect}\"");
                }

                taints.Add(new Taint(key, value, effect));
            }
        }

        var zones = new List<string>();
        if (known.TryGetValue("zones", out var zonesField))
        {
            foreach (var z in r.Items(zonesField.Value, zonesField.Path))
            {
                if (r.Text(z.Node, z.Path, out var zone) && zone.Length > 0)
                {
                    zones.Add(zone);
                }
                else
                {
                    ctx.Error(z.Node, $"{z.Path}: expected a zone name");
                }
            }
        }

        return
        [
            new NodePoolSpec
            {
                Name = name,
                Count = count,
                Capacity = capacity,
                Labels = labels,
                Taints = taints,
                Zones = zones,
                Autoscaling = autoscaling,
                Price = price,
                Location = r.Location(item.Node),
            },
        ];
    }

    /// <summary>
    /// `autoscaling: {min, max}` and `provisioning: {delay, jitter}`, checked as cluster-autoscaler checks a node
    /// group's bounds (config/dynamic/node_group_spec.go NodeGroupSpec.Validate, with scale to zero allowed: min
    /// size >= 0, max size >= min size) and max at least 1; null for a fixed pool or when they are invalid.
    /// </summary>
    private static PoolAutoscaling? Autoscaling(LoadContext ctx, Dictionary<string, YamlField> known)
    {
        var r = ctx.Reader;
        known.TryGetValue("provisioning", out var provisioningField);
        if (!known.TryGetValue("autoscaling", out var autoscalingField))
        {
            if (provisioningField.Value is not null)
            {
                ctx.Error(provisioningField.KeyNode, $"{provisioningField.Path}: provisioning is only for a node group: add autoscaling: {{min: N, max: N}} to the pool (a fixed pool's nodes exist from the start)");
            }

            return null;
        }

        var bounds = KnownKeys.Read(ctx, r.Fields(autoscalingField.Value, autoscalingField.Path), autoscalingField.Path, AutoscalingKeys);
        int? min = Size(ctx, autoscalingField, bounds, "min", 0), max = Size(ctx, autoscalingField, bounds, "max", 1);
        bool ok = min is not null && max is not null;
        if (ok && max < min)
        {
            var maxField = bounds["max"];
            ctx.Error(maxField.Value, string.Create(CultureInfo.InvariantCulture, $"{maxField.Path}: max size must be greater or equal to min size (min {min}, max {max})"));
            ok = false;
        }

        var delay = PoolAutoscaling.DefaultProvisioningDelay;
        var jitter = TimeSpan.Zero;
        if (provisioningField.Value is not null)
        {
            var provisioning = KnownKeys.Read(ctx, r.Fields(provisioningField.Value, provisioningField.Path), provisioningField.Path, ProvisioningKeys);
            if (provisioning.TryGetValue("delay", out var delayField))
            {
                ok &= r.NonNegativeDuration(delayField.Value, delayField.Path, out delay);
            }

            if (provisioning.TryGetValue("jitter", out var jitterField))
            {
                ok &= r.NonNegativeDuration(jitterField.Value, jitterField.Path, out jitter);
            }
        }

        return ok ? new PoolAutoscaling(min!.Value, max!.Value) { ProvisioningDelay = delay, ProvisioningJitter = jitter } : null;
    }

    /// <summary>autoscaling.min or .max: required, an integer from <paramref name="least"/> to 100000.</summary>
    private static int? Size(LoadContext ctx, YamlField autoscaling, Dictionary<string, YamlField> bounds, string key, int least)
    {
        if (!bounds.TryGetValue(key, out var f))
        {
            if (autoscaling.Value is YamlMappingNode || YamlReader.IsNull(autoscaling.Value))
            {
                ctx.Error(autoscaling.Value is YamlMappingNode ? autoscaling.Value : autoscaling.KeyNode, $"{autoscaling.Path}.{key} is required (autoscaling: {{min: 1, max: 10}})");
            }

            return null;
        }

        if (!ctx.Reader.Integer(f.Value, f.Path, out long n))
        {
            return null;
        }

        if (n < least)
        {
            ctx.Error(f.Value, string.Create(CultureInfo.InvariantCulture, $"{f.Path}: {key} size must be >= {least}, got {n}"));
            return null;
        }

        if (n > 100_000)
        {
            ctx.Error(f.Value, string.Create(CultureInfo.InvariantCulture, $"{f.Path}: expected at most 100000 nodes, got {n}"));
            return null;
        }

        return (int)n;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PoolName();

    /// <summary>The index part of a node group's node name: a positive decimal without leading zeros.</summary>
    [GeneratedRegex("^[1-9][0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupIndex();
}
