namespace ClusterSim.Scenarios.Kubectl;

/// <summary>label and annotate.</summary>
public static partial class KubectlCommandParser
{
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
}
