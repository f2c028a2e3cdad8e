using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>spec.nodes (contract section 4): pools of identical nodes, or real v1 Node manifests.</summary>
internal static partial class NodesSection
{
    private static readonly string[] PoolKeys = ["name", "count", "capacity", "labels", "taints", "zones"];

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

        return pools;
    }

    private static List<NodePoolSpec> Manifest(LoadContext ctx, YamlItem item, IReadOnlyList<YamlField> fields)
    {
        var result = new List<NodePoolSpec>();
        foreach (var f in fields.Where(f => f.Key != "manifest"))
        {
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
        var known = ctx.Known(fields, "a spec.nodes pool", PoolKeys);
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

        int count = 1;
        if (known.TryGetValue("count", out var countField) && r.Integer(countField.Value, countField.Path, out long c))
        {
            if (c is < 0 or > 100_000)
            {
                ctx.Error(countField.Value, string.Create(CultureInfo.InvariantCulture, $"{countField.Path}: expected a count between 0 and 100000, got {c}"));
            }
            else
            {
                count = (int)c;
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
                Location = r.Location(item.Node),
            },
        ];
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PoolName();
}
