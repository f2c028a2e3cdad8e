using System.Globalization;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>scale, autoscale, set image and rollout.</summary>
public static partial class KubectlCommandParser
{
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

    /// <summary>
    /// autoscale (cmd/autoscale/autoscale.go, v1.32): --max is a required flag (cobra's message), then Validate's
    /// checks. --min of 0 or less is left unset and a negative --cpu-percent means no target, as kubectl does;
    /// --cpu-percent=0 is sent and refused by the API server at run time.
    /// </summary>
    private static KubectlCommand Autoscale(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        var (kind, name) = SingleResource(args, text, "autoscale");
        RequireKind(kind, args[0], "autoscale", "Deployment", "ReplicaSet", "ReplicationController");
        if (!values.Has(Max))
        {
            throw new Failure(text.Length, "required flag(s) \"max\" not set");
        }

        int max = values.Int(Max)!.Value;
        int min = values.Int(Min) ?? -1;
        int cpu = values.Int(CpuPercent) ?? -1;
        if (max < 1)
        {
            throw new Failure(values.Offset(Max), string.Create(CultureInfo.InvariantCulture, $"--max=MAXPODS is required and must be at least 1, max: {max}"));
        }

        if (max < min)
        {
            throw new Failure(values.Offset(Max), string.Create(CultureInfo.InvariantCulture, $"--max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}"));
        }

        return c with
        {
            Kinds = [kind],
            Names = [name],
            Max = max,
            Min = min > 0 ? min : null,
            CpuPercent = cpu >= 0 ? cpu : null,
            AutoscalerName = values.String(AutoscalerName),
        };
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

        if (images.Count > 1 && images.Any(i => i.Container == "*"))
        {
            throw new Failure(pairs[0].Offset, "all containers are already specified by *, but saw more than one container_name=container_image pairs");
        }

        return c with { Kinds = kinds, Names = names, Images = images };
    }

    private static KubectlCommand Rollout(KubectlCommand c, FlagValues values, List<Word> args, string text)
    {
        var (kind, name) = SingleResource(args, text, "rollout " + c.Subcommand);
        RequireKind(kind, args[0], "rollout " + c.Subcommand, "Deployment");
        if (values.String(Timeout) is { } timeout && !Durations.TryParse(timeout, out _, out var durationError))
        {
            throw new Failure(values.Offset(Timeout), $"invalid argument \"{timeout}\" for \"--timeout\" flag: {durationError}");
        }

        int? revision = values.Int(ToRevision);
        if (revision is < 0)
        {
            throw new Failure(values.Offset(ToRevision), "revision must be a positive integer");
        }

        return c with { Kinds = [kind], Names = [name], ToRevision = revision };
    }
}
