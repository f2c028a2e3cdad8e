using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>Resource arguments: `TYPE[,TYPE...] [NAME...]`, `TYPE/NAME...`, and the kinds a verb accepts.</summary>
public static partial class KubectlCommandParser
{
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

    // The custom resources the scenario's manifests bring (as a CRD installed in a cluster makes its resource known to
    // kubectl), for the parse under way on this thread: see TryParse.
    [ThreadStatic]
    private static IReadOnlyCollection<ApiResource>? t_customResources;

    /// <summary>A kind by kubectl's spelling: a served kind's names, or a custom resource's kind, plural or singular.</summary>
    private static string ResolveKind(string name, int offset) =>
        (ApiResources.Find(name) ?? FindCustom(name))?.Kind ?? throw new Failure(offset, $"the server doesn't have a resource type \"{name}\"");

    private static ApiResource? FindCustom(string name) =>
        t_customResources?.FirstOrDefault(r => string.Equals(r.Kind, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.Resource, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.Singular, name, StringComparison.OrdinalIgnoreCase));

    private static void RequireKind(string kind, Word word, string verb, params string[] allowed)
    {
        string Resource(string k) => (ApiResources.IsServed(k) ? ApiResources.ForKind(k) : FindCustom(k))?.Resource ?? k;
        if (!allowed.Contains(kind, StringComparer.Ordinal))
        {
            throw new Failure(word.Offset, $"kubectl {verb} does not support {Resource(kind)} (supported: {string.Join(", ", allowed.Select(Resource))})");
        }
    }
}
