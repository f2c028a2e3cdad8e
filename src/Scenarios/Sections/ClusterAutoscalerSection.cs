using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// spec.controlPlane.clusterAutoscaler: the Cluster Autoscaler's flags (<see cref="ClusterAutoscalerConfig"/>, each
/// named as its flag in camelCase) and the priority expander's `priorities`. Values are checked where they are
/// written: durations, counts and ranges, the expander chain as cluster-autoscaler's expander factory checks it,
/// and the priority patterns compiled.
/// </summary>
internal static class ClusterAutoscalerSection
{
    private static readonly string[] Keys =
    [
        "scanInterval", "expander", "scaleDownEnabled", "scaleDownUnneededTime", "scaleDownUnreadyTime", "scaleDownDelayAfterAdd",
        "scaleDownDelayAfterDelete", "scaleDownDelayAfterFailure", "scaleDownUtilizationThreshold", "maxNodeProvisionTime",
        "maxGracefulTerminationSec", "maxEmptyBulkDelete", "maxTotalUnreadyPercentage", "okTotalUnreadyCount", "newPodScaleUpDelay",
        "balanceSimilarNodeGroups", "maxNodesTotal", "initialNodeGroupBackoffDuration", "maxNodeGroupBackoffDuration",
        "nodeGroupBackoffResetTimeout", "enforceNodeGroupMinSize", "priorities",
        "expendablePodsPriorityCutoff",
    ];

    /// <summary>The expanders simulated (expander/expander.go's names, without grpc: there is no external server to call).</summary>
    public static readonly IReadOnlyList<string> Expanders = ["least-waste", "most-pods", "least-nodes", "random", "price", "priority"];

    /// <summary><paramref name="baseConfig"/> with the section's settings.</summary>
    public static ClusterAutoscalerConfig Read(LoadContext ctx, YamlField section, ClusterAutoscalerConfig baseConfig)
    {
        var r = ctx.Reader;
        var config = baseConfig;
        var known = KnownKeys.Read(ctx, r.Fields(section.Value, section.Path), section.Path, Keys);
        foreach (var f in known.Values.OrderBy(f => f.KeyNode.Start.Index))
        {
            var v = f.Value;
            string p = f.Path;
            switch (f.Key)
            {
                case "scanInterval" when r.PositiveDuration(v, p, out var d):
                    config = config with { ScanInterval = d };
                    break;
                case "expander" when Expander(ctx, f) is { } chain:
                    config = config with { Expander = chain };
                    break;
                case "scaleDownEnabled" when r.Bool(v, p, out bool b):
                    config = config with { ScaleDownEnabled = b };
                    break;
                case "scaleDownUnneededTime" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { ScaleDownUnneededTime = d };
                    break;
                case "scaleDownUnreadyTime" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { ScaleDownUnreadyTime = d };
                    break;
                case "scaleDownDelayAfterAdd" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { ScaleDownDelayAfterAdd = d };
                    break;
                case "scaleDownDelayAfterDelete" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { ScaleDownDelayAfterDelete = d };
                    break;
                case "scaleDownDelayAfterFailure" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { ScaleDownDelayAfterFailure = d };
                    break;
                case "scaleDownUtilizationThreshold" when Number(ctx, f, out double x):
                    if (x is > 0 and <= 1)
                    {
                        config = config with { ScaleDownUtilizationThreshold = x };
                    }
                    else
                    {
                        ctx.Error(v, $"{p}: expected a utilization above 0 and at most 1 (0.5 is 50%), got {Text(v)}");
                    }

                    break;
                case "maxNodeProvisionTime" when r.PositiveDuration(v, p, out var d):
                    config = config with { MaxNodeProvisionTime = d };
                    break;
                case "maxGracefulTerminationSec" when Count(ctx, f, 0, out int n):
                    config = config with { MaxGracefulTerminationSec = n };
                    break;
                case "maxEmptyBulkDelete" when Count(ctx, f, 1, out int n):
                    config = config with { MaxEmptyBulkDelete = n };
                    break;
                case "maxTotalUnreadyPercentage" when Number(ctx, f, out double x):
                    if (x is >= 0 and <= 100)
                    {
                        config = config with { MaxTotalUnreadyPercentage = x };
                    }
                    else
                    {
                        ctx.Error(v, $"{p}: expected a percentage between 0 and 100, got {Text(v)}");
                    }

                    break;
                case "okTotalUnreadyCount" when Count(ctx, f, 0, out int n):
                    config = config with { OkTotalUnreadyCount = n };
                    break;
                case "newPodScaleUpDelay" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { NewPodScaleUpDelay = d };
                    break;
                case "balanceSimilarNodeGroups" when r.Bool(v, p, out bool b):
                    config = config with { BalanceSimilarNodeGroups = b };
                    break;
                case "maxNodesTotal" when Count(ctx, f, 0, out int n):
                    config = config with { MaxNodesTotal = n };
                    break;
                case "initialNodeGroupBackoffDuration" when r.PositiveDuration(v, p, out var d):
                    config = config with { InitialNodeGroupBackoffDuration = d };
                    break;
                case "maxNodeGroupBackoffDuration" when r.PositiveDuration(v, p, out var d):
                    config = config with { MaxNodeGroupBackoffDuration = d };
                    break;
                case "nodeGroupBackoffResetTimeout" when r.PositiveDuration(v, p, out var d):
                    config = config with { NodeGroupBackoffResetTimeout = d };
                    break;
                case "enforceNodeGroupMinSize" when r.Bool(v, p, out bool b):
                    config = config with { EnforceNodeGroupMinSize = b };
                    break;
                case "priorities" when Priorities(ctx, f) is { } priorities:
                    config = config with { Priorities = priorities };
                    break;
                case "expendablePodsPriorityCutoff" when r.Int32(v, p, out int cutoff):
                    config = config with { ExpendablePodsPriorityCutoff = cutoff };
                    break;
            }
        }

        if (config.MaxNodeGroupBackoffDuration < config.InitialNodeGroupBackoffDuration
            && (known.TryGetValue("maxNodeGroupBackoffDuration", out var at) || known.TryGetValue("initialNodeGroupBackoffDuration", out at)))
        {
            ctx.Error(at.Value, $"{at.Path}: maxNodeGroupBackoffDuration ({Durations.Format(config.MaxNodeGroupBackoffDuration)}) must not be less than initialNodeGroupBackoffDuration ({Durations.Format(config.InitialNodeGroupBackoffDuration)}): the backoff starts at the initial duration and doubles up to the max");
        }

        var names = config.Expander.Split(',');
        if (names.Contains("priority", StringComparer.Ordinal) && config.Priorities.Count == 0 && !known.ContainsKey("priorities"))
        {
            ctx.Warning(known.TryGetValue("expander", out var e) ? e.Value : section.KeyNode, $"{section.Path}: the priority expander has no priorities (cluster-autoscaler reads them from the cluster-autoscaler-priority-expander ConfigMap): add priorities: {{10: [\".*\"]}}");
        }
        else if (!names.Contains("priority", StringComparer.Ordinal) && config.Priorities.Count > 0 && known.TryGetValue("priorities", out var pf))
        {
            ctx.Warning(pf.KeyNode, $"{pf.Path}: only the priority expander reads priorities, and the expander is {config.Expander}");
        }

        return config;
    }

    /// <summary>
    /// --expander: one name or a comma-separated chain, checked as expander/factory/expander_factory.go Factory.Build
    /// does (each name known, none twice, nothing after random, which always leaves one option); null when refused.
    /// </summary>
    private static string? Expander(LoadContext ctx, YamlField f)
    {
        if (!ctx.Reader.Text(f.Value, f.Path, out var text))
        {
            ctx.Error(f.Value, $"{f.Path}: expected an expander ({string.Join(", ", Expanders)}) or a comma-separated chain of them");
            return null;
        }

        // Spaces around the commas are forgiven (cluster-autoscaler splits on "," alone).
        var names = text.Split(',').Select(n => n.Trim()).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (!seen.Add(name))
            {
                ctx.Error(f.Value, $"{f.Path}: Expander {name} was specified multiple times, each expander must not be specified more than once");
                return null;
            }

            if (i > 0 && names[i - 1] == "random")
            {
                ctx.Error(f.Value, $"{f.Path}: Expander {name} came after an expander {names[i - 1]} that will always return only one result, this is not allowed since {name} will never be used");
                return null;
            }

            if (!Expanders.Contains(name, StringComparer.Ordinal))
            {
                string why = name == "grpc" ? " (the grpc expander calls an external server, which is not simulated)" : "";
                ctx.Error(f.Value, $"{f.Path}: Expander {name} not supported{why} ({DidYouMean.Hint(name, Expanders)}expected one of: {string.Join(", ", Expanders)}, or a comma-separated chain of them)");
                return null;
            }
        }

        return string.Join(",", names);
    }

    /// <summary>
    /// The priority expander's `priorities` (expander/priority/priority.go parsePrioritiesYAMLString): integer
    /// priorities to lists of node group name patterns, each compiled; null when refused.
    /// </summary>
    private static IReadOnlyList<(int Priority, IReadOnlyList<string> Patterns)>? Priorities(LoadContext ctx, YamlField f)
    {
        var r = ctx.Reader;
        var fields = r.Fields(f.Value, f.Path);
        if (fields.Count == 0)
        {
            // Not a mapping at all was reported by Fields; only an empty one is "empty".
            if (f.Value is YamlMappingNode || YamlReader.IsNull(f.Value))
            {
                ctx.Error(f.Value is YamlMappingNode ? f.Value : f.KeyNode, $"{f.Path}: priority configuration is empty; please provide valid configuration (e.g. {{10: [\".*small.*\"], 50: [\"big\"]}})");
            }

            return null;
        }

        var result = new List<(int, IReadOnlyList<string>)>();
        var seen = new HashSet<int>();
        int errors = ctx.Diagnostics.ErrorCount;
        foreach (var entry in fields)
        {
            if (!int.TryParse(entry.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int priority))
            {
                ctx.Error(entry.KeyNode, $"{entry.Path}: a priority is an integer (higher wins), got \"{entry.Key}\"");
                continue;
            }

            if (!seen.Add(priority))
            {
                ctx.Error(entry.KeyNode, string.Create(CultureInfo.InvariantCulture, $"{entry.Path}: priority {priority} is given twice"));
                continue;
            }

            var patterns = new List<string>();
            foreach (var item in r.Items(entry.Value, entry.Path))
            {
                if (!r.Text(item.Node, item.Path, out var pattern))
                {
                    ctx.Error(item.Node, $"{item.Path}: expected a node group name pattern (a regular expression)");
                    continue;
                }

                if (Compile(pattern) is { } error)
                {
                    ctx.Error(item.Node, string.Create(CultureInfo.InvariantCulture, $"{item.Path}: Can't compile regexp rule for priority {priority} and rule {pattern}: {error}"));
                    continue;
                }

                patterns.Add(pattern);
            }

            result.Add((priority, patterns));
        }

        return ctx.Diagnostics.ErrorCount == errors ? result : null;
    }

    /// <summary>
    /// Why <paramref name="pattern"/> does not compile, or null. Go's regexp is RE2: no backreferences nor lookaround,
    /// which .NET's non-backtracking engine refuses too; patterns match anywhere in the name (unanchored), as Go's
    /// FindStringIndex does.
    /// </summary>
    private static string? Compile(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        catch (NotSupportedException e)
        {
            return e.Message;
        }
    }

    private static bool Number(LoadContext ctx, YamlField f, out double value) => ctx.Reader.Number(f.Value, f.Path, out value);

    /// <summary>An integer of at least <paramref name="least"/>.</summary>
    private static bool Count(LoadContext ctx, YamlField f, int least, out int value)
    {
        value = 0;
        if (!ctx.Reader.Integer(f.Value, f.Path, out long l))
        {
            return false;
        }

        if (l < least || l > int.MaxValue)
        {
            ctx.Error(f.Value, string.Create(CultureInfo.InvariantCulture, $"{f.Path}: expected an integer of at least {least}, got {l}"));
            return false;
        }

        value = (int)l;
        return true;
    }

    private static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? "";
}
