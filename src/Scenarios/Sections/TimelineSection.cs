using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// spec.timeline (contract section 6): kubectl commands and faults at virtual times. Commands are parsed
/// first (their -f files decoded, adding any Nodes they create), then faults and node commands are checked
/// against every node the scenario declares.
/// </summary>
internal static class TimelineSection
{
    private static readonly string[] Keys = ["at", "run", "fault"];

    public static List<TimelineEntry> Read(LoadContext ctx, YamlField section, IReadOnlyList<NodePoolSpec> pools)
    {
        var r = ctx.Reader;
        var pending = new List<(TimeSpan At, SourceLocation Location, KubectlCommand? Command, YamlScalarNode? RunNode, YamlField? Fault)>();
        foreach (var item in r.Items(section.Value, section.Path))
        {
            var known = ctx.Known(r.Fields(item.Node, item.Path), "a spec.timeline entry", Keys);
            if (item.Node is not YamlMappingNode)
            {
                continue;
            }

            var at = TimeSpan.Zero;
            bool ok = true;
            if (!known.TryGetValue("at", out var atField))
            {
                ctx.Error(item.Node, $"{item.Path}: at is required (e.g. at: 1m)");
                ok = false;
            }
            else
            {
                ok = r.NonNegativeDuration(atField.Value, atField.Path, out at);
            }

            bool hasRun = known.TryGetValue("run", out var run), hasFault = known.TryGetValue("fault", out var fault);
            if (hasRun == hasFault)
            {
                ctx.Error(hasRun ? fault.KeyNode : item.Node, $"{item.Path}: a timeline entry has exactly one of run: (a kubectl command) or fault:");
                continue;
            }

            if (hasRun)
            {
                var command = Command(ctx, run);
                if (ok && command is not null)
                {
                    pending.Add((at, r.Location(item.Node), command, (YamlScalarNode)run.Value, null));
                }
            }
            else if (ok)
            {
                pending.Add((at, r.Location(item.Node), null, null, fault));
            }
        }

        var nodes = ctx.NodeNames.ToList();
        var zones = ctx.Zones(pools);
        var result = new List<TimelineEntry>();
        foreach (var (at, location, command, runNode, faultField) in pending)
        {
            if (command is not null)
            {
                if (command.Node is { } node && !nodes.Contains(node, StringComparer.Ordinal))
                {
                    ctx.Diagnostics.Error(ScalarOffsets.Locate(ctx.Source, runNode!, command.NodeOffset), $"nodes \"{node}\" not found (the scenario declares {Describe(nodes)})");
                    continue;
                }

                result.Add(new TimelineEntry(at, location, command, null));
            }
            else if (Fault(ctx, faultField!.Value, nodes, zones, pools) is { } spec)
            {
                result.Add(new TimelineEntry(at, location, null, spec));
            }
        }

        return result;
    }

    private static KubectlCommand? Command(LoadContext ctx, YamlField run)
    {
        if (run.Value is not YamlScalarNode scalar || YamlReader.IsNull(scalar))
        {
            ctx.Error(run.Value, $"{run.Path}: expected a kubectl command line");
            return null;
        }

        string text = scalar.Value ?? "";
        var customResources = ctx.CreatedObjects.Select(o => o.Object).OfType<KeptObject>().Where(k => !ApiResources.IsServed(k.Kind))
            .Select(k => k.Resource).DistinctBy(r => r.Kind).ToList();
        if (!KubectlCommandParser.TryParse(text, customResources, out var command, out var error))
        {
            ctx.Diagnostics.Error(ScalarOffsets.Locate(ctx.Source, scalar, error.Offset), error.Message);
            return null;
        }

        if (command.FileArguments.Count == 0)
        {
            return command;
        }

        var files = new List<string>();
        var objects = new List<LoadedObject>();
        int errors = ctx.Diagnostics.ErrorCount;
        foreach (var (path, offset) in command.FileArguments)
        {
            var at = ScalarOffsets.Locate(ctx.Source, scalar, offset);
            if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                ctx.Diagnostics.Error(at, $"remote files are not supported: \"{path}\" (use a path relative to the scenario)");
                continue;
            }

            string resolved = ctx.Resolve(path);
            List<string> expanded;
            if (Directory.Exists(resolved))
            {
                expanded = Directory.EnumerateFiles(resolved)
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .ToList();
            }
            else if (File.Exists(resolved))
            {
                expanded = [resolved];
            }
            else
            {
                ctx.Diagnostics.Error(at, $"the path \"{path}\" does not exist");
                continue;
            }

            foreach (string file in expanded)
            {
                files.Add(file);
                if (SourceFiles.TryRead(file, out var text2, out var readError))
                {
                    objects.AddRange(ManifestDecoder.Decode(new YamlSource(file, text2), ctx.Diagnostics));
                }
                else
                {
                    ctx.Diagnostics.Error(at, readError!);
                }
            }
        }

        if (ctx.Diagnostics.ErrorCount > errors)
        {
            return null;
        }

        if (command.Verb is "create" or "apply")
        {
            ctx.NoteNodes(objects);
            ctx.CreatedObjects.AddRange(objects);
        }

        return command with { Files = files, Objects = objects };
    }

    private static FaultSpec? Fault(LoadContext ctx, YamlField field, IReadOnlyList<string> nodes, IReadOnlyList<string> zones, IReadOnlyList<NodePoolSpec> pools)
    {
        var r = ctx.Reader;
        if (field.Value is YamlScalarNode scalar && !YamlReader.IsNull(scalar))
        {
            if (!FaultParser.TryParse(scalar.Value ?? "", nodes, zones, pools, out var fault, out var error))
            {
                ctx.Diagnostics.Error(ScalarOffsets.Locate(ctx.Source, scalar, error.Offset), error.Message);
                return null;
            }

            return fault;
        }

        // Mapping form: {random-node-crash: {mtbf: 6h, mttr: 20m}} or {node-crash: worker-1}.
        var fields = r.Fields(field.Value, field.Path);
        if (fields.Count != 1)
        {
            if (field.Value is YamlMappingNode || YamlReader.IsNull(field.Value))
            {
                ctx.Error(field.Value, $"{field.Path}: expected a fault such as node-crash NODE or random-node-crash {{mtbf: 6h, mttr: 20m}}");
            }

            return null;
        }

        var f = fields[0];
        var type = FaultParser.TypeOf(f.Key);
        if (type is null)
        {
            FaultParser.TryParse(f.Key, nodes, zones, out _, out var unknown);
            ctx.Error(f.KeyNode, unknown!.Message);
            return null;
        }

        if (type == FaultType.RandomNodeCrash)
        {
            var known = ctx.Known(r.Fields(f.Value, f.Path), f.Path, ["mtbf", "mttr"]);
            TimeSpan mtbf = TimeSpan.Zero, mttr = TimeSpan.Zero;
            bool ok = true;
            foreach (string key in new[] { "mtbf", "mttr" })
            {
                if (!known.TryGetValue(key, out var kf))
                {
                    ctx.Error(f.Value, $"{f.Path}: {key} is required (e.g. {{mtbf: 6h, mttr: 20m}})");
                    ok = false;
                }
                else if (r.PositiveDuration(kf.Value, kf.Path, out var d))
                {
                    if (key == "mtbf")
                    {
                        mtbf = d;
                    }
                    else
                    {
                        mttr = d;
                    }
                }
                else
                {
                    ok = false;
                }
            }

            return ok ? FaultParser.RandomNodeCrash(mtbf, mttr) : null;
        }

        if (!r.Text(f.Value, f.Path, out var target))
        {
            ctx.Error(f.Value, $"{f.Path}: expected a target name");
            return null;
        }

        if (!FaultParser.TryParse(f.Key + " " + target, nodes, zones, pools, out var spec, out var err))
        {
            ctx.Error(f.Value, err.Message);
            return null;
        }

        return spec;
    }

    private static string Describe(IReadOnlyList<string> nodes) =>
        nodes.Count == 0 ? "no nodes" : "nodes " + string.Join(", ", nodes.Take(10)) + (nodes.Count > 10 ? ", ..." : "");
}
