using System.Globalization;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>spec.load (contract section 6): request rates offered to services and workloads.</summary>
internal static class LoadSection
{
    private static readonly string[] Keys = ["target", "rps", "noise"];

    private static readonly string[] Components = ["constant", "ramp", "steps", "sine", "spike", "csv"];

    private static readonly string[] TargetKinds = ["Service", "Deployment", "ReplicationController", "ReplicaSet"];

    private static readonly string[] Distributions = ["normal", "lognormal", "poisson"];

    public static List<LoadSpec> Read(LoadContext ctx, YamlField section)
    {
        var r = ctx.Reader;
        var result = new List<LoadSpec>();
        foreach (var item in r.Items(section.Value, section.Path))
        {
            var known = ctx.Known(r.Fields(item.Node, item.Path), "a spec.load entry", Keys);
            var location = r.Location(item.Node);
            LoadTarget? target = null;
            if (!known.TryGetValue("target", out var targetField))
            {
                ctx.Error(item.Node, $"{item.Path}: target is required (e.g. target: service/php-apache)");
            }
            else
            {
                target = Target(ctx, targetField);
            }

            var components = new List<RpsComponent>();
            if (!known.TryGetValue("rps", out var rpsField))
            {
                ctx.Error(item.Node, $"{item.Path}: rps is required (e.g. rps: [{{constant: 50}}])");
            }
            else
            {
                var items = r.Items(rpsField.Value, rpsField.Path);
                foreach (var c in items)
                {
                    if (Component(ctx, c) is { } component)
                    {
                        components.Add(component);
                    }
                }

                if (items.Count == 0 && (rpsField.Value is YamlSequenceNode || YamlReader.IsNull(rpsField.Value)))
                {
                    ctx.Error(rpsField.Value, $"{rpsField.Path}: needs at least one component ({string.Join(", ", Components)})");
                }
            }

            NoiseSpec? noise = known.TryGetValue("noise", out var noiseField) ? Noise(ctx, noiseField) : null;
            if (target is not null)
            {
                if (!ctx.CreatedObjects.Any(o => o.Object.Kind == target.Kind && o.Object.Metadata.Name == target.Name && (o.Object.Metadata.Namespace.Length == 0 ? "default" : o.Object.Metadata.Namespace) == target.Namespace))
                {
                    // Load on nothing would silently count as all unserved: almost always a typo in the name.
                    ctx.Error(targetField.Value, $"load target {target} does not exist: no manifest or timeline create/apply makes it");
                }

                result.Add(new LoadSpec(target, components, noise, location));
            }
        }

        return result;
    }

    private static LoadTarget? Target(LoadContext ctx, YamlField field)
    {
        if (!ctx.Reader.Text(field.Value, field.Path, out var text))
        {
            ctx.Error(field.Value, $"{field.Path}: expected KIND/NAME, e.g. service/php-apache");
            return null;
        }

        string[] parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            ctx.Error(field.Value, $"{field.Path}: expected [NAMESPACE/]KIND/NAME, e.g. service/php-apache, got \"{text}\"");
            return null;
        }

        string kindText = parts[^2];
        var resource = ApiResources.Find(kindText);
        if (resource is null || !TargetKinds.Contains(resource.Kind, StringComparer.Ordinal))
        {
            ctx.Error(field.Value, $"{field.Path}: a load target is a service, deployment, replicationcontroller or replicaset, got \"{kindText}\"");
            return null;
        }

        return new LoadTarget(parts.Length == 3 ? parts[0] : "default", resource.Kind, parts[^1]);
    }

    private static RpsComponent? Component(LoadContext ctx, YamlItem item)
    {
        var r = ctx.Reader;
        var fields = r.Fields(item.Node, item.Path);
        if (fields.Count != 1)
        {
            if (item.Node is YamlMappingNode)
            {
                ctx.Error(item.Node, $"{item.Path}: each rps component has exactly one key ({string.Join(", ", Components)})");
            }

            return null;
        }

        var f = fields[0];
        var location = r.Location(item.Node);
        switch (f.Key)
        {
            case "constant":
                return r.Number(f.Value, f.Path, out double constant) ? new ConstantRps(constant, location) : null;
            case "ramp":
                {
                    var p = Params(ctx, f, ["from", "to", "start", "end"], ["from", "to", "start", "end"]);
                    if (p is null || !Num(ctx, p, "from", out double from) | !Num(ctx, p, "to", out double to) | !Time(ctx, p, "start", out var start) | !Time(ctx, p, "end", out var end))
                    {
                        return null;
                    }

                    if (end < start)
                    {
                        ctx.Error(p["end"].Value, $"{p["end"].Path}: the ramp ends before it starts");
                        return null;
                    }

                    return new RampRps(from, to, start, end, location);
                }

            case "steps":
                {
                    var steps = new List<RpsStep>();
                    foreach (var s in r.Items(f.Value, f.Path))
                    {
                        var p = Params(ctx, new YamlField(f.Key, f.KeyNode, s.Node, s.Path), ["at", "rps"], ["at", "rps"]);
                        if (p is not null && Time(ctx, p, "at", out var at) & Num(ctx, p, "rps", out double rps))
                        {
                            steps.Add(new RpsStep(at, rps));
                        }
                    }

                    return new StepsRps(steps, location);
                }

            case "sine":
                {
                    var p = Params(ctx, f, ["amplitude", "period", "phase"], ["amplitude", "period"]);
                    var phase = TimeSpan.Zero;
                    if (p is null || !Num(ctx, p, "amplitude", out double amplitude) | !Time(ctx, p, "period", out var period)
                        | (p.ContainsKey("phase") && !ctx.Reader.Duration(p["phase"].Value, p["phase"].Path, out phase)))
                    {
                        return null;
                    }

                    if (period <= TimeSpan.Zero)
                    {
                        ctx.Error(p["period"].Value, $"{p["period"].Path}: must be greater than zero");
                        return null;
                    }

                    return new SineRps(amplitude, period, phase, location);
                }

            case "spike":
                {
                    var p = Params(ctx, f, ["at", "rps", "for"], ["at", "rps", "for"]);
                    if (p is null || !Time(ctx, p, "at", out var at) | !Num(ctx, p, "rps", out double rps) | !Time(ctx, p, "for", out var duration))
                    {
                        return null;
                    }

                    if (duration <= TimeSpan.Zero)
                    {
                        ctx.Error(p["for"].Value, $"{p["for"].Path}: must be greater than zero");
                        return null;
                    }

                    return new SpikeRps(at, rps, duration, location);
                }

            case "csv":
                return Csv(ctx, f, location);
            default:
                ctx.Error(f.KeyNode, $"unknown rps component \"{f.Key}\" (expected one of: {string.Join(", ", Components)})");
                return null;
        }
    }

    /// <summary>The fields of a component's mapping; unknown keys and missing required keys are errors (null).</summary>
    private static Dictionary<string, YamlField>? Params(LoadContext ctx, YamlField f, string[] allowed, string[] required)
    {
        if (f.Value is not YamlMappingNode)
        {
            ctx.Error(f.Value, $"{f.Path}: expected a mapping with {string.Join(", ", allowed)}");
            return null;
        }

        int errors = ctx.Diagnostics.ErrorCount;
        var known = ctx.Known(ctx.Reader.Fields(f.Value, f.Path), f.Path, allowed);
        foreach (string key in required.Where(k => !known.ContainsKey(k)))
        {
            ctx.Error(f.Value, $"{f.Path}: {key} is required");
        }

        return ctx.Diagnostics.ErrorCount > errors ? null : known;
    }

    private static bool Num(LoadContext ctx, Dictionary<string, YamlField> p, string key, out double value)
    {
        value = 0;
        return p.TryGetValue(key, out var f) && ctx.Reader.Number(f.Value, f.Path, out value);
    }

    private static bool Time(LoadContext ctx, Dictionary<string, YamlField> p, string key, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        return p.TryGetValue(key, out var f) && ctx.Reader.NonNegativeDuration(f.Value, f.Path, out value);
    }

    private static NoiseSpec? Noise(LoadContext ctx, YamlField field)
    {
        var r = ctx.Reader;
        var known = ctx.Known(r.Fields(field.Value, field.Path), field.Path, ["distribution", "cv", "every"]);
        if (!known.TryGetValue("distribution", out var df) || !r.Text(df.Value, df.Path, out var distribution) || !Distributions.Contains(distribution, StringComparer.Ordinal))
        {
            ctx.Error(known.TryGetValue("distribution", out var d2) ? d2.Value : field.Value, $"{field.Path}.distribution: expected one of {string.Join(", ", Distributions)}");
            return null;
        }

        double cv = 0;
        if (known.TryGetValue("cv", out var cvf))
        {
            if (distribution == "poisson")
            {
                ctx.Error(cvf.KeyNode, $"{cvf.Path}: the poisson distribution has no cv (its variance is its mean)");
                return null;
            }

            if (!r.Number(cvf.Value, cvf.Path, out cv))
            {
                return null;
            }

            if (cv < 0)
            {
                ctx.Error(cvf.Value, $"{cvf.Path}: must not be negative");
                return null;
            }
        }
        else if (distribution != "poisson")
        {
            ctx.Error(field.Value, $"{field.Path}: cv is required for the {distribution} distribution");
            return null;
        }

        var every = TimeSpan.FromSeconds(15);
        if (known.TryGetValue("every", out var ef) && !r.PositiveDuration(ef.Value, ef.Path, out every))
        {
            return null;
        }

        return new NoiseSpec(distribution, cv, every, r.Location(field.Value));
    }

    /// <summary>`csv: FILE`: rows time_s,rps (an optional header `time_s,rps`, blank lines and # comments allowed), times increasing.</summary>
    private static CsvRps? Csv(LoadContext ctx, YamlField f, SourceLocation location)
    {
        if (!ctx.Reader.Text(f.Value, f.Path, out var path))
        {
            ctx.Error(f.Value, $"{f.Path}: expected the path of a CSV file with columns time_s,rps");
            return null;
        }

        if (!ctx.TryReadReferenced(path, f.Value, out var resolved, out var text))
        {
            return null;
        }

        var points = new List<CsvPoint>();
        string[] lines = text.Split('\n');
        bool sawData = false;
        int errors = ctx.Diagnostics.ErrorCount;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (!sawData && cells.Length == 2 && cells[0].Trim() == "time_s" && cells[1].Trim() == "rps")
            {
                sawData = true;
                continue;
            }

            sawData = true;
            var at = new SourceLocation(resolved, i + 1, 1);
            if (cells.Length != 2)
            {
                ctx.Diagnostics.Error(at, string.Create(CultureInfo.InvariantCulture, $"expected 2 columns time_s,rps, got {cells.Length}"));
                continue;
            }

            int col2 = cells[0].Length + 2;
            bool okTime = double.TryParse(cells[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds;
            bool okRps = double.TryParse(cells[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double rps) && double.IsFinite(rps);
            if (!okTime)
            {
                ctx.Diagnostics.Error(at, $"time_s: expected a non-negative number of seconds, got \"{cells[0].Trim()}\"");
            }

            if (!okRps)
            {
                ctx.Diagnostics.Error(at with { Column = col2 }, $"rps: expected a number, got \"{cells[1].Trim()}\"");
            }

            if (!okTime || !okRps)
            {
                continue;
            }

            var time = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            if (points.Count > 0 && time <= points[^1].Time)
            {
                ctx.Diagnostics.Error(at, $"time_s {cells[0].Trim()} is not after the previous row's; rows must be in increasing time");
                continue;
            }

            points.Add(new CsvPoint(time, rps));
        }

        if (points.Count == 0 && ctx.Diagnostics.ErrorCount == errors)
        {
            ctx.Error(f.Value, $"{f.Path}: \"{path}\" has no rows (expected columns time_s,rps)");
        }

        return ctx.Diagnostics.ErrorCount > errors ? null : new CsvRps(resolved, points, location);
    }
}
