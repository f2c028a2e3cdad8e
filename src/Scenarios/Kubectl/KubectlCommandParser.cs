using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// Parses the kubectl command lines of contract section 6 the way kubectl (cobra/pflag) reads them: words
/// split like a shell (single and double quotes, backslash escapes), flags anywhere (`--replicas=3`,
/// `--replicas 3`, `-n ns`, `-nns`), `--` ending flags. Errors carry kubectl's own text where it has one
/// and the offset of the offending word. File arguments are kept as written; the loader resolves and decodes them.
/// </summary>
public static class KubectlCommandParser
{
    /// <summary>The verbs supported, sorted.</summary>
    public static readonly IReadOnlyList<string> Verbs =
        ["annotate", "apply", "autoscale", "cordon", "create", "delete", "describe", "drain", "get", "label", "rollout", "scale", "set", "uncordon"];

    private static readonly IReadOnlyList<string> RolloutSubcommands = ["history", "pause", "resume", "status", "undo"];

    private static readonly IReadOnlyList<string> OutputFormats = ["wide", "yaml"];

    private static readonly Flag Namespace = new("namespace", 'n', FlagKind.String);
    private static readonly Flag Filename = new("filename", 'f', FlagKind.String);
    private static readonly Flag Selector = new("selector", 'l', FlagKind.String);
    private static readonly Flag AllNamespaces = new("all-namespaces", 'A', FlagKind.Bool);
    private static readonly Flag Output = new("output", 'o', FlagKind.String);
    private static readonly Flag All = new("all", null, FlagKind.Bool);
    private static readonly Flag GracePeriod = new("grace-period", null, FlagKind.Int);
    private static readonly Flag Force = new("force", null, FlagKind.Bool);
    private static readonly Flag Now = new("now", null, FlagKind.Bool);
    private static readonly Flag Wait = new("wait", null, FlagKind.Bool);
    private static readonly Flag Replicas = new("replicas", null, FlagKind.Int);
    private static readonly Flag CpuPercent = new("cpu-percent", null, FlagKind.Int);
    private static readonly Flag Min = new("min", null, FlagKind.Int);
    private static readonly Flag Max = new("max", null, FlagKind.Int);
    private static readonly Flag ToRevision = new("to-revision", null, FlagKind.Int);
    private static readonly Flag IgnoreDaemonSets = new("ignore-daemonsets", null, FlagKind.Bool);
    private static readonly Flag DeleteEmptyDirData = new("delete-emptydir-data", null, FlagKind.Bool);
    private static readonly Flag DeleteLocalData = new("delete-local-data", null, FlagKind.Bool);
    private static readonly Flag Overwrite = new("overwrite", null, FlagKind.Bool);

    /// <summary>Parses <paramref name="text"/> (the whole `run:` value, starting with `kubectl`).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out KubectlCommand? command, [NotNullWhen(false)] out ParseError? error)
    {
        try
        {
            command = Parse(text);
            error = null;
            return true;
        }
        catch (Failure f)
        {
            command = null;
            error = new ParseError(f.Offset, f.Message);
            return false;
        }
    }

    private static KubectlCommand Parse(string text)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            throw new Failure(0, "empty command: expected a kubectl command");
        }

        if (words[0].Text != "kubectl")
        {
            throw new Failure(words[0].Offset, $"only kubectl commands can be run, got \"{words[0].Text}\"");
        }

        // Flags may come before the verb (kubectl -n ns get pods); only --namespace makes sense there.
        int i = 1;
        var leading = new List<Word>();
        while (i < words.Count && words[i].Text.StartsWith('-') && words[i].Text != "--")
        {
            leading.Add(words[i]);
            bool needsValue = words[i].Text is "-n" or "--namespace";
            i++;
            if (needsValue && i < words.Count)
            {
                leading.Add(words[i]);
                i++;
            }
        }

        if (i >= words.Count)
        {
            throw new Failure(text.Length, "missing command: expected one of " + string.Join(", ", Verbs));
        }

        var verbWord = words[i];
        string verb = verbWord.Text;
        if (!Verbs.Contains(verb, StringComparer.Ordinal))
        {
            throw new Failure(verbWord.Offset, $"unknown command \"{verb}\" for \"kubectl\"");
        }

        var rest = leading.Concat(words.Skip(i + 1)).ToList();
        string? sub = null;
        if (verb is "set" or "rollout")
        {
            int subIndex = -1;
            for (int k = 0; k < rest.Count && subIndex < 0; k++)
            {
                if (rest[k].Text is "-n" or "--namespace")
                {
                    k++;
                }
                else if (!rest[k].Text.StartsWith('-'))
                {
                    subIndex = k;
                }
            }

            var allowed = verb == "set" ? ["image"] : RolloutSubcommands;
            if (subIndex < 0)
            {
                throw new Failure(text.Length, $"kubectl {verb}: missing subcommand (one of {string.Join(", ", allowed)})");
            }

            sub = rest[subIndex].Text;
            if (!allowed.Contains(sub, StringComparer.Ordinal))
            {
                throw new Failure(rest[subIndex].Offset, $"unknown command \"{sub}\" for \"kubectl {verb}\"");
            }

            rest.RemoveAt(subIndex);
        }

        var flags = FlagsFor(verb, sub);
        var (values, args) = ParseFlags(rest, flags);
        var command = new KubectlCommand
        {
            Text = text,
            Verb = verb,
            Subcommand = sub,
            Namespace = values.String(Namespace),
        };

        if (values.Has(Selector))
        {
            string selector = values.String(Selector)!;
            try
            {
                ClusterSim.Sim.Api.Selector.Parse(selector);
            }
            catch (FormatException e)
            {
                throw new Failure(values.Offset(Selector), e.Message);
            }

            command = command with { LabelSelector = selector };
        }

        return verb switch
        {
            "create" or "apply" => CreateOrApply(command, values, args),
            "delete" => Delete(command, values, args),
            "get" => Get(command, values, args, text),
            "describe" => Describe(command, values, args, text),
            "scale" => Scale(command, values, args, text),
            "autoscale" => Autoscale(command, values, args, text),
            "set" => SetImage(command, args, text),
            "rollout" => Rollout(command, values, args, text),
            "cordon" or "uncordon" or "drain" => NodeCommand(command, values, args, text),
            _ => LabelOrAnnotate(command, values, args, text),
        };
    }

    private static IReadOnlyList<Flag> FlagsFor(string verb, string? sub) => verb switch
    {
        "create" or "apply" => [Namespace, Filename],
        "delete" => [Namespace, Filename, Selector, All, GracePeriod, Force, Now, Wait],
        "get" => [Namespace, Output, Selector, AllNamespaces],
        "describe" => [Namespace, Selector, AllNamespaces],
        "scale" => [Namespace, Replicas],
        "autoscale" => [Namespace, CpuPercent, Min, Max],
        "rollout" when sub == "undo" => [Namespace, ToRevision],
        "drain" => [Namespace, IgnoreDaemonSets, DeleteEmptyDirData, DeleteLocalData, Force, GracePeriod],
        "label" or "annotate" => [Namespace, Overwrite],
        _ => [Namespace],
    };

    private static KubectlCommand CreateOrApply(KubectlCommand c, FlagValues values, List<Word> args)
    {
        if (args.Count > 0)
        {
            throw new Failure(args[0].Offset, "Unexpected args: [" + string.Join(" ", args.Select(a => a.Text)) + "]");
        }

        if (!values.Has(Filename))
        {
            throw new Failure(c.Text.Length, "must specify one of -f and -k");
        }

        return WithFiles(c, values);
    }

    private static KubectlCommand WithFiles(KubectlCommand c, FlagValues values)
    {
        var files = values.All(Filename);
        return c with { Files = files.Select(f => f.Value).ToList(), FileArguments = files.Select(f => (f.Value, f.Offset)).ToList() };
    }

    private static KubectlCommand Delete(KubectlCommand c, FlagValues values, List<Word> args)
    {
        c = c with
        {
            All = values.Bool(All),
            Force = values.Bool(Force),
            GracePeriod = values.Bool(Now) ? 1 : values.Int(GracePeriod),
        };
        if (values.Has(Filename))
        {
            if (args.Count > 0)
            {
                throw new Failure(args[0].Offset, "cannot use resource arguments together with -f");
            }

            return WithFiles(c, values);
        }

        if (args.Count == 0)
        {
            throw new Failure(c.Text.Length, "You must provide one or more resources by argument or filename.");
        }

        var (kinds, names) = Resources(args, allowAll: false);
        if (names.Count == 0 && !c.All && c.LabelSelector is null)
        {
            throw new Failure(args[^1].Offset, "resource(s) were provided, but no name was specified");
        }

        return c with { Kinds = kinds, Names = names };
    }

    private static KubectlCommand Get(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        if (args.Count == 0)
        {
            throw new Failure(text.Length, "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
        }

        string? output = values.String(Output);
        if (output is not null && !OutputFormats.Contains(output, StringComparer.Ordinal))
        {
            throw new Failure(values.Offset(Output), $"unable to match a printer suitable for the output format \"{output}\", allowed formats are: {string.Join(",", OutputFormats)}");
        }

        var (kinds, names) = Resources(args, allowAll: true);
        return c with { Kinds = kinds, Names = names, Output = output, AllNamespaces = values.Bool(AllNamespaces) };
    }

    private static KubectlCommand Describe(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        if (args.Count == 0)
        {
            throw new Failure(text.Length, "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
        }

        var (kinds, names) = Resources(args, allowAll: false);
        return c with { Kinds = kinds, Names = names, AllNamespaces = values.Bool(AllNamespaces) };
    }

    private static KubectlCommand Scale(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        var (kind, name) = SingleResource(args, text, "scale");
        if (!values.Has(Replicas))
        {
            throw new Failure(text.Length, "required flag(s) \"replicas\" not set");
        }

        int replicas = values.Int(Replicas)!.Value;
        if (replicas < 0)
        {
            throw new Failure(values.Offset(Replicas), "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        }

        RequireKind(kind, args[0], "scale", "Deployment", "ReplicaSet", "ReplicationController");
        return c with { Kinds = [kind], Names = [name], Replicas = replicas };
    }

    private static KubectlCommand Autoscale(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        var (kind, name) = SingleResource(args, text, "autoscale");
        RequireKind(kind, args[0], "autoscale", "Deployment", "ReplicaSet", "ReplicationController");
        int max = values.Int(Max) ?? -1;
        int? min = values.Int(Min);
        int? cpu = values.Int(CpuPercent);
        int maxOffset = values.Has(Max) ? values.Offset(Max) : text.Length;
        if (max < 1)
        {
            throw new Failure(maxOffset, string.Create(CultureInfo.InvariantCulture, $"--max=MAXPODS is required and must be at least 1, max: {max}"));
        }

        if (min is { } m && m > max)
        {
            throw new Failure(maxOffset, string.Create(CultureInfo.InvariantCulture, $"--max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {m}"));
        }

        if (min is < 1)
        {
            throw new Failure(values.Offset(Min), string.Create(CultureInfo.InvariantCulture, $"--min=MINPODS must be at least 1, min: {min}"));
        }

        if (cpu is < 1)
        {
            throw new Failure(values.Offset(CpuPercent), string.Create(CultureInfo.InvariantCulture, $"--cpu-percent must be at least 1, cpu-percent: {cpu}"));
        }

        return c with { Kinds = [kind], Names = [name], Max = max, Min = min, CpuPercent = cpu };
    }

    private static KubectlCommand SetImage(KubectlCommand c, List<Word> args, string text)
    {
        var resources = args.Where(a => !a.Text.Contains('=', StringComparison.Ordinal)).ToList();
        var pairs = args.Where(a => a.Text.Contains('=', StringComparison.Ordinal)).ToList();
        if (resources.Count == 0)
        {
            throw new Failure(text.Length, "one or more resources must be specified as <resource> <name> or <resource>/<name>");
        }

        var (kinds, names) = Resources(resources, allowAll: false);
        if (names.Count == 0)
        {
            throw new Failure(resources[^1].Offset, "resource(s) were provided, but no name was specified");
        }

        foreach (var (kind, word) in kinds.Zip(resources))
        {
            RequireKind(kind, word, "set image", "Pod", "Deployment", "ReplicaSet", "ReplicationController");
        }

        if (pairs.Count == 0)
        {
            throw new Failure(text.Length, "at least one image update is required");
        }

        var images = new List<ImageUpdate>();
        foreach (var p in pairs)
        {
            int eq = p.Text.IndexOf('=', StringComparison.Ordinal);
            string container = p.Text[..eq], image = p.Text[(eq + 1)..];
            if (container.Length == 0 || image.Length == 0)
            {
                throw new Failure(p.Offset, $"invalid image update \"{p.Text}\": expected CONTAINER=IMAGE");
            }

            images.Add(new ImageUpdate(container, image));
        }

        return c with { Kinds = kinds, Names = names, Images = images };
    }

    private static KubectlCommand Rollout(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        var (kind, name) = SingleResource(args, text, "rollout " + c.Subcommand);
        RequireKind(kind, args[0], "rollout " + c.Subcommand, "Deployment");
        int? revision = values.Int(ToRevision);
        if (revision is < 0)
        {
            throw new Failure(values.Offset(ToRevision), "revision must be a positive integer");
        }

        return c with { Kinds = [kind], Names = [name], ToRevision = revision };
    }

    private static KubectlCommand NodeCommand(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        if (args.Count == 0)
        {
            throw new Failure(text.Length, $"kubectl {c.Verb}: a node name is required (kubectl {c.Verb} NODE)");
        }

        if (args.Count > 1)
        {
            throw new Failure(args[1].Offset, $"unexpected argument \"{args[1].Text}\": kubectl {c.Verb} takes one node");
        }

        string node = args[0].Text;
        int offset = args[0].Offset;
        int slash = node.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (ApiResources.Find(node[..slash])?.Kind != "Node")
            {
                throw new Failure(offset, $"kubectl {c.Verb} takes a node name, got \"{node}\"");
            }

            node = node[(slash + 1)..];
        }

        return c with
        {
            Kinds = ["Node"],
            Names = [node],
            Node = node,
            NodeOffset = offset,
            IgnoreDaemonSets = values.Bool(IgnoreDaemonSets),
            DeleteEmptyDirData = values.Bool(DeleteEmptyDirData) || values.Bool(DeleteLocalData),
            Force = values.Bool(Force),
            GracePeriod = values.Int(GracePeriod),
        };
    }

    private static KubectlCommand LabelOrAnnotate(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        var resources = new List<Word>();
        var updates = new List<MetadataUpdate>();
        foreach (var a in args)
        {
            int eq = a.Text.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                string key = a.Text[..eq];
                if (key.Length == 0)
                {
                    throw new Failure(a.Offset, $"invalid {c.Verb} spec: {a.Text}");
                }

                updates.Add(new MetadataUpdate(key, a.Text[(eq + 1)..]));
            }
            else if (a.Text.Length > 1 && a.Text.EndsWith('-') && resources.Count > 0)
            {
                updates.Add(new MetadataUpdate(a.Text[..^1], null));
            }
            else
            {
                resources.Add(a);
            }
        }

        if (resources.Count == 0)
        {
            throw new Failure(text.Length, "one or more resources must be specified as <resource> <name> or <resource>/<name>");
        }

        var (kinds, names) = Resources(resources, allowAll: false);
        if (names.Count == 0)
        {
            throw new Failure(resources[^1].Offset, "resource(s) were provided, but no name was specified");
        }

        if (updates.Count == 0)
        {
            throw new Failure(text.Length, c.Verb == "label" ? "at least one label update is required" : "at least one annotation update is required");
        }

        return c with { Kinds = kinds, Names = names, Updates = updates, Overwrite = values.Bool(Overwrite) };
    }

    /// <summary>Exactly one object: `KIND NAME` or `KIND/NAME`.</summary>
    private static (string Kind, string Name) SingleResource(List<Word> args, string text, string verb)
    {
        if (args.Count == 0)
        {
            throw new Failure(text.Length, $"kubectl {verb}: expected KIND NAME or KIND/NAME");
        }

        var (kinds, names) = Resources(args, allowAll: false);
        if (names.Count == 0)
        {
            throw new Failure(args[^1].Offset, "resource(s) were provided, but no name was specified");
        }

        if (kinds.Count > 1 || names.Count > 1)
        {
            throw new Failure(args[^1].Offset, $"kubectl {verb} takes one object, got {names.Count}");
        }

        return (kinds[0], names[0]);
    }

    /// <summary>`TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...` (one kind), as kubectl's resource builder reads them.</summary>
    private static (List<string> Kinds, List<string> Names) Resources(List<Word> args, bool allowAll)
    {
        var kinds = new List<string>();
        var names = new List<string>();
        if (args[0].Text.Contains('/', StringComparison.Ordinal))
        {
            foreach (var a in args)
            {
                int slash = a.Text.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    throw new Failure(a.Offset, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
                }

                string kind = ResolveKind(a.Text[..slash], a.Offset);
                string name = a.Text[(slash + 1)..];
                if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
                {
                    throw new Failure(a.Offset, $"arguments in resource/name form must have a single resource and name, got \"{a.Text}\"");
                }

                if (kinds.Count > 0 && kinds[0] != kind)
                {
                    throw new Failure(a.Offset, "resource/name arguments of different kinds in one command are not supported; use one command per kind");
                }

                if (kinds.Count == 0)
                {
                    kinds.Add(kind);
                }

                names.Add(name);
            }

            return (kinds, names);
        }

        int offset = args[0].Offset;
        foreach (string part in args[0].Text.Split(','))
        {
            if (part.Length == 0)
            {
                throw new Failure(offset, $"the server doesn't have a resource type \"{part}\"");
            }

            if (allowAll && part == "all")
            {
                foreach (var k in new[] { "Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet", "HorizontalPodAutoscaler" })
                {
                    if (!kinds.Contains(k))
                    {
                        kinds.Add(k);
                    }
                }
            }
            else
            {
                string kind = ResolveKind(part, offset);
                if (!kinds.Contains(kind))
                {
                    kinds.Add(kind);
                }
            }

            offset += part.Length + 1;
        }

        foreach (var a in args.Skip(1))
        {
            if (a.Text.Contains('/', StringComparison.Ordinal))
            {
                throw new Failure(a.Offset, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
            }

            names.Add(a.Text);
        }

        return (kinds, names);
    }

    private static string ResolveKind(string name, int offset) =>
        ApiResources.Find(name)?.Kind ?? throw new Failure(offset, $"the server doesn't have a resource type \"{name}\"");

    private static void RequireKind(string kind, Word word, string verb, params string[] allowed)
    {
        if (!allowed.Contains(kind, StringComparer.Ordinal))
        {
            throw new Failure(word.Offset, $"kubectl {verb} does not support {ApiResources.ForKind(kind).Resource} (supported: {string.Join(", ", allowed.Select(k => ApiResources.ForKind(k).Resource))})");
        }
    }

    /// <summary>pflag: `--name=value`, `--name value`, `-x value`, `-xvalue`, `-x=value`, bool flags without a value, `--` ends flags.</summary>
    private static (FlagValues Values, List<Word> Args) ParseFlags(List<Word> words, IReadOnlyList<Flag> flags)
    {
        var values = new FlagValues();
        var args = new List<Word>();
        for (int i = 0; i < words.Count; i++)
        {
            var w = words[i];
            string t = w.Text;
            if (t == "--")
            {
                args.AddRange(words.Skip(i + 1));
                break;
            }

            if (t.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = t.IndexOf('=', StringComparison.Ordinal);
                string name = eq < 0 ? t[2..] : t[2..eq];
                var flag = flags.FirstOrDefault(f => f.Long == name) ?? throw new Failure(w.Offset, "unknown flag: --" + name);
                if (eq >= 0)
                {
                    values.Set(flag, t[(eq + 1)..], w.Offset + eq + 1, "--" + name);
                }
                else if (flag.Kind == FlagKind.Bool)
                {
                    values.Set(flag, "true", w.Offset, "--" + name);
                }
                else if (i + 1 < words.Count)
                {
                    i++;
                    values.Set(flag, words[i].Text, words[i].Offset, "--" + name);
                }
                else
                {
                    throw new Failure(w.Offset, "flag needs an argument: --" + name);
                }
            }
            else if (t.Length > 1 && t[0] == '-' && !char.IsAsciiDigit(t[1]))
            {
                for (int k = 1; k < t.Length; k++)
                {
                    char s = t[k];
                    var flag = flags.FirstOrDefault(f => f.Short == s) ?? throw new Failure(w.Offset + k, $"unknown shorthand flag: '{s}' in {t}");
                    if (flag.Kind == FlagKind.Bool)
                    {
                        values.Set(flag, "true", w.Offset + k, "-" + s);
                        continue;
                    }

                    string rest = t[(k + 1)..];
                    if (rest.Length > 0)
                    {
                        int skip = rest[0] == '=' ? 1 : 0;
                        values.Set(flag, rest[skip..], w.Offset + k + 1 + skip, "-" + s);
                    }
                    else if (i + 1 < words.Count)
                    {
                        i++;
                        values.Set(flag, words[i].Text, words[i].Offset, "-" + s);
                    }
                    else
                    {
                        throw new Failure(w.Offset, $"flag needs an argument: '{s}' in {t}");
                    }

                    break;
                }
            }
            else
            {
                args.Add(w);
            }
        }

        return (values, args);
    }

    /// <summary>Splits like a POSIX shell: whitespace separates words; '...' is literal; "..." allows \" \\ \$ \`; \ escapes outside quotes.</summary>
    private static List<Word> Words(string text)
    {
        var words = new List<Word>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            var sb = new StringBuilder();
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                char ch = text[i];
                if (ch == '\'')
                {
                    int close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new Failure(i, "unterminated quoted string");
                    }

                    sb.Append(text, i + 1, close - i - 1);
                    i = close + 1;
                }
                else if (ch == '"')
                {
                    int open = i;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new Failure(open, "unterminated quoted string");
                        }

                        if (text[i] == '"')
                        {
                            i++;
                            break;
                        }

                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        sb.Append(text[i]);
                        i++;
                    }
                }
                else if (ch == '\\' && i + 1 < text.Length)
                {
                    sb.Append(text[i + 1]);
                    i += 2;
                }
                else
                {
                    sb.Append(ch);
                    i++;
                }
            }

            words.Add(new Word(sb.ToString(), start));
        }

        return words;
    }

    private readonly record struct Word(string Text, int Offset);

    private enum FlagKind
    {
        String,
        Int,
        Bool,
    }

    private sealed record Flag(string Long, char? Short, FlagKind Kind);

    private sealed class FlagValues
    {
        private readonly Dictionary<string, List<(string Value, int Offset)>> _values = new(StringComparer.Ordinal);

        public void Set(Flag flag, string value, int offset, string spelled)
        {
            switch (flag.Kind)
            {
                case FlagKind.Int when !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                    throw new Failure(offset, $"invalid argument \"{value}\" for \"{spelled}\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax");
                case FlagKind.Bool when value is not ("true" or "false" or "1" or "0" or "t" or "f" or "T" or "F" or "TRUE" or "FALSE" or "True" or "False"):
                    throw new Failure(offset, $"invalid argument \"{value}\" for \"{spelled}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax");
            }

            if (!_values.TryGetValue(flag.Long, out var list))
            {
                _values[flag.Long] = list = [];
            }

            // Repeated flags: -f accumulates; others keep the last value, as pflag does.
            if (flag.Long != "filename")
            {
                list.Clear();
            }

            list.Add((value, offset));
        }

        public bool Has(Flag flag) => _values.ContainsKey(flag.Long);

        public string? String(Flag flag) => _values.TryGetValue(flag.Long, out var l) ? l[^1].Value : null;

        public IReadOnlyList<(string Value, int Offset)> All(Flag flag) => _values.TryGetValue(flag.Long, out var l) ? l : [];

        public int Offset(Flag flag) => _values.TryGetValue(flag.Long, out var l) ? l[^1].Offset : 0;

        public int? Int(Flag flag) => String(flag) is { } s ? int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

        public bool Bool(Flag flag) => String(flag) is "true" or "1" or "t" or "T" or "TRUE" or "True";
    }

    private sealed class Failure(int offset, string message) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
