using System.Text.RegularExpressions;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Sections;
using ClusterSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Loads a scenario file (contract sections 2-6) into a checked <see cref="Scenario"/>. Never throws for user
/// errors: every problem is a <see cref="Diagnostic"/> naming the file, line and column. Unknown keys in the
/// scenario envelope and sections are errors; referenced paths are relative to the scenario file; manifests
/// (spec.manifests, node manifests, kubectl -f files) are decoded and validated at load time.
/// </summary>
public static partial class ScenarioLoader
{
    public const string ApiVersion = "clustersim.io/v1alpha1";

    public const string Kind = "Scenario";

    private static readonly string[] TopLevelKeys = ["apiVersion", "kind", "metadata", "spec"];

    private static readonly string[] MetadataKeys = ["name", "description"];

    private static readonly string[] SpecKeys = ["seed", "duration", "sampleEvery", "controlPlane", "nodes", "images", "manifests", "load", "timeline", "expect"];

    /// <summary>Loads and checks the scenario at <paramref name="path"/>.</summary>
    public static LoadResult Load(string path)
    {
        var diagnostics = new DiagnosticBag();
        if (!SourceFiles.TryRead(path, out var text, out var readError))
        {
            diagnostics.Error(SourceLocation.WholeFile(path), readError!);
            return new LoadResult(null, diagnostics.Items.ToList());
        }

        return Load(path, text, diagnostics);
    }

    /// <summary>Loads a scenario from text; <paramref name="path"/> names it and anchors relative paths.</summary>
    public static LoadResult LoadText(string text, string path) => Load(path, text, new DiagnosticBag());

    private static LoadResult Load(string path, string text, DiagnosticBag diagnostics)
    {
        var source = new YamlSource(path, text);
        QuoteFlowFaults(source);
        var scenario = Parse(source, diagnostics);
        return new LoadResult(diagnostics.ErrorCount == 0 ? scenario : null, diagnostics.Items.ToList());
    }

    private static Scenario? Parse(YamlSource source, DiagnosticBag diagnostics)
    {
        var roots = YamlDocumentLoader.Load(source, diagnostics);
        if (roots is null)
        {
            return null;
        }

        var documents = roots.Where(r => !YamlReader.IsNull(r)).ToList();
        if (documents.Count == 0)
        {
            diagnostics.Error(new SourceLocation(source.File, 1, 1), $"empty scenario: expected apiVersion: {ApiVersion}, kind: {Kind}, metadata and spec");
            return null;
        }

        if (documents.Count > 1)
        {
            diagnostics.Error(source.Map(documents[1].Start), "a scenario file holds one YAML document (put manifests in files listed under spec.manifests)");
            return null;
        }

        var ctx = new LoadContext(source, diagnostics);
        var r = ctx.Reader;
        var root = documents[0];
        if (root is not YamlMappingNode)
        {
            ctx.Error(root, $"expected a scenario (a mapping with apiVersion: {ApiVersion}, kind: {Kind}, metadata and spec), got {YamlReader.Describe(root)}");
            return null;
        }

        var top = ctx.Known(r.Fields(root, ""), "the scenario", TopLevelKeys);
        CheckConstant(ctx, root, top, "apiVersion", ApiVersion);
        if (top.TryGetValue("kind", out var kindField) && kindField.Value is YamlScalarNode { Value: "Plan" })
        {
            // A capacity plan names its scenario; reporting every plan field as unknown would bury the point.
            ctx.Error(kindField.Value, "this is a capacity plan (kind: Plan), not a scenario: run it with `clustersim plan " + source.File + "` (its scenario is spec.scenario)");
            return null;
        }

        CheckConstant(ctx, root, top, "kind", Kind);

        string name = "", description = "";
        if (!top.TryGetValue("metadata", out var metadata))
        {
            ctx.Error(root, "metadata is required (metadata: {name: NAME})");
        }
        else
        {
            var meta = ctx.Known(r.Fields(metadata.Value, metadata.Path), "metadata", MetadataKeys);
            if (!meta.TryGetValue("name", out var nameField) || !r.Text(nameField.Value, nameField.Path, out name))
            {
                ctx.Error(meta.TryGetValue("name", out var nf) ? nf.Value : metadata.KeyNode, "metadata.name is required");
            }
            else if (!NamePattern().IsMatch(name))
            {
                ctx.Error(nameField.Value, $"metadata.name: invalid name \"{name}\": use lower case letters, digits and '-' ([a-z0-9-]+)");
            }

            if (meta.TryGetValue("description", out var descField))
            {
                r.Text(descField.Value, descField.Path, out description);
            }
        }

        if (!top.TryGetValue("spec", out var specField))
        {
            ctx.Error(root, "spec is required (at least spec.duration)");
            return null;
        }

        var spec = ctx.Known(r.Fields(specField.Value, specField.Path), "spec", SpecKeys);
        var scenario = new Scenario { Name = name, Description = description, FilePath = source.File };
        if (spec.TryGetValue("seed", out var seed) && r.Integer(seed.Value, seed.Path, out long seedValue))
        {
            scenario.Seed = seedValue;
        }

        if (!spec.TryGetValue("duration", out var duration))
        {
            ctx.Error(specField.KeyNode, "spec.duration is required (virtual time to simulate, e.g. duration: 30m)");
        }
        else if (r.PositiveDuration(duration.Value, duration.Path, out var d))
        {
            scenario.Duration = d;
        }

        if (spec.TryGetValue("sampleEvery", out var sample) && r.PositiveDuration(sample.Value, sample.Path, out var every))
        {
            scenario.SampleEvery = every;
        }

        // Sections that others depend on come first: nodes and manifests declare what faults, node
        // commands, load targets and expectations refer to.
        if (spec.TryGetValue("controlPlane", out var controlPlane))
        {
            scenario.ControlPlane = ControlPlaneSection.Read(ctx, controlPlane);
        }

        if (spec.TryGetValue("nodes", out var nodes))
        {
            scenario.Nodes.AddRange(NodesSection.Read(ctx, nodes));
        }

        if (spec.TryGetValue("images", out var images))
        {
            foreach (var (image, behavior) in ImagesSection.Read(ctx, images))
            {
                scenario.Images[image] = behavior;
            }
        }

        if (spec.TryGetValue("manifests", out var manifests))
        {
            scenario.Manifests.AddRange(ManifestsSection.Read(ctx, manifests));
        }

        if (spec.TryGetValue("timeline", out var timeline))
        {
            scenario.Timeline.AddRange(TimelineSection.Read(ctx, timeline, scenario.Nodes));
            Faults.FaultSequenceCheck.Check(scenario, diagnostics);
            foreach (var entry in scenario.Timeline.Where(e => e.At > scenario.Duration && scenario.Duration > TimeSpan.Zero))
            {
                diagnostics.Warning(entry.Location, $"at {Durations.Format(entry.At)} is after the end of the run (duration {Durations.Format(scenario.Duration)}); it never happens");
            }
        }

        ScaleTargetCheck.Check(ctx, scenario.Timeline);
        PriorityClassCheck.Check(ctx);

        if (spec.TryGetValue("load", out var load))
        {
            scenario.Load.AddRange(LoadSection.Read(ctx, load));
        }

        if (spec.TryGetValue("expect", out var expect))
        {
            scenario.Expectations.AddRange(ExpectSection.Read(ctx, expect, scenario.Duration, scenario.Nodes));
        }

        return scenario;
    }

    private static void CheckConstant(LoadContext ctx, YamlNode root, Dictionary<string, YamlField> top, string key, string expected)
    {
        if (!top.TryGetValue(key, out var f))
        {
            ctx.Error(root, $"{key} is required ({key}: {expected})");
        }
        else if (!ctx.Reader.Text(f.Value, f.Path, out var value) || value != expected)
        {
            ctx.Error(f.Value, $"{key}: expected {expected}, got {YamlReader.Describe(f.Value)}");
        }
    }

    /// <summary>
    /// The contract writes `fault: random-node-crash {mtbf: 6h, mttr: 20m}`, which YAML reads as a broken
    /// mapping. Such lines are quoted before parsing (positions still map to the user's columns).
    /// </summary>
    private static void QuoteFlowFaults(YamlSource source)
    {
        for (int i = 0; i < source.Lines.Count; i++)
        {
            var m = FlowFault().Match(source.Lines[i]);
            if (m.Success)
            {
                source.QuoteLine(i, m.Groups["value"].Index, m.Groups["value"].Length);
            }
        }
    }

    [GeneratedRegex("^\\s*(?:-\\s+)?fault:[ \\t]+(?<value>[A-Za-z][-A-Za-z0-9]*[ \\t]*\\{[^'\"#{}]*\\})[ \\t]*(?:#.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FlowFault();

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
