using System.Diagnostics.CodeAnalysis;
using ClusterSim.Scenarios.Model;

namespace ClusterSim.Scenarios.Faults;

/// <summary>
/// Parses a `fault:` string: `node-crash NODE`, `node-recover NODE`, `kubelet-stop NODE`, `kubelet-start NODE`,
/// `zone-outage ZONE`, `zone-recover ZONE`, `pod-kill [NS/]POD`, `random-node-crash {mtbf: 6h, mttr: 20m}`,
/// `provision-failure POOL [for DURATION]`, `provision-slow POOL DELAY`. When the scenario's node names, zones and
/// pools are given, targets must be among them (a provision fault's pool must be a node group: it autoscales).
/// </summary>
public static class FaultParser
{
    private static readonly (string Name, FaultType Type)[] Names =
    [
        ("node-crash", FaultType.NodeCrash),
        ("node-recover", FaultType.NodeRecover),
        ("kubelet-stop", FaultType.KubeletStop),
        ("kubelet-start", FaultType.KubeletStart),
        ("zone-outage", FaultType.ZoneOutage),
        ("zone-recover", FaultType.ZoneRecover),
        ("pod-kill", FaultType.PodKill),
        ("random-node-crash", FaultType.RandomNodeCrash),
        ("provision-failure", FaultType.ProvisionFailure),
        ("provision-slow", FaultType.ProvisionSlow),
    ];

    /// <summary>The scenario spelling of a fault type.</summary>
    public static string NameOf(FaultType type) => Names.First(n => n.Type == type).Name;

    /// <summary>The fault type of a spelling, or null.</summary>
    public static FaultType? TypeOf(string name) => Names.Where(n => n.Name == name).Select(n => (FaultType?)n.Type).FirstOrDefault();

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="nodes"/> and <paramref name="zones"/> (when not null) are the
    /// names the scenario declares; an unknown target is an error.
    /// </summary>
    public static bool TryParse(string text, IReadOnlyCollection<string>? nodes, IReadOnlyCollection<string>? zones, [NotNullWhen(true)] out FaultSpec? fault, [NotNullWhen(false)] out ParseError? error) =>
        TryParse(text, nodes, zones, null, out fault, out error);

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="nodes"/>, <paramref name="zones"/> and <paramref name="pools"/>
    /// (when not null) are what the scenario declares; an unknown target is an error.
    /// </summary>
    public static bool TryParse(string text, IReadOnlyCollection<string>? nodes, IReadOnlyCollection<string>? zones, IReadOnlyList<NodePoolSpec>? pools, [NotNullWhen(true)] out FaultSpec? fault, [NotNullWhen(false)] out ParseError? error)
    {
        fault = null;
        var words = Split(text);
        if (words.Count == 0)
        {
            error = new ParseError(0, "empty fault: expected one of " + string.Join(", ", Names.Select(n => n.Name)));
            return false;
        }

        var (name, nameOffset) = words[0];
        if (TypeOf(name) is not { } type)
        {
            // `random-node-crash{...}` written without a space.
            int brace = name.IndexOf('{', StringComparison.Ordinal);
            if (brace > 0 && TypeOf(name[..brace]) == FaultType.RandomNodeCrash)
            {
                return ParseRandom(text, nameOffset + brace, out fault, out error);
            }

            error = new ParseError(nameOffset, $"unknown fault \"{name}\" (expected one of {string.Join(", ", Names.Select(n => n.Name))})");
            return false;
        }

        if (type == FaultType.RandomNodeCrash)
        {
            if (words.Count == 1)
            {
                error = new ParseError(text.Length, "random-node-crash needs {mtbf: DURATION, mttr: DURATION}");
                return false;
            }

            return ParseRandom(text, words[1].Offset, out fault, out error);
        }

        if (type is FaultType.ProvisionFailure or FaultType.ProvisionSlow)
        {
            return ParseProvision(type, text, words, pools, out fault, out error);
        }

        string what = type switch
        {
            FaultType.ZoneOutage or FaultType.ZoneRecover => "zone",
            FaultType.PodKill => "pod",
            _ => "node",
        };
        if (words.Count < 2)
        {
            error = new ParseError(text.Length, $"{name} needs a {what} name");
            return false;
        }

        if (words.Count > 2)
        {
            error = new ParseError(words[2].Offset, $"unexpected \"{words[2].Text}\": {name} takes one {what}");
            return false;
        }

        var (target, offset) = words[1];
        switch (what)
        {
            case "node" when nodes is not null && !nodes.Contains(target, StringComparer.Ordinal):
                error = new ParseError(offset, $"node \"{target}\" is not declared by the scenario ({Known("nodes", nodes)})");
                return false;
            case "zone" when zones is not null && !zones.Contains(target, StringComparer.Ordinal):
                error = new ParseError(offset, $"zone \"{target}\" is not declared by the scenario ({Known("zones", zones)})");
                return false;
            case "pod":
                {
                    string ns = "default";
                    int slash = target.IndexOf('/', StringComparison.Ordinal);
                    if (slash >= 0)
                    {
                        ns = target[..slash];
                        target = target[(slash + 1)..];
                    }

                    if (ns.Length == 0 || target.Length == 0 || target.Contains('/', StringComparison.Ordinal))
                    {
                        error = new ParseError(offset, $"pod-kill takes POD or NAMESPACE/POD, got \"{words[1].Text}\"");
                        return false;
                    }

                    fault = new FaultSpec(type, target, ns);
                    error = null;
                    return true;
                }
        }

        fault = new FaultSpec(type, target);
        error = null;
        return true;
    }

    /// <summary>Builds a random-node-crash from already-parsed parameters (the YAML mapping form).</summary>
    public static FaultSpec RandomNodeCrash(TimeSpan mtbf, TimeSpan mttr) => new(FaultType.RandomNodeCrash, null, null, mtbf, mttr);

    /// <summary>`provision-failure POOL [for DURATION]` or `provision-slow POOL DELAY`, split into <paramref name="words"/>.</summary>
    private static bool ParseProvision(FaultType type, string text, List<(string Text, int Offset)> words, IReadOnlyList<NodePoolSpec>? pools, out FaultSpec? fault, out ParseError? error)
    {
        fault = null;
        string name = words[0].Text;
        bool slow = type == FaultType.ProvisionSlow;
        string usage = slow ? "provision-slow POOL DELAY (e.g. provision-slow worker 10m)" : "provision-failure POOL [for DURATION] (e.g. provision-failure worker for 30m)";
        if (words.Count < 2)
        {
            error = new ParseError(text.Length, $"{name} needs a node group (an autoscaled pool's name): {usage}");
            return false;
        }

        var (pool, poolOffset) = words[1];
        if (pools is not null && PoolError(name, pool, pools) is { } poolError)
        {
            error = new ParseError(poolOffset, poolError);
            return false;
        }

        TimeSpan? duration = null;
        int next = 2;
        if (!slow && words.Count > 2)
        {
            if (words[2].Text != "for")
            {
                error = new ParseError(words[2].Offset, $"unexpected \"{words[2].Text}\": {usage}");
                return false;
            }

            next = 3;
        }

        if (slow || next == 3)
        {
            if (words.Count <= next)
            {
                error = new ParseError(text.Length, slow ? $"provision-slow needs a delay: {usage}" : $"for needs a duration: {usage}");
                return false;
            }

            var (value, valueOffset) = words[next];
            if (!Durations.TryParse(value, out var d, out var derr))
            {
                error = new ParseError(valueOffset, $"{derr} ({Durations.Expected})");
                return false;
            }

            if (slow ? d < TimeSpan.Zero : d <= TimeSpan.Zero)
            {
                error = new ParseError(valueOffset, slow ? "the provisioning delay must not be negative" : "for must be greater than zero");
                return false;
            }

            duration = d;
            next++;
        }

        if (words.Count > next)
        {
            error = new ParseError(words[next].Offset, $"unexpected \"{words[next].Text}\": {usage}");
            return false;
        }

        fault = new FaultSpec(type, pool, Duration: duration);
        error = null;
        return true;
    }

    /// <summary>Why <paramref name="pool"/> is not a node group of <paramref name="pools"/>, or null when it is.</summary>
    internal static string? PoolError(string fault, string pool, IReadOnlyList<NodePoolSpec> pools)
    {
        var groups = pools.Where(p => p.Manifest is null && p.Autoscaling is not null).Select(p => p.Name).ToList();
        if (groups.Contains(pool, StringComparer.Ordinal))
        {
            return null;
        }

        if (pools.Any(p => p.Manifest is null && p.Name == pool))
        {
            return $"pool \"{pool}\" does not autoscale: {fault} needs a node group (a pool with autoscaling: {{min, max}})";
        }

        return $"node group \"{pool}\" is not declared by the scenario ({DidYouMean.Hint(pool, groups)}{Known("node groups", groups)})";
    }

    /// <summary>`{mtbf: D, mttr: D}` starting at <paramref name="start"/>.</summary>
    private static bool ParseRandom(string text, int start, out FaultSpec? fault, out ParseError? error)
    {
        fault = null;
        int close = text.LastIndexOf('}');
        if (text[start] != '{' || close < start)
        {
            error = new ParseError(start, "random-node-crash needs {mtbf: DURATION, mttr: DURATION}");
            return false;
        }

        if (text[(close + 1)..].Trim().Length > 0)
        {
            error = new ParseError(close + 1, "unexpected text after }");
            return false;
        }

        TimeSpan? mtbf = null, mttr = null;
        int pos = start + 1;
        foreach (string part in text[(start + 1)..close].Split(','))
        {
            int partStart = pos;
            int partOffset = partStart + (part.Length - part.TrimStart().Length);
            pos += part.Length + 1;
            if (part.Trim().Length == 0)
            {
                continue;
            }

            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                error = new ParseError(partOffset, $"expected KEY: VALUE, got \"{part.Trim()}\"");
                return false;
            }

            string key = part[..colon].Trim();
            string after = part[(colon + 1)..];
            string value = after.Trim();
            int valueOffset = partStart + colon + 1 + (after.Length - after.TrimStart().Length);
            if (key is not ("mtbf" or "mttr"))
            {
                error = new ParseError(partOffset, $"unknown key \"{key}\" (expected mtbf, mttr)");
                return false;
            }

            if (!Durations.TryParse(value, out var d, out var derr))
            {
                error = new ParseError(valueOffset, $"{key}: {derr} ({Durations.Expected})");
                return false;
            }

            if (d <= TimeSpan.Zero)
            {
                error = new ParseError(valueOffset, $"{key} must be greater than zero");
                return false;
            }

            if (key == "mtbf")
            {
                mtbf = d;
            }
            else
            {
                mttr = d;
            }
        }

        if (mtbf is null || mttr is null)
        {
            error = new ParseError(start, $"random-node-crash needs {(mtbf is null ? "mtbf" : "mttr")} (e.g. {{mtbf: 6h, mttr: 20m}})");
            return false;
        }

        fault = RandomNodeCrash(mtbf.Value, mttr.Value);
        error = null;
        return true;
    }

    private static string Known(string what, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return $"it declares no {what}";
        }

        var shown = names.Take(10).ToList();
        return what + ": " + string.Join(", ", shown) + (names.Count > shown.Count ? ", ..." : "");
    }

    private static List<(string Text, int Offset)> Split(string text)
    {
        var words = new List<(string, int)>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            words.Add((text[start..i], start));
        }

        return words;
    }
}
