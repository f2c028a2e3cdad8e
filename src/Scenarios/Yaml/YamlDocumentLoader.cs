using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// Parses YAML into YamlDotNet's representation model (every node keeps its line and column) after a
/// streaming pre-pass over the parser's events that refuses what the model would choke on or what would
/// make later walks explode: duplicate mapping keys (all of them reported, with go-yaml's words), aliases
/// to unknown or enclosing anchors, nesting deeper than <see cref="MaxDepth"/>, and documents whose
/// expansion through aliases exceeds <see cref="MaxNodes"/> nodes (a "billion laughs" bomb). The pre-pass
/// counts each alias as the size of what it stands for, so it runs in time linear in the text.
/// </summary>
internal static class YamlDocumentLoader
{
    /// <summary>The most nodes one document may expand to, counting each alias as a copy of its anchor.</summary>
    public const long MaxNodes = 100_000;

    /// <summary>The deepest nesting of collections accepted.</summary>
    public const int MaxDepth = 200;

    /// <summary>
    /// The documents of <paramref name="source"/> (an empty document is a null scalar), or null after
    /// reporting errors.
    /// </summary>
    public static List<YamlNode>? Load(YamlSource source, DiagnosticBag diagnostics)
    {
        if (!PrePass(source, diagnostics))
        {
            return null;
        }

        var scanner = new Scanner(new StringReader(source.Text), skipComments: true);
        try
        {
            var stream = new YamlStream();
            stream.Load(new Parser(scanner));
            return stream.Documents.Select(d => d.RootNode).ToList();
        }
        catch (YamlException e)
        {
            diagnostics.Error(source.Map(e.Start), Describe(e));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            diagnostics.Error(source.Map(scanner.CurrentPosition), "invalid YAML: unexpected text (an unclosed bracket or quote?)");
            return null;
        }
    }

    private static bool PrePass(YamlSource source, DiagnosticBag diagnostics)
    {
        var scanner = new Scanner(new StringReader(source.Text), skipComments: true);
        var parser = new Parser(scanner);
        int errors = 0;
        var stack = new List<Frame>();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        long expanded = 0;
        bool documentFailed = false;
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                if (ev is DocumentStart)
                {
                    stack.Clear();
                    sizes.Clear();
                    open.Clear();
                    expanded = 0;
                    documentFailed = false;
                    continue;
                }

                if (documentFailed || ev is StreamStart or StreamEnd or DocumentEnd)
                {
                    continue;
                }

                switch (ev)
                {
                    case Scalar scalar:
                        CheckKey(scalar);
                        expanded++;
                        if (!scalar.Anchor.IsEmpty)
                        {
                            sizes[scalar.Anchor.Value] = 1;
                        }

                        Completed(1);
                        break;
                    case AnchorAlias alias:
                        {
                            string name = alias.Value.Value;
                            if (open.Contains(name))
                            {
                                Fail(alias.Start, $"anchor \"{name}\" value contains itself");
                                break;
                            }

                            if (!sizes.TryGetValue(name, out long size))
                            {
                                Fail(alias.Start, $"unknown anchor \"{name}\" referenced");
                                break;
                            }

                            expanded += size;
                            if (expanded > MaxNodes)
                            {
                                Fail(alias.Start, string.Create(CultureInfo.InvariantCulture, $"document contains excessive aliasing: expanding alias \"*{name}\" takes the document past {MaxNodes} nodes (a YAML alias bomb?)"));
                                break;
                            }

                            Completed(size);
                            break;
                        }

                    case NodeEvent start when start is SequenceStart or MappingStart:
                        expanded++;
                        if (stack.Count >= MaxDepth)
                        {
                            Fail(start.Start, string.Create(CultureInfo.InvariantCulture, $"YAML nested more than {MaxDepth} levels deep"));
                            break;
                        }

                        if (!start.Anchor.IsEmpty)
                        {
                            open.Add(start.Anchor.Value);
                        }

                        bool flow = start is MappingStart { Style: YamlDotNet.Core.Events.MappingStyle.Flow } or SequenceStart { Style: YamlDotNet.Core.Events.SequenceStyle.Flow };
                        stack.Add(new Frame(start is MappingStart, start.Anchor.IsEmpty ? null : start.Anchor.Value) { Start = start.Start, IsFlow = flow });
                        break;
                    case SequenceEnd or MappingEnd:
                        {
                            var frame = stack[^1];
                            stack.RemoveAt(stack.Count - 1);
                            if (frame.Anchor is not null)
                            {
                                open.Remove(frame.Anchor);
                                sizes[frame.Anchor] = frame.Size;
                            }

                            Completed(frame.Size);
                            break;
                        }
                }

                if (!documentFailed && expanded > MaxNodes)
                {
                    Fail(ev.Start, string.Create(CultureInfo.InvariantCulture, $"document has more than {MaxNodes} nodes"));
                }
            }
        }
        catch (YamlException e)
        {
            diagnostics.Error(source.Map(e.Start), Describe(e));
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet fails this way inside an unterminated flow collection; name the bracket.
            var unclosed = stack.LastOrDefault(f => f.IsFlow);
            string where = unclosed is null ? "" : $" inside the {(unclosed.IsMapping ? "{" : "[")} opened at line {source.Map(unclosed.Start).Line}, column {source.Map(unclosed.Start).Column} (is it closed?)";
            diagnostics.Error(source.Map(scanner.CurrentPosition), "invalid YAML: unexpected text" + where);
            return false;
        }

        return errors == 0;

        void Fail(Mark mark, string message)
        {
            diagnostics.Error(source.Map(mark), message);
            errors++;
            documentFailed = true;
        }

        void CheckKey(Scalar scalar)
        {
            if (stack.Count == 0 || !stack[^1].IsMapping || !stack[^1].ExpectKey)
            {
                return;
            }

            var keys = stack[^1].Keys;
            if (keys.TryGetValue(scalar.Value, out var first))
            {
                diagnostics.Error(source.Map(scalar.Start), string.Create(CultureInfo.InvariantCulture, $"mapping key \"{scalar.Value}\" already defined at line {source.Map(first).Line}"));
                errors++;
            }
            else
            {
                keys[scalar.Value] = scalar.Start;
            }
        }

        void Completed(long size)
        {
            if (stack.Count == 0)
            {
                return;
            }

            var parent = stack[^1];
            parent.Size += size;
            if (parent.IsMapping)
            {
                parent.ExpectKey = !parent.ExpectKey;
            }
        }
    }

    /// <summary>YamlDotNet's message, lower-cased and prefixed, e.g. "invalid YAML: while scanning a plain scalar value, found invalid mapping".</summary>
    private static string Describe(YamlException e)
    {
        string message = e.Message.Trim().TrimEnd('.');
        if (message.Length > 0)
        {
            message = char.ToLowerInvariant(message[0]) + message[1..];
        }

        return "invalid YAML: " + message;
    }

    private sealed class Frame(bool isMapping, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public long Size { get; set; } = 1;

        public bool ExpectKey { get; set; } = true;

        public Mark Start { get; init; } = Mark.Empty;

        public bool IsFlow { get; init; }

        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
    }
}
