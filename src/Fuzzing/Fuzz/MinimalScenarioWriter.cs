using System.Globalization;
using ClusterSim.Scenarios.Kubectl;
using YamlDotNet.RepresentationModel;
using YamlNode = YamlDotNet.RepresentationModel.YamlNode;

namespace ClusterSim.Scenarios.Fuzz;

/// <summary>
/// Writes the user's scenario file with a fuzz schedule appended to spec.timeline, as a plain scenario that
/// `clustersim run` replays. The file is edited through YamlDotNet's representation model rather than
/// re-serialized from the <see cref="Model.Scenario"/>, so the user's manifests, expectations and formatting
/// of values stay as written (comments are lost). Paths the scenario resolves against its own directory
/// (manifests' `file:`, nodes' `manifest:`, load `csv:`, and `kubectl ... -f FILE` in the timeline) are
/// rewritten relative to the output directory, so the file works where it is written and stays readable.
/// spec.seed is set to the seed the fuzzer ran with, so `--seed` overrides are kept too.
/// </summary>
public static class MinimalScenarioWriter
{
    /// <summary>The text of the scenario at <paramref name="scenarioPath"/> with <paramref name="schedule"/> appended, to be saved in <paramref name="outDir"/>.</summary>
    public static string Render(string scenarioPath, string outDir, IReadOnlyList<FuzzFault> schedule, long seed)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(scenarioPath)))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var spec = (YamlMappingNode)root.Children[new YamlScalarNode("spec")];
        string from = Path.GetDirectoryName(Path.GetFullPath(scenarioPath)) ?? ".";
        string to = Path.GetFullPath(outDir);
        string Move(string path) =>
            Path.IsPathRooted(path) ? path : Path.GetRelativePath(to, Path.GetFullPath(Path.Join(from, path))).Replace('\\', '/');

        spec.Children[new YamlScalarNode("seed")] = new YamlScalarNode(seed.ToString(CultureInfo.InvariantCulture));
        RewriteFields(Sequence(spec, "manifests"), "file", Move);
        RewriteFields(Sequence(spec, "nodes"), "manifest", Move);
        foreach (var load in Sequence(spec, "load").OfType<YamlMappingNode>())
        {
            RewriteFields(Sequence(load, "rps"), "csv", Move);
        }

        if (!spec.Children.TryGetValue(new YamlScalarNode("timeline"), out var timelineNode) || timelineNode is not YamlSequenceNode timeline)
        {
            timeline = new YamlSequenceNode();
            spec.Children[new YamlScalarNode("timeline")] = timeline;
        }

        foreach (var entry in timeline.Children.OfType<YamlMappingNode>())
        {
            if (entry.Children.TryGetValue(new YamlScalarNode("run"), out var run) && run is YamlScalarNode { Value: { } text } scalar
                && KubectlCommandParser.TryParse(text, out var command, out _))
            {
                scalar.Value = RewriteFileArguments(text, command, Move);
            }
        }

        foreach (var f in FuzzScenario.Ordered(schedule))
        {
            timeline.Add(new YamlMappingNode(
                new YamlScalarNode("at"), new YamlScalarNode(Durations.Format(f.At)),
                new YamlScalarNode("fault"), new YamlScalarNode(f.Fault.ToString())));
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        // YamlStream ends a document with "...": harmless, but not what people write.
        var yaml = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (yaml.EndsWith("...\n", StringComparison.Ordinal))
        {
            yaml = yaml[..^4];
        }

        return yaml;
    }

    /// <summary>Writes <c>minimal-failure.yaml</c> into <paramref name="outDir"/> and returns its path.</summary>
    public static string Write(string scenarioPath, string outDir, IReadOnlyList<FuzzFault> schedule, long seed)
    {
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, "minimal-failure.yaml");
        File.WriteAllText(path, Render(scenarioPath, outDir, schedule, seed));
        return path;
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode seq ? seq.Children : [];

    private static void RewriteFields(IEnumerable<YamlNode> items, string key, Func<string, string> move)
    {
        foreach (var item in items.OfType<YamlMappingNode>())
        {
            if (item.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { } path } scalar)
            {
                scalar.Value = move(path);
            }
        }
    }

    /// <summary>The command text with each -f path moved, replaced where the parser found it (right to left, so offsets hold).</summary>
    private static string RewriteFileArguments(string text, KubectlCommand command, Func<string, string> move)
    {
        foreach (var (path, offset) in command.FileArguments.OrderByDescending(a => a.Offset))
        {
            if (path.Contains("://", StringComparison.Ordinal) || offset < 0 || offset + path.Length > text.Length
                || string.CompareOrdinal(text, offset, path, 0, path.Length) != 0)
            {
                continue;
            }

            text = string.Concat(text.AsSpan(0, offset), move(path), text.AsSpan(offset + path.Length));
        }

        return text;
    }
}
