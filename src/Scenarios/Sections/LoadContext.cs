using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>What the section readers share while loading one scenario file.</summary>
internal sealed class LoadContext(YamlSource source, DiagnosticBag diagnostics)
{
    /// <summary>Namespaces every cluster starts with.</summary>
    public static readonly IReadOnlyList<string> BootstrapNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"];

    public YamlSource Source { get; } = source;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public YamlReader Reader { get; } = new(source, diagnostics);

    /// <summary>The scenario file's directory, as given (relative paths resolve against it).</summary>
    public string BaseDirectory { get; } = Path.GetDirectoryName(source.File) ?? "";

    /// <summary>Node names declared so far (pools, node manifests, Node objects in manifests and timeline files), in order.</summary>
    public List<string> NodeNames { get; } = [];

    /// <summary>Every object created by spec.manifests or a timeline create/apply (for load-target checks).</summary>
    public List<LoadedObject> CreatedObjects { get; } = [];

    public void Error(YamlNode node, string message) => Reader.Error(node, message);

    public void Warning(YamlNode node, string message) => Reader.Warning(node, message);

    /// <summary>
    /// A path from the scenario, resolved against its directory and normalized (`a/../b` becomes `b`); relative
    /// to the working directory when the scenario's path was relative, absolute otherwise.
    /// </summary>
    public string Resolve(string path)
    {
        string joined = Path.IsPathRooted(path) ? path : Path.Join(BaseDirectory, path);
        try
        {
            string full = Path.GetFullPath(joined);
            return Path.IsPathRooted(Source.File) ? full : Path.GetRelativePath(Environment.CurrentDirectory, full);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            return joined;
        }
    }

    /// <summary>Reads the file a scenario field names; on failure an error at <paramref name="at"/>.</summary>
    public bool TryReadReferenced(string written, YamlNode at, out string resolved, out string text)
    {
        resolved = Resolve(written);
        text = "";
        if (Directory.Exists(resolved))
        {
            Error(at, $"\"{written}\" is a directory; expected a file");
            return false;
        }

        if (!File.Exists(resolved))
        {
            Error(at, $"file \"{written}\" not found (paths are relative to the scenario file)");
            return false;
        }

        if (!SourceFiles.TryRead(resolved, out text, out var error))
        {
            Error(at, error!);
            return false;
        }

        return true;
    }

    /// <summary>Decodes the manifests in a file the scenario names (errors inside it carry its own name).</summary>
    public List<LoadedObject>? DecodeReferenced(string written, YamlNode at)
    {
        if (!TryReadReferenced(written, at, out var resolved, out var text))
        {
            return null;
        }

        return ManifestDecoder.Decode(new YamlSource(resolved, text), Diagnostics);
    }

    /// <summary>Adds the Node objects among <paramref name="objects"/> to <see cref="NodeNames"/>.</summary>
    public void NoteNodes(IEnumerable<LoadedObject> objects)
    {
        foreach (var o in objects)
        {
            if (o.Object is Node n && !NodeNames.Contains(n.Metadata.Name, StringComparer.Ordinal))
            {
                NodeNames.Add(n.Metadata.Name);
            }
        }
    }

    /// <summary>Zones of every declared node: pools' zones and zone labels, and Node objects' zone labels.</summary>
    public List<string> Zones(IEnumerable<NodePoolSpec> pools)
    {
        var zones = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in pools)
        {
            zones.UnionWith(p.AllZones());
        }

        foreach (var o in CreatedObjects)
        {
            if (o.Object is Node n && n.Metadata.Labels.TryGetValue(NodePoolSpec.ZoneLabel, out var z))
            {
                zones.Add(z);
            }
        }

        return zones.ToList();
    }

    /// <summary>"unknown field" for a scenario key, naming the keys allowed there.</summary>
    public void UnknownKey(YamlField f, string where, IEnumerable<string> allowed) =>
        Reader.Error(f.KeyNode, $"unknown field \"{f.Key}\" in {where} (expected one of: {string.Join(", ", allowed)})");

    /// <summary>Reports unknown keys of <paramref name="fields"/>; returns the known ones by name (first wins).</summary>
    public Dictionary<string, YamlField> Known(IReadOnlyList<YamlField> fields, string where, IReadOnlyList<string> allowed)
    {
        var result = new Dictionary<string, YamlField>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (!allowed.Contains(f.Key, StringComparer.Ordinal))
            {
                UnknownKey(f, where, allowed);
            }
            else
            {
                result.TryAdd(f.Key, f);
            }
        }

        return result;
    }
}
