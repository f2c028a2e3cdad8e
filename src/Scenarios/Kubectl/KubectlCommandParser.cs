using System.Diagnostics.CodeAnalysis;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// Parses the kubectl command lines of contract section 6 the way kubectl (cobra/pflag) reads them: words
/// split like a shell (single and double quotes, backslash escapes), flags anywhere (`--replicas=3`,
/// `--replicas 3`, `-n ns`, `-nns`), `--` ending flags. Errors carry kubectl's own text where it has one
/// and the offset of the offending word. File arguments are kept as written; the loader resolves and decodes them.
/// </summary>
public static partial class KubectlCommandParser
{
    /// <summary>The verbs supported, sorted.</summary>
    public static readonly IReadOnlyList<string> Verbs =
        ["annotate", "apply", "autoscale", "cordon", "create", "delete", "describe", "drain", "get", "label", "rollout", "scale", "set", "top", "uncordon"];

    private static readonly IReadOnlyList<string> RolloutSubcommands = ["history", "pause", "resume", "status", "undo"];

    private static readonly IReadOnlyList<string> OutputFormats = ["wide", "yaml"];

    /// <summary>
    /// Parses <paramref name="text"/> knowing <paramref name="customResources"/> besides the kinds the simulator serves: the
    /// custom resources of the scenario's manifests so far, which kubectl can then name (`kubectl get servicemonitors`).
    /// </summary>
    public static bool TryParse(string text, IReadOnlyCollection<ClusterSim.Sim.Api.ApiResource> customResources, [NotNullWhen(true)] out KubectlCommand? command, [NotNullWhen(false)] out ParseError? error)
    {
        var saved = t_customResources;
        t_customResources = customResources;
        try
        {
            return TryParse(text, out command, out error);
        }
        finally
        {
            t_customResources = saved;
        }
    }

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
            "top" => Top(command, values, args, text),
            _ => LabelOrAnnotate(command, values, args, text),
        };
    }

    private sealed class Failure(int offset, string message) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
