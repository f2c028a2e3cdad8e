namespace ClusterSim.Scenarios.Kubectl;

/// <summary>create, apply, delete, get and describe.</summary>
public static partial class KubectlCommandParser
{
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
}
