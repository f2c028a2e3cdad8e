using System.Globalization;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>The flags each verb accepts, and reading them the way pflag does.</summary>
public static partial class KubectlCommandParser
{
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
    private static readonly Flag AutoscalerName = new("name", null, FlagKind.String);
    private static readonly Flag ToRevision = new("to-revision", null, FlagKind.Int);
    private static readonly Flag IgnoreDaemonSets = new("ignore-daemonsets", null, FlagKind.Bool);
    private static readonly Flag DeleteEmptyDirData = new("delete-emptydir-data", null, FlagKind.Bool);
    private static readonly Flag DeleteLocalData = new("delete-local-data", null, FlagKind.Bool);
    private static readonly Flag Overwrite = new("overwrite", null, FlagKind.Bool);
    private static readonly Flag Watch = new("watch", 'w', FlagKind.Bool);
    private static readonly Flag Timeout = new("timeout", null, FlagKind.String);
    private static readonly Flag DisableEviction = new("disable-eviction", null, FlagKind.Bool);

    private static IReadOnlyList<Flag> FlagsFor(string verb, string? sub) => verb switch
    {
        "create" or "apply" => [Namespace, Filename],
        "delete" => [Namespace, Filename, Selector, All, GracePeriod, Force, Now, Wait],
        "get" => [Namespace, Output, Selector, AllNamespaces],
        "describe" => [Namespace, Selector, AllNamespaces],
        "scale" => [Namespace, Replicas],
        "autoscale" => [Namespace, CpuPercent, Min, Max, AutoscalerName],
        "rollout" when sub == "undo" => [Namespace, ToRevision],
        "rollout" when sub == "status" => [Namespace, Watch, Timeout],
        "drain" => [Namespace, IgnoreDaemonSets, DeleteEmptyDirData, DeleteLocalData, Force, GracePeriod, Timeout, DisableEviction],
        "label" or "annotate" => [Namespace, Overwrite],
        "top" => [Namespace, Selector, AllNamespaces],
        _ => [Namespace],
    };

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
}
