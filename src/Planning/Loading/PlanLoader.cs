using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClusterSim.Planning.Configuring;
using ClusterSim.Planning.Metrics;
using ClusterSim.Planning.Model;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Sections;
using ClusterSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Planning.Loading;

/// <summary>
/// Loads a plan (a `kind: Plan` file, or a scenario with `--vary` flags) into a checked <see cref="PlanSpec"/>.
/// Like the scenario loader it never throws for user errors: each problem is a <see cref="Diagnostic"/> with the
/// file, line and column (or "command line" for a flag). Every configuration of the grid is applied and checked
/// here, before any run, so a sweep never stops half-way on a value the scenario cannot take.
/// </summary>
public static class PlanLoader
{
    public const string Kind = "Plan";

    /// <summary>At most this many configurations in one plan.</summary>
    public const int MaxConfigurations = 10_000;

    /// <summary>At most this many runs in one plan (configurations x runs), shards included.</summary>
    public const long MaxRuns = 10_000_000;

    private static readonly SourceLocation CommandLine = SourceLocation.WholeFile("command line");

    private static readonly string[] TopLevelKeys = ["apiVersion", "kind", "metadata", "spec"];

    private static readonly string[] SpecKeys = ["scenario", "runs", "seed", "target", "vary", "objectives", "cost"];

    private static readonly string[] ObjectiveKeys = ["expectations", "metrics"];

    private static readonly string[] CostKeys = ["currency", "pools", "perCpuHour", "perGiBHour"];

    /// <summary>The plan, or null with the errors; warnings are in the diagnostics either way.</summary>
    public static (PlanSpec? Plan, IReadOnlyList<Diagnostic> Diagnostics) Load(PlanRequest request)
    {
        var bag = new DiagnosticBag();
        if (!SourceFiles.TryRead(request.Path, out var text, out var readError))
        {
            bag.Error(SourceLocation.WholeFile(request.Path), readError!);
            return (null, bag.Items.ToList());
        }

        var source = new YamlSource(request.Path, text);
        var roots = YamlDocumentLoader.Load(source, new DiagnosticBag(quiet: true));
        bool isPlan = roots is [YamlMappingNode root] && root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && kind is YamlScalarNode { Value: Kind };
        var plan = isPlan ? FromPlanFile(request, source, bag) : FromScenario(request, bag);
        return (bag.ErrorCount == 0 ? plan : null, bag.Items.ToList());
    }

    private sealed class Draft
    {
        public string Name = "";
        public string ScenarioPath = "";
        public Scenario? Scenario;
        public long? Seed;
        public int Runs = PlanSpec.DefaultRuns;
        public double Target = PlanSpec.DefaultTarget;
        public bool Expectations = true;
        public readonly List<(string Key, IReadOnlyList<string> Values, SourceLocation At)> Axes = [];
        public readonly List<Objective> Objectives = [];
        public CostModel Cost = CostModel.NodeHours;
        public SourceLocation VaryAt = CommandLine;
    }

    private static PlanSpec? FromScenario(PlanRequest request, DiagnosticBag bag)
    {
        var draft = new Draft { ScenarioPath = request.Path };
        draft.Scenario = LoadScenario(request.Path, bag);
        if (draft.Scenario is null)
        {
            return null;
        }

        draft.Name = draft.Scenario.Name;
        return Finish(draft, request, bag);
    }

    private static Scenario? LoadScenario(string path, DiagnosticBag bag)
    {
        var loaded = ScenarioLoader.Load(path);
        foreach (var d in loaded.Diagnostics)
        {
            bag.Add(d);
        }

        return loaded.Scenario;
    }

    private static PlanSpec? FromPlanFile(PlanRequest request, YamlSource source, DiagnosticBag bag)
    {
        var roots = YamlDocumentLoader.Load(source, bag);
        if (roots is not [YamlMappingNode root])
        {
            return null;
        }

        var ctx = new LoadContext(source, bag);
        var r = ctx.Reader;
        var top = ctx.Known(r.Fields(root, ""), "the plan", TopLevelKeys);
        var draft = new Draft();
        if (top.TryGetValue("apiVersion", out var api) && (!r.Text(api.Value, api.Path, out var v) || v != ScenarioLoader.ApiVersion))
        {
            ctx.Error(api.Value, $"apiVersion: expected {ScenarioLoader.ApiVersion}");
        }

        if (top.TryGetValue("metadata", out var metadata))
        {
            var meta = ctx.Known(r.Fields(metadata.Value, metadata.Path), "metadata", ["name", "description"]);
            if (meta.TryGetValue("name", out var name) && r.Text(name.Value, name.Path, out var n))
            {
                if (n.Length == 0 || n.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
                {
                    ctx.Error(name.Value, $"metadata.name: invalid name \"{n}\": use lower case letters, digits and '-' ([a-z0-9-]+)");
                }

                draft.Name = n;
            }
        }

        if (!top.TryGetValue("spec", out var specField))
        {
            ctx.Error(root, "spec is required (at least spec.scenario and spec.vary)");
            return null;
        }

        var spec = ctx.Known(r.Fields(specField.Value, specField.Path), "spec", SpecKeys);
        draft.VaryAt = r.Location(specField.KeyNode);
        if (!spec.TryGetValue("scenario", out var scenarioField) || !r.Text(scenarioField.Value, scenarioField.Path, out var scenarioPath) || scenarioPath.Length == 0)
        {
            ctx.Error(spec.TryGetValue("scenario", out var sf) ? sf.Value : specField.KeyNode, "spec.scenario: expected the path of the scenario file to sweep (relative to this plan)");
        }
        else
        {
            draft.ScenarioPath = ctx.Resolve(scenarioPath);
            if (!File.Exists(draft.ScenarioPath))
            {
                ctx.Error(scenarioField.Value, $"spec.scenario: file not found: {scenarioPath}");
            }
            else
            {
                draft.Scenario = LoadScenario(draft.ScenarioPath, bag);
            }
        }

        if (spec.TryGetValue("runs", out var runs) && r.Integer(runs.Value, runs.Path, out long runCount))
        {
            if (runCount is < 1 or > 1_000_000)
            {
                ctx.Error(runs.Value, "spec.runs: expected a number of runs per configuration between 1 and 1000000");
            }

            draft.Runs = (int)Math.Clamp(runCount, 1, 1_000_000);
        }

        if (spec.TryGetValue("seed", out var seed) && r.Integer(seed.Value, seed.Path, out long seedValue))
        {
            draft.Seed = seedValue;
        }

        if (spec.TryGetValue("target", out var target) && r.Number(target.Value, target.Path, out double t))
        {
            if (t is <= 0 or >= 1)
            {
                ctx.Error(target.Value, "spec.target: expected a probability between 0 and 1 (exclusive), e.g. 0.95");
            }

            draft.Target = t;
        }

        if (spec.TryGetValue("vary", out var vary))
        {
            draft.VaryAt = r.Location(vary.KeyNode);
            foreach (var axis in r.Fields(vary.Value, vary.Path))
            {
                var at = r.Location(axis.Value);
                IReadOnlyList<string>? values = null;
                if (axis.Value is YamlSequenceNode)
                {
                    // Numbers, quantities and durations alike: each item's text as written.
                    var list = new List<string>();
                    foreach (var item in r.Items(axis.Value, axis.Path))
                    {
                        if (r.Text(item.Node, item.Path, out var itemText))
                        {
                            list.Add(itemText.Trim());
                        }
                    }

                    values = list.Count == 0 || list.Any(v => v.Length == 0 || v.Contains(',', StringComparison.Ordinal)) ? null : AxisValues.Expand(string.Join(",", list), out var listError);
                    if (values is null)
                    {
                        bag.Error(at, $"{axis.Path}: expected a list of values, each listed once");
                    }
                }
                else if (r.Text(axis.Value, axis.Path, out var written))
                {
                    values = AxisValues.Expand(written, out var rangeError);
                    if (values is null)
                    {
                        bag.Error(at, $"{axis.Path}: {rangeError}");
                    }
                }

                if (values is not null)
                {
                    draft.Axes.Add((axis.Key, values, r.Location(axis.KeyNode)));
                }
            }
        }

        if (spec.TryGetValue("objectives", out var objectives))
        {
            var o = ctx.Known(r.Fields(objectives.Value, objectives.Path), "spec.objectives", ObjectiveKeys);
            if (o.TryGetValue("expectations", out var e) && r.Bool(e.Value, e.Path, out bool useExpectations))
            {
                draft.Expectations = useExpectations;
            }

            if (o.TryGetValue("metrics", out var metrics))
            {
                foreach (var item in r.Items(metrics.Value, metrics.Path))
                {
                    if (r.Text(item.Node, item.Path, out var objectiveText))
                    {
                        if (Objective.Parse(objectiveText, out var objectiveError) is { } objective)
                        {
                            draft.Objectives.Add(objective);
                        }
                        else
                        {
                            ctx.Error(item.Node, $"{item.Path}: {objectiveError}");
                        }
                    }
                }
            }
        }

        if (spec.TryGetValue("cost", out var cost))
        {
            draft.Cost = ReadCost(ctx, cost, draft.Scenario);
        }

        if (bag.ErrorCount > 0 || draft.Scenario is null)
        {
            return null;
        }

        if (draft.Name.Length == 0)
        {
            draft.Name = draft.Scenario.Name;
        }

        return Finish(draft, request, bag);
    }

    private static CostModel ReadCost(LoadContext ctx, YamlField cost, Scenario? scenario)
    {
        var r = ctx.Reader;
        var c = ctx.Known(r.Fields(cost.Value, cost.Path), "spec.cost", CostKeys);
        string unit = c.TryGetValue("currency", out var currency) && r.Text(currency.Value, currency.Path, out var cur) && cur.Length > 0 ? cur : "cost";
        var pools = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (c.TryGetValue("pools", out var poolsField))
        {
            foreach (var p in r.Fields(poolsField.Value, poolsField.Path))
            {
                if (Price(ctx, p, out double price))
                {
                    if (scenario is not null && !scenario.Nodes.Any(n => n.Name == p.Key && n.Manifest is null))
                    {
                        ctx.Error(p.KeyNode, $"{p.Path}: the scenario has no node pool named \"{p.Key}\" (pools: {string.Join(", ", scenario.Nodes.Where(n => n.Manifest is null).Select(n => n.Name))})");
                    }

                    pools[p.Key] = price;
                }
            }
        }

        double? perCpu = c.TryGetValue("perCpuHour", out var cpu) && Price(ctx, cpu, out double x) ? x : null;
        double? perGiB = c.TryGetValue("perGiBHour", out var mem) && Price(ctx, mem, out double y) ? y : null;
        if (pools.Count == 0 && perCpu is null && perGiB is null)
        {
            ctx.Error(cost.KeyNode, "spec.cost: give prices per node-hour by pool (pools: {worker: 0.19}) or by size (perCpuHour, perGiBHour); leave cost out to count node-hours");
            return CostModel.NodeHours;
        }

        return new CostModel(unit, pools, perCpu, perGiB);
    }

    private static bool Price(LoadContext ctx, YamlField f, out double price)
    {
        if (!ctx.Reader.Number(f.Value, f.Path, out price))
        {
            return false;
        }

        if (price < 0)
        {
            ctx.Error(f.Value, $"{f.Path}: a price cannot be negative");
            return false;
        }

        return true;
    }

    /// <summary>Applies the flags, checks every axis and every configuration, and builds the plan.</summary>
    private static PlanSpec? Finish(Draft draft, PlanRequest request, DiagnosticBag bag)
    {
        var scenario = draft.Scenario!;
        foreach (var flag in request.Vary)
        {
            int eq = flag.IndexOf('=');
            string? error = null;
            var values = eq > 0 ? AxisValues.Expand(flag[(eq + 1)..], out error) : null;
            if (eq <= 0)
            {
                bag.Error(CommandLine, $"--vary {flag}: expected KEY=VALUES (e.g. nodes.worker.count=3..12)");
                continue;
            }

            if (values is null)
            {
                bag.Error(CommandLine, $"--vary {flag}: {error}");
                continue;
            }

            var key = flag[..eq].Trim();
            int existing = draft.Axes.FindIndex(a => a.Key == key);
            if (existing >= 0)
            {
                draft.Axes[existing] = (key, values, CommandLine);
            }
            else
            {
                draft.Axes.Add((key, values, CommandLine));
            }
        }

        foreach (var text in request.Objectives)
        {
            if (Objective.Parse(text, out var error) is { } objective)
            {
                draft.Objectives.Add(objective);
            }
            else
            {
                bag.Error(CommandLine, $"--objective {text}: {error}");
            }
        }

        if (request.Runs is { } runs)
        {
            if (runs is < 1 or > 1_000_000)
            {
                bag.Error(CommandLine, "--runs: expected a number of runs per configuration between 1 and 1000000");
            }

            draft.Runs = runs;
        }

        if (request.Target is { } target)
        {
            if (target is <= 0 or >= 1)
            {
                bag.Error(CommandLine, "--target: expected a probability between 0 and 1 (exclusive), e.g. 0.95");
            }

            draft.Target = target;
        }

        var duplicate = draft.Axes.GroupBy(a => a.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            bag.Error(duplicate.Skip(1).First().At, $"{duplicate.Key} is varied twice");
        }

        if (draft.Axes.Count == 0)
        {
            bag.Error(draft.VaryAt, "nothing to vary: give at least one axis (--vary nodes.POOL.count=3..12, or spec.vary in a plan file)");
        }

        // Each value alone first, so an error names the one value that is wrong, at its axis.
        foreach (var (key, values, at) in draft.Axes)
        {
            if (SettingKey.Parse(key, out var keyError) is null)
            {
                bag.Error(at, keyError!);
                continue;
            }

            foreach (var value in values)
            {
                if (ScenarioConfigurator.Apply(scenario, [new Setting(key, value)], out var errors) is null)
                {
                    bag.Error(at, errors[0]);
                    break;
                }
            }
        }

        long size = draft.Axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (size > MaxConfigurations)
        {
            bag.Error(draft.VaryAt, $"the grid has {size} configurations; at most {MaxConfigurations} (vary fewer keys or values)");
        }
        else if (size * draft.Runs > MaxRuns)
        {
            bag.Error(draft.VaryAt, $"{size} configurations x {draft.Runs} runs is {size * draft.Runs} runs; at most {MaxRuns} in one plan (fewer runs, or fewer configurations)");
        }

        if (bag.ErrorCount > 0)
        {
            return null;
        }

        var configurations = new List<(Configuration, Scenario)>();
        int reported = 0;
        foreach (var settings in Grid(draft.Axes.Select(a => (a.Key, a.Values)).ToList()))
        {
            var config = new Configuration(configurations.Count, settings);
            var configured = ScenarioConfigurator.Apply(scenario, settings, out var errors);
            if (configured is null)
            {
                foreach (var e in errors.Take(Math.Max(0, 10 - reported)))
                {
                    bag.Error(draft.VaryAt, "configuration " + e);
                    reported++;
                }

                continue;
            }

            configurations.Add((config, configured));
        }

        if (bag.ErrorCount > 0)
        {
            return null;
        }

        var axes = draft.Axes.Select(a => new Axis(a.Key, a.Values)).ToList();
        long baseSeed = request.Seed ?? draft.Seed ?? scenario.Seed;
        var plan = new PlanSpec
        {
            Name = draft.Name,
            ScenarioPath = draft.ScenarioPath,
            Scenario = scenario,
            BaseSeed = baseSeed,
            Runs = draft.Runs,
            Target = draft.Target,
            PointVerdicts = request.Point,
            Axes = axes,
            Configurations = configurations,
            Expectations = draft.Expectations,
            Objectives = draft.Objectives,
            Cost = draft.Cost,
            CanonicalText = Canonical(draft, axes, baseSeed, request.Point),
            Warnings = bag.Items.Where(d => d.Severity == Severity.Warning).ToList(),
        };
        return plan;
    }

    /// <summary>Every combination of the axes' values, first axis slowest.</summary>
    private static IEnumerable<IReadOnlyList<Setting>> Grid(IReadOnlyList<(string Key, IReadOnlyList<string> Values)> axes)
    {
        var index = new int[axes.Count];
        while (true)
        {
            yield return axes.Select((a, i) => new Setting(a.Key, a.Values[index[i]])).ToList();
            int k = axes.Count - 1;
            while (k >= 0 && ++index[k] == axes[k].Values.Count)
            {
                index[k] = 0;
                k--;
            }

            if (k < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Every input that changes a plan's results, one per line in a fixed order: the scenario's text by SHA-256
    /// (so an edited scenario makes a different plan), the seed, runs, target, axes, objectives and cost.
    /// </summary>
    private static string Canonical(Draft d, IReadOnlyList<Axis> axes, long seed, bool point)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("plan ").Append(d.Name).Append('\n');
        sb.Append("scenario ").Append(d.ScenarioPath.Replace('\\', '/')).Append(" sha256:").Append(FileHash(d.ScenarioPath)).Append('\n');
        sb.Append("seed ").Append(seed.ToString(inv)).Append('\n');
        sb.Append("runs ").Append(d.Runs.ToString(inv)).Append('\n');
        sb.Append("target ").Append(d.Target.ToString("R", inv)).Append('\n');
        sb.Append("verdicts ").Append(point ? "point" : "interval").Append('\n');
        foreach (var a in axes)
        {
            sb.Append("vary ").Append(a.Key).Append('=').Append(string.Join(",", a.Values)).Append('\n');
        }

        sb.Append("expectations ").Append(d.Expectations ? "true" : "false").Append('\n');
        foreach (var o in d.Objectives)
        {
            sb.Append("objective ").Append(o.Text).Append('\n');
        }

        sb.Append("cost ").Append(d.Cost.Describe(d.Scenario!.Nodes.Where(n => n.Manifest is null).Select(n => n.Name))).Append('\n');
        return sb.ToString();
    }

    private static string FileHash(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
