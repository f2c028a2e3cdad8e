using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>spec.manifests (contract section 6): files and inline manifests applied at t=0, in order.</summary>
internal static class ManifestsSection
{
    private static readonly string[] Keys = ["file", "inline"];

    public static List<LoadedObject> Read(LoadContext ctx, YamlField section)
    {
        var r = ctx.Reader;
        var result = new List<LoadedObject>();
        var namespaces = new HashSet<string>(LoadContext.BootstrapNamespaces, StringComparer.Ordinal);
        foreach (var item in r.Items(section.Value, section.Path))
        {
            var known = ctx.Known(r.Fields(item.Node, item.Path), "a spec.manifests entry", Keys);
            if (known.Count != 1)
            {
                if (known.Count == 0 && !YamlReader.IsNull(item.Node) && item.Node is not YamlMappingNode)
                {
                    continue; // already reported: not a mapping
                }

                ctx.Error(item.Node, $"{item.Path}: a manifests entry needs exactly one of file: PATH or inline: MANIFEST");
                continue;
            }

            List<LoadedObject> objects;
            if (known.TryGetValue("file", out var file))
            {
                if (!r.Text(file.Value, file.Path, out var path))
                {
                    ctx.Error(file.Value, $"{file.Path}: expected the path of a manifest file");
                    continue;
                }

                objects = ctx.DecodeReferenced(path, file.Value) ?? [];
            }
            else
            {
                objects = Inline(ctx, known["inline"]);
            }

            foreach (var o in objects)
            {
                var obj = o.Object;
                if (obj is Namespace)
                {
                    namespaces.Add(obj.Metadata.Name);
                }
                else if (obj.Namespaced && obj.Metadata.Namespace.Length > 0 && !namespaces.Contains(obj.Metadata.Namespace))
                {
                    ctx.Diagnostics.Error(o.Location, $"namespaces \"{obj.Metadata.Namespace}\" not found (list the Namespace's manifest before this {obj.Kind})");
                    continue;
                }

                result.Add(o);
            }
        }

        ctx.NoteNodes(result);
        ctx.CreatedObjects.AddRange(result);
        return result;
    }

    /// <summary>`inline:` as a block string (positions map into the scenario file) or as a YAML mapping.</summary>
    private static List<LoadedObject> Inline(LoadContext ctx, YamlField field)
    {
        if (field.Value is YamlMappingNode map)
        {
            return ManifestDecoder.DecodeDocument(map, ctx.Source, ctx.Diagnostics) is { } one ? [one] : [];
        }

        if (field.Value is not YamlScalarNode scalar || YamlReader.IsNull(scalar))
        {
            ctx.Error(field.Value, $"{field.Path}: expected a manifest (a block string `inline: |` or a mapping)");
            return [];
        }

        YamlSource inner;
        int line = (int)scalar.Start.Line;
        int indent = ScalarOffsets.BlockIndent(ctx.Source, line);
        if (scalar.Style == ScalarStyle.Literal && indent >= 0 && ctx.Source.Pin is null)
        {
            inner = new YamlSource(ctx.Source.File, scalar.Value ?? "", ctx.Source.LineOffset + line, ctx.Source.ColumnOffset + indent);
        }
        else
        {
            inner = new YamlSource(ctx.Source.File, scalar.Value ?? "", pin: ctx.Reader.Location(scalar));
        }

        return ManifestDecoder.Decode(inner, ctx.Diagnostics);
    }
}
