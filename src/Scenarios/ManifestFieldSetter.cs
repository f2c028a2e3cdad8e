using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Sets one field of a loaded manifest to a new scalar value and decodes it again with every check the loader
/// makes, so a changed manifest is exactly what the user would get by editing the file. Used by `clustersim
/// plan` and `run --set` to vary a Deployment's replicas, an HPA's target or a container's request.
/// </summary>
public static class ManifestFieldSetter
{
    /// <summary>
    /// A copy of <paramref name="manifest"/> with the field at <paramref name="path"/> (the object's own field
    /// names, dotted: <c>spec.replicas</c>, <c>spec.metrics[0].resource.target.averageUtilization</c>,
    /// <c>spec.template.spec.containers[web].resources.requests.cpu</c>, where <c>[N]</c> is a list index and
    /// <c>[NAME]</c> the list item whose <c>name</c> is NAME) set to <paramref name="value"/>; or null and the
    /// reason. A missing mapping field is added (a default such as replicas may be left out of a manifest); a
    /// field the decoder does not know, a list item that does not exist, or a value the API server would
    /// refuse is an error. The original is not changed: the document is copied along the path only.
    /// </summary>
    public static LoadedObject? Set(LoadedObject manifest, string path, string value, out string? error)
    {
        error = null;
        if (manifest.Root is not YamlMappingNode root || manifest.Source is not { } source)
        {
            error = $"{manifest.Object.Kind} \"{manifest.Object.Metadata.Name}\" was not read from a manifest";
            return null;
        }

        var segments = Parse(path, out error);
        if (segments is null)
        {
            return null;
        }

        var patched = With(root, segments, 0, value, out error);
        if (patched is null)
        {
            error = $"{path}: {error}";
            return null;
        }

        var before = new DiagnosticBag();
        ManifestDecoder.DecodeDocument(root, source, before);
        var after = new DiagnosticBag();
        var decoded = ManifestDecoder.DecodeDocument(patched, source, after);
        if (decoded is null || after.ErrorCount > 0)
        {
            error = string.Join("; ", after.Items.Where(d => d.Severity == Severity.Error).Select(d => d.Message));
            return null;
        }

        // A new warning means the decoder does not simulate the field: varying it would change nothing.
        var added = after.Items.Where(d => d.Severity == Severity.Warning).Select(d => d.Message)
            .Except(before.Items.Where(d => d.Severity == Severity.Warning).Select(d => d.Message), StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            error = $"{path} is not a field ClusterSim simulates in a {manifest.Object.Kind} ({added[0]})";
            return null;
        }

        return new LoadedObject(decoded.Object, manifest.Location, decoded.CreateFresh)
        {
            FieldLocations = manifest.FieldLocations,
            Root = patched,
            Source = source,
        };
    }

    /// <summary>The current scalar text at <paramref name="path"/>, or null when the field is absent or not a scalar.</summary>
    public static string? Get(LoadedObject manifest, string path)
    {
        if (manifest.Root is not YamlNode node || Parse(path, out _) is not { } segments)
        {
            return null;
        }

        foreach (var s in segments)
        {
            node = Child(node, s)!;
            if (node is null)
            {
                return null;
            }
        }

        return node is YamlScalarNode scalar ? scalar.Value : null;
    }

    private abstract record Segment;

    private sealed record Key(string Name) : Segment;

    private sealed record Index(int Position) : Segment;

    private sealed record Named(string Name) : Segment;

    private static List<Segment>? Parse(string path, out string? error)
    {
        error = null;
        var result = new List<Segment>();
        int i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0 || close == i + 1)
                {
                    error = $"{path}: expected [INDEX] or [NAME] at column {i + 1}";
                    return null;
                }

                var inner = path[(i + 1)..close];
                result.Add(int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? new Index(n) : new Named(inner));
                i = close + 1;
                if (i < path.Length && path[i] == '.')
                {
                    i++;
                }

                continue;
            }

            int end = path.IndexOfAny(['.', '['], i);
            end = end < 0 ? path.Length : end;
            if (end == i)
            {
                error = $"{path}: empty field name at column {i + 1}";
                return null;
            }

            result.Add(new Key(path[i..end]));
            i = end < path.Length && path[end] == '.' ? end + 1 : end;
        }

        if (result.Count == 0 || result[^1] is not Key)
        {
            error = $"\"{path}\": expected a field path such as spec.replicas";
            return null;
        }

        return result;
    }

    private static YamlNode? Child(YamlNode node, Segment s) => s switch
    {
        Key k when node is YamlMappingNode m => m.Children.FirstOrDefault(c => c.Key is YamlScalarNode key && key.Value == k.Name).Value,
        Index x when node is YamlSequenceNode q => x.Position < q.Children.Count ? q.Children[x.Position] : null,
        Named n when node is YamlSequenceNode q => q.Children.FirstOrDefault(c => c is YamlMappingNode m && Child(m, new Key("name")) is YamlScalarNode v && v.Value == n.Name),
        _ => null,
    };

    /// <summary>A copy of <paramref name="node"/> with the value at segments[at..] replaced; untouched subtrees are shared.</summary>
    private static YamlNode? With(YamlNode node, List<Segment> segments, int at, string value, out string? error)
    {
        error = null;
        if (at == segments.Count)
        {
            if (node is YamlMappingNode or YamlSequenceNode)
            {
                error = "is not a single value (it holds a mapping or a list)";
                return null;
            }

            return new YamlScalarNode(value);
        }

        var s = segments[at];
        switch (node)
        {
            case YamlMappingNode map when s is Key k:
                {
                    var copy = new YamlMappingNode();
                    bool found = false;
                    foreach (var (key, child) in map.Children)
                    {
                        if (!found && key is YamlScalarNode ks && ks.Value == k.Name)
                        {
                            found = true;
                            var replaced = With(child, segments, at + 1, value, out error);
                            if (replaced is null)
                            {
                                return null;
                            }

                            copy.Add(key, replaced);
                        }
                        else
                        {
                            copy.Add(key, child);
                        }
                    }

                    if (!found)
                    {
                        if (at + 1 < segments.Count && segments[at + 1] is not Key)
                        {
                            error = $"has no list {k.Name}";
                            return null;
                        }

                        var created = at + 1 == segments.Count ? new YamlScalarNode(value) : With(new YamlMappingNode(), segments, at + 1, value, out error);
                        if (created is null)
                        {
                            return null;
                        }

                        copy.Add(new YamlScalarNode(k.Name), created);
                    }

                    return copy;
                }

            case YamlSequenceNode seq when s is Index or Named:
                {
                    var target = Child(seq, s);
                    if (target is null)
                    {
                        error = s is Index x ? $"list has no item {x.Position} (it has {seq.Children.Count})" : $"list has no item named {((Named)s).Name}";
                        return null;
                    }

                    var copy = new YamlSequenceNode();
                    foreach (var child in seq.Children)
                    {
                        if (ReferenceEquals(child, target))
                        {
                            var replaced = With(child, segments, at + 1, value, out error);
                            if (replaced is null)
                            {
                                return null;
                            }

                            copy.Add(replaced);
                        }
                        else
                        {
                            copy.Add(child);
                        }
                    }

                    return copy;
                }

            default:
                error = s is Key field ? $"{field.Name}: not inside a mapping" : "not a list";
                return null;
        }
    }
}
