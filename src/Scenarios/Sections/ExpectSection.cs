using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>spec.expect (contract section 6): conditions checked at a time, during an interval, by a deadline, or always.</summary>
internal static class ExpectSection
{
    private static readonly string[] Keys = ["at", "during", "by", "after", "always", "that"];

    private static readonly string[] Modes = ["at", "during", "by", "always"];

    public static List<Expectation> Read(LoadContext ctx, YamlField section, TimeSpan duration, IReadOnlyList<NodePoolSpec> pools)
    {
        var r = ctx.Reader;
        var result = new List<Expectation>();
        foreach (var item in r.Items(section.Value, section.Path))
        {
            var known = ctx.Known(r.Fields(item.Node, item.Path), "a spec.expect entry", Keys);
            if (item.Node is not YamlMappingNode)
            {
                continue;
            }

            int errors = ctx.Diagnostics.ErrorCount;
            var modes = known.Values.Where(f => Modes.Contains(f.Key, StringComparer.Ordinal)).OrderBy(f => f.KeyNode.Start.Index).ToList();
            if (modes.Count == 0)
            {
                ctx.Error(item.Node, $"{item.Path}: an expectation needs one of at: T, during: [A, B], by: T or always: true");
                continue;
            }

            if (modes.Count > 1)
            {
                ctx.Error(modes[1].KeyNode, $"{item.Path}: \"{modes[1].Key}\" cannot be combined with \"{modes[0].Key}\" (one of at, during, by, always)");
                continue;
            }

            var mode = modes[0];
            var after = TimeSpan.Zero;
            if (known.TryGetValue("after", out var afterField))
            {
                if (mode.Key is not ("by" or "always"))
                {
                    ctx.Error(afterField.KeyNode, $"{item.Path}: after applies to by and always, not {mode.Key}");
                }
                else
                {
                    r.NonNegativeDuration(afterField.Value, afterField.Path, out after);
                }
            }

            ExpectationMode kind = ExpectationMode.At;
            TimeSpan start = TimeSpan.Zero;
            TimeSpan? end = null;
            switch (mode.Key)
            {
                case "at":
                    if (r.NonNegativeDuration(mode.Value, mode.Path, out var at))
                    {
                        start = at;
                        end = at;
                    }

                    break;
                case "during":
                    kind = ExpectationMode.During;
                    var bounds = r.Items(mode.Value, mode.Path);
                    if (bounds.Count != 2)
                    {
                        if (mode.Value is YamlSequenceNode || YamlReader.IsNull(mode.Value))
                        {
                            ctx.Error(mode.Value, $"{mode.Path}: expected [START, END], e.g. during: [10m, 30m]");
                        }
                    }
                    else if (r.NonNegativeDuration(bounds[0].Node, bounds[0].Path, out var from) & r.NonNegativeDuration(bounds[1].Node, bounds[1].Path, out var to))
                    {
                        if (to < from)
                        {
                            ctx.Error(bounds[1].Node, $"{mode.Path}: the interval ends before it starts");
                        }

                        start = from;
                        end = to;
                    }

                    break;
                case "by":
                    kind = ExpectationMode.By;
                    if (r.NonNegativeDuration(mode.Value, mode.Path, out var by))
                    {
                        if (by < after)
                        {
                            ctx.Error(mode.Value, $"{mode.Path}: by is before after ({Durations.Format(after)})");
                        }

                        start = after;
                        end = by;
                    }

                    break;
                default:
                    kind = ExpectationMode.Always;
                    if (r.Bool(mode.Value, mode.Path, out bool always) && !always)
                    {
                        ctx.Error(mode.Value, $"{mode.Path}: always takes true (remove the entry to drop it)");
                    }

                    start = after;
                    break;
            }

            if (!known.TryGetValue("that", out var that))
            {
                ctx.Error(item.Node, $"{item.Path}: that is required (e.g. that: deployment/frontend.status.availableReplicas >= 3)");
                continue;
            }

            if (that.Value is not YamlScalarNode thatScalar || YamlReader.IsNull(thatScalar))
            {
                ctx.Error(that.Value, $"{that.Path}: expected a condition such as deployment/frontend.status.availableReplicas >= 3");
                continue;
            }

            string text = thatScalar.Value ?? "";
            if (!ConditionParser.TryParse(text, out var condition, out var error))
            {
                ctx.Diagnostics.Error(ScalarOffsets.Locate(ctx.Source, thatScalar, error.Offset), error.Message);
                continue;
            }

            foreach (var node in new[] { condition.Left, condition.Right }.OfType<RefOperand>().Where(o => o.Kind == "Node"))
            {
                if (!ctx.NodeNames.Contains(node.Name, StringComparer.Ordinal))
                {
                    int offset = text.IndexOf("/" + node.Name + ".", StringComparison.Ordinal);
                    ctx.Diagnostics.Error(ScalarOffsets.Locate(ctx.Source, thatScalar, offset < 0 ? 0 : offset + 1), $"node \"{node.Name}\" is not declared by the scenario");
                }
            }

            foreach (var group in new[] { condition.Left, condition.Right }.OfType<NodeGroupOperand>())
            {
                CheckNodeGroup(ctx, thatScalar, text, group, pools);
            }

            if (duration > TimeSpan.Zero && (end ?? start) > duration)
            {
                ctx.Warning(mode.Value, $"{mode.Path}: {Durations.Format(end ?? start)} is after the end of the run (duration {Durations.Format(duration)})");
            }

            if (ctx.Diagnostics.ErrorCount > errors)
            {
                continue;
            }

            result.Add(new Expectation
            {
                Location = r.Location(item.Node),
                Mode = kind,
                Start = start,
                End = end,
                After = after,
                Condition = condition,
                That = text,
            });
        }

        return result;
    }

    /// <summary>A `nodegroup/POOL` must name an autoscaled pool, and its `cost` needs the pool's price; errors point at the name or the field.</summary>
    private static void CheckNodeGroup(LoadContext ctx, YamlScalarNode that, string text, NodeGroupOperand group, IReadOnlyList<NodePoolSpec> pools)
    {
        string written = "/" + group.Group + ".status." + group.Field;
        int at = text.IndexOf(written, StringComparison.Ordinal);
        int nameOffset = at < 0 ? 0 : at + 1;
        if (FaultParser.PoolError(group.ToString(), group.Group, pools) is { } error)
        {
            ctx.Diagnostics.Error(ScalarOffsets.Locate(ctx.Source, that, nameOffset), error);
        }
        else if (group.Field == "cost" && pools.First(p => p.Name == group.Group).Price is null)
        {
            int fieldOffset = at < 0 ? 0 : at + written.Length - group.Field.Length;
            ctx.Diagnostics.Error(ScalarOffsets.Locate(ctx.Source, that, fieldOffset), $"pool \"{group.Group}\" has no price: give it one (price: PER_NODE_HOUR) to read {group}");
        }
    }
}
